using IncidentBot.Core;
using IncidentBot.Host.Options;

namespace IncidentBot.Host.Tests;

public sealed class StartupTests
{
    [Fact]
    public void Start_up_fails_naming_the_key_and_value_of_an_unknown_time_zone()
    {
        using var app = new IncidentBotApp(new Dictionary<string, string?>(StringComparer.Ordinal) { ["Incidents:TimeZone"] = "Mars/Olympus" });

        var failure = Should.Throw<Exception>(() => app.CreateClient());

        var messages = string.Join(" | ", Chain(failure).Select(e => e.Message));
        messages.ShouldContain("Incidents:TimeZone");
        messages.ShouldContain("Mars/Olympus");
    }

    [Fact]
    public async Task Starts_with_a_valid_iana_time_zone()
    {
        using var app = new IncidentBotApp(new Dictionary<string, string?>(StringComparer.Ordinal) { ["Incidents:TimeZone"] = "Europe/Berlin" });
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        response.IsSuccessStatusCode.ShouldBeTrue();
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("Europe/Berlin")]
    [InlineData("America/New_York")]
    public void Accepts_iana_zones(string zone) =>
        new IncidentOptionsValidator().Validate(null, new IncidentOptions { TimeZone = zone }).Succeeded.ShouldBeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Mars/Olympus")]
    [InlineData("Pacific Standard Time")]
    public void Rejects_what_is_not_an_iana_zone(string zone)
    {
        var result = new IncidentOptionsValidator().Validate(null, new IncidentOptions { TimeZone = zone });

        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldContain("Incidents:TimeZone");
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }
}
