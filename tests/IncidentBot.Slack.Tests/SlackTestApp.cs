using System.Net;
using IncidentBot.Slack.Inbound;
using IncidentBot.TestKit;
using IncidentBot.TestKit.Slack;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IncidentBot.Slack.Tests;

/// <summary>
/// The Slack adapter in a real ASP.NET Core app on loopback Kestrel: real verification, endpoints, outbox and Web
/// API client (against <see cref="FakeSlackWebApi"/>); Core's use cases faked at the adapter boundary.
/// </summary>
internal sealed class SlackTestApp : IAsyncDisposable
{
    public const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";

    private SlackTestApp(WebApplication app, FakeSlackWebApi slack, FakeTimeProvider clock, HttpClient http, FakeCommandRunner commands, RecordingCaptureSink capture)
    {
        App = app;
        Commands = commands;
        Capture = capture;
        Slack = slack;
        Clock = clock;
        Http = http;
        Signer = new SlackRequestSigner(Secret, clock);
    }

    public WebApplication App { get; }

    public FakeSlackWebApi Slack { get; }

    public FakeTimeProvider Clock { get; }

    public HttpClient Http { get; }

    public SlackRequestSigner Signer { get; }

    public FakeCommandRunner Commands { get; }

    public RecordingCaptureSink Capture { get; }

    public static async Task<SlackTestApp> StartAsync()
    {
        var slack = await FakeSlackWebApi.StartAsync();
        var clock = new FakeTimeProvider();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Slack:BotToken"] = "xoxb-test",
            ["Slack:SigningSecret"] = Secret,
            ["Slack:ApiBaseUrl"] = slack.BaseUrl.AbsoluteUri,
        });
        var commands = new FakeCommandRunner();
        var capture = new RecordingCaptureSink();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton<ISlackCommandRunner>(commands);
        builder.Services.AddSingleton<ISlackCaptureSink>(capture);
        builder.Services.AddSlackAdapter(builder.Configuration);

        var app = builder.Build();
        app.MapSlack();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var http = new HttpClient { BaseAddress = new Uri(address) };
        return new SlackTestApp(app, slack, clock, http, commands, capture);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Slack.DisposeAsync();
    }

    public Task<HttpResponseMessage> PostFormAsync(string path, string body) => Http.SendAsync(Signer.Form(path, body));

    public Task<HttpResponseMessage> PostJsonAsync(string path, string body) => Http.SendAsync(Signer.Json(path, body));
}
