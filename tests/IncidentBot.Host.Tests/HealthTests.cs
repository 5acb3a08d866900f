using System.Net;
using System.Text.Json;

namespace IncidentBot.Host.Tests;

public sealed class HealthTests(IncidentBotApp app) : IClassFixture<IncidentBotApp>
{
    [Fact]
    public async Task Liveness_answers_200_while_the_process_runs()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await StatusOf(response)).ShouldBe("Healthy");
    }

    [Fact]
    public async Task Readiness_answers_200_once_the_database_is_reachable_and_migrated()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("status").GetString().ShouldBe("Healthy");
        body.RootElement.GetProperty("checks").GetArrayLength().ShouldBeGreaterThan(0, "storage registers a check tagged \"ready\"");
    }

    private static async Task<string?> StatusOf(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("status").GetString();
    }
}
