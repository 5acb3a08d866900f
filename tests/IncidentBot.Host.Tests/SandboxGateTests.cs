using System.Net;
using System.Net.Http.Json;
using IncidentBot.Core;
using IncidentBot.Host.Sandbox;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IncidentBot.Host.Tests;

public sealed class SandboxGateTests
{
    private static readonly string[] SandboxPaths = ["/", "/sandbox/channels", "/sandbox/assets/sandbox.js", "/sandbox/channels/general/messages"];

    [Fact]
    public async Task Sandbox_configured_off_answers_404_everywhere_as_if_it_did_not_exist()
    {
        using var app = new IncidentBotApp(Settings("false"));
        using var client = app.CreateClient();

        foreach (var path in SandboxPaths)
        {
            (await client.GetAsync(new Uri(path, UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound, path);
        }

        // Not even a validation answer: the gate runs before the handler reads anything.
        var post = await client.PostAsJsonAsync("/sandbox/messages", new { user = "", channel = "", text = "" });
        post.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Sandbox_configured_on_answers()
    {
        using var app = new IncidentBotApp(Settings("true"));
        using var client = app.CreateClient();

        foreach (var path in SandboxPaths)
        {
            (await client.GetAsync(new Uri(path, UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK, path);
        }
    }

    [Fact]
    public async Task Unset_under_a_test_server_stays_off_because_no_address_shows_it_is_loopback_only()
    {
        using var app = new IncidentBotApp(Settings(null));
        using var client = app.CreateClient();

        (await client.GetAsync(new Uri("/", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync(new Uri("/sandbox/channels", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://LOCALHOST:5080", true)]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://127.0.0.2:5080", true)]
    [InlineData("https://[::1]:5443", true)]
    [InlineData("http://localhost:5080/base", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://+:5080", false)]
    [InlineData("http://[::]:5080", false)]
    [InlineData("http://192.168.1.20:5080", false)]
    [InlineData("http://203.0.113.9:80", false)]
    [InlineData("http://incidentbot.example.com", false)]
    [InlineData("http://localhost.example.com:5080", false)]
    [InlineData("http://unix:/run/incidentbot.sock", false)]
    [InlineData("localhost:5080", false)]
    public void Classifies_listening_addresses(string address, bool loopback) =>
        SandboxGate.IsLoopbackAddress(address).ShouldBe(loopback);

    [Fact]
    public void Is_loopback_only_when_every_address_is()
    {
        SandboxGate.ListensOnLoopbackOnly(["http://localhost:5080", "http://[::1]:5080"]).ShouldBeTrue();
        SandboxGate.ListensOnLoopbackOnly(["http://localhost:5080", "http://0.0.0.0:5081"]).ShouldBeFalse();
        SandboxGate.ListensOnLoopbackOnly([]).ShouldBeFalse();
    }

    [Theory]
    [InlineData(null, "localhost:5080", true)]
    [InlineData(null, "127.0.0.1:5080", true)]
    [InlineData(null, "[::1]:5080", true)]
    [InlineData(null, "rebound.example.com", false)]
    [InlineData(false, "localhost:5080", false)]
    [InlineData(true, "rebound.example.com", true)]
    public void On_loopback_it_answers_only_requests_addressed_to_a_loopback_host(bool? enabled, string host, bool allowed)
    {
        var gate = new SandboxGate(
            new ListeningServer("http://localhost:5080"),
            Microsoft.Extensions.Options.Options.Create(new SandboxOptions { Enabled = enabled }),
            Microsoft.Extensions.Options.Options.Create(new WebOptions()),
            NullLogger<SandboxGate>.Instance);
        var context = new DefaultHttpContext();
        context.Request.Host = HostString.FromUriComponent(host);

        gate.Allows(context.Request).ShouldBe(allowed);
    }

    [Fact]
    public void Listening_publicly_keeps_it_off_unless_enabled()
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString("localhost", 5080);

        Gate(null, "http://0.0.0.0:5080").Allows(context.Request).ShouldBeFalse();
        Gate(null, "http://*:5080").Allows(context.Request).ShouldBeFalse();
        Gate(true, "http://0.0.0.0:5080").Access.ShouldBe(SandboxAccess.Everywhere);
    }

    [Theory]
    [InlineData("/", true)]
    [InlineData("/sandbox", true)]
    [InlineData("/sandbox/channels", true)]
    [InlineData("/SANDBOX/channels", true)]
    [InlineData("/sandboxes", false)]
    [InlineData("/healthz", false)]
    [InlineData("/slack/commands", false)]
    public void Gates_only_its_own_paths(string path, bool gated) =>
        SandboxGate.IsSandboxPath(new PathString(path)).ShouldBe(gated);

    [Theory]
    [InlineData(null, "http://localhost:5080", "http://localhost:5080/", false)]
    [InlineData(null, "http://localhost:5080", "http://127.0.0.1:5080/", false)]
    [InlineData(true, "http://0.0.0.0:5080", "https://incidentbot.example.com/", false)]
    [InlineData(null, "http://0.0.0.0:5080", "https://incidentbot.example.com/", true)]
    [InlineData(null, "http://localhost:5080", "https://incidentbot.example.com/", true)] // loopback behind a proxy: the proxied host name is not loopback
    [InlineData(false, "http://localhost:5080", "http://localhost:5080/", true)]
    [InlineData(null, "http://0.0.0.0:5080", null, false)]
    public void Warns_when_the_pages_that_chat_links_open_would_answer_404(bool? enabled, string listening, string? publicBaseUrl, bool warns)
    {
        var logger = new EventRecordingLogger();
        var gate = new SandboxGate(
            new ListeningServer(listening),
            Microsoft.Extensions.Options.Options.Create(new SandboxOptions { Enabled = enabled }),
            Microsoft.Extensions.Options.Options.Create(new WebOptions { PublicBaseUrl = publicBaseUrl }),
            logger);

        _ = gate.Access;

        logger.EventIds.Contains(3008).ShouldBe(warns);
    }

    private static SandboxGate Gate(bool? enabled, params string[] addresses) =>
        new(
            new ListeningServer(addresses),
            Microsoft.Extensions.Options.Options.Create(new SandboxOptions { Enabled = enabled }),
            Microsoft.Extensions.Options.Options.Create(new WebOptions()),
            NullLogger<SandboxGate>.Instance);

    private sealed class EventRecordingLogger : ILogger<SandboxGate>
    {
        public List<int> EventIds { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            EventIds.Add(eventId.Id);
    }

    private static Dictionary<string, string?> Settings(string? enabled) =>
        new(StringComparer.Ordinal) { ["Sandbox:Enabled"] = enabled };

    private sealed class ListeningServer : IServer
    {
        public ListeningServer(params string[] addresses)
        {
            var feature = new ServerAddressesFeature();
            foreach (var address in addresses)
            {
                feature.Addresses.Add(address);
            }

            Features.Set<IServerAddressesFeature>(feature);
        }

        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
