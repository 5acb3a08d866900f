using System.Collections.Concurrent;
using IncidentBot.Core;
using IncidentBot.Host.Options;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IncidentBot.Host.Tests;

/// <summary><c>Web:PublicBaseUrl</c>: checked at start-up, naming the key; unset means no links.</summary>
public sealed class WebOptionsTests
{
    [Theory]
    [InlineData("incidentbot.example.com")]
    [InlineData("/incidentbot")]
    [InlineData("ftp://incidentbot.example.com/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("https://user:secret@incidentbot.example.com/")]
    [InlineData("https://incidentbot.example.com/?x=1")]
    [InlineData("https://incidentbot.example.com/#top")]
    public void Start_up_fails_naming_the_key_and_value_of_a_base_url_that_is_not_absolute_http(string value)
    {
        var logged = new ConcurrentQueue<string>();
        using var app = new IncidentBotApp(new Dictionary<string, string?>(StringComparer.Ordinal) { ["Web:PublicBaseUrl"] = value });
        using var observed = app.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(logged))));

        var failure = Should.Throw<Exception>(() => observed.CreateClient());

        var said = string.Join(" | ", StartupFailure.Chain(failure).Select(e => e.Message).Concat(logged));
        said.ShouldContain($"Web:PublicBaseUrl '{value}' is not an absolute http or https URL", customMessage: failure.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("https://incidentbot.example.com/")]
    [InlineData("http://localhost:5080")]
    [InlineData("https://example.com/tools/incidentbot/")]
    public async Task Starts_with_an_absolute_http_base_url_or_none(string? value)
    {
        using var app = new IncidentBotApp(new Dictionary<string, string?>(StringComparer.Ordinal) { ["Web:PublicBaseUrl"] = value });
        using var client = app.CreateClient();

        (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).IsSuccessStatusCode.ShouldBeTrue();
        app.Services.GetRequiredService<IOptions<WebOptions>>().Value.PublicBase?.AbsoluteUri.ShouldBe(value is null ? null : new Uri(value).AbsoluteUri);
    }

    [Theory]
    [InlineData("https://incidentbot.example.com", "/incidents/slack%3AT1/7/postmortem?version=2", "https://incidentbot.example.com/incidents/slack%3AT1/7/postmortem?version=2")]
    [InlineData("https://example.com/tools/incidentbot/", "/incidents/slack%3AT1/7/postmortem", "https://example.com/tools/incidentbot/incidents/slack%3AT1/7/postmortem")]
    [InlineData(null, "/incidents/slack%3AT1/7/postmortem", null)]
    [InlineData("https://incidentbot.example.com/", "//evil.example/x", null)]
    [InlineData("https://incidentbot.example.com/", "incidents/1", null)]
    public void Pages_are_linked_under_the_base_url_keeping_its_path(string? baseUrl, string path, string? expected) =>
        new WebOptions { PublicBaseUrl = baseUrl }.Absolute(path).ShouldBe(expected);

    [Fact]
    public void The_validator_names_the_key() =>
        new WebOptionsValidator().Validate(null, new WebOptions { PublicBaseUrl = "nope" }).FailureMessage.ShouldStartWith("Web:PublicBaseUrl 'nope'");
}
