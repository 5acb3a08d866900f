using System.Net;
using IncidentBot.Core;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Reviews;
using IncidentBot.Core.Timeline;
using IncidentBot.Slack.Outbound;
using IncidentBot.TestKit;
using IncidentBot.TestKit.Slack;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IncidentBot.Slack.Tests;

/// <summary>
/// The Slack adapter in a real ASP.NET Core app on loopback Kestrel: real verification, endpoints, outbox worker and
/// Web API client (against <see cref="FakeSlackWebApi"/>), and Core's real use cases over TestKit's in-memory stores.
/// The incident store is wrapped so tests can hold back or fail its writes.
/// </summary>
internal sealed class SlackTestApp : IAsyncDisposable
{
    public const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";

    private SlackTestApp(WebApplication app, FakeSlackWebApi slack, FakeTimeProvider clock, HttpClient http, Stores stores)
    {
        App = app;
        Slack = slack;
        Clock = clock;
        Http = http;
        Incidents = stores.Incidents;
        Postmortems = stores.Postmortems;
        Store = stores.Intercepted;
        Outbox = stores.Outbox;
        Signer = new SlackRequestSigner(Secret, clock);
    }

    public WebApplication App { get; }

    public FakeSlackWebApi Slack { get; }

    public FakeTimeProvider Clock { get; }

    public HttpClient Http { get; }

    public SlackRequestSigner Signer { get; }

    /// <summary>What Core stored.</summary>
    public InMemoryIncidentStore Incidents { get; }

    /// <summary>The store Core writes through: set <see cref="InterceptingIncidentStore.BeforeWrite"/> to hold back or fail writes.</summary>
    public InterceptingIncidentStore Store { get; }

    public InMemoryOutbox Outbox { get; }

    public InMemoryPostmortemStore Postmortems { get; }

    /// <param name="outboxWorker">False leaves the outbox worker out, for tests that drive its iterations themselves (<see cref="CreateWorker"/>).</param>
    /// <param name="clock">The app's clock; a new <see cref="FakeTimeProvider"/> when null (pass one that drives timers to control deadlines).</param>
    public static async Task<SlackTestApp> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null, bool outboxWorker = true, FakeTimeProvider? clock = null)
    {
        var slack = await FakeSlackWebApi.StartAsync();
        clock ??= new FakeTimeProvider();
        slack.Clock = clock;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var configuration = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Slack:BotToken"] = "xoxb-test",
            ["Slack:SigningSecret"] = Secret,
            ["Slack:ApiBaseUrl"] = slack.BaseUrl.AbsoluteUri,
            ["Slack:CreateIncidentChannels"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>(StringComparer.Ordinal))
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        var stores = new Stores();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddOptions<IncidentOptions>();
        builder.Services.AddOptions<WebOptions>().Bind(builder.Configuration.GetSection(WebOptions.SectionName));
        builder.Services.AddOptions<ReviewOptions>();
        builder.Services.AddIncidentCore();
        builder.Services.AddSingleton<IIncidentStore>(stores.Intercepted);
        builder.Services.AddSingleton<IPostmortemStore>(stores.Postmortems);
        builder.Services.AddSingleton<IReviewStore>(new InMemoryReviewStore(stores.Incidents));
        builder.Services.AddSingleton<IActionItemStore>(new InMemoryActionItemStore(stores.Incidents));
        builder.Services.AddSingleton<IReminderStore>(new InMemoryReminderStore());
        builder.Services.AddSingleton<IOutbox>(stores.Outbox);
        builder.Services.AddSingleton<IDeliveryLedger>(stores.Deliveries);
        configure?.Invoke(builder.Services);
        builder.Services.AddSlackAdapter(builder.Configuration);
        if (!outboxWorker)
        {
            builder.Services.RemoveAll<IHostedService>();
        }

        var app = builder.Build();
        app.MapSlack();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var http = new HttpClient { BaseAddress = new Uri(address) };
        return new SlackTestApp(app, slack, clock, http, stores);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Slack.DisposeAsync();
    }

    /// <summary>An outbox worker of this app's services that nothing runs in the background: drive it with <c>RunOnceAsync</c>.</summary>
    public SlackOutboxWorker CreateWorker() => ActivatorUtilities.CreateInstance<SlackOutboxWorker>(App.Services);

    public Task<HttpResponseMessage> PostFormAsync(string path, string body) => Http.SendAsync(Signer.Form(path, body));

    public Task<HttpResponseMessage> PostJsonAsync(string path, string body) => Http.SendAsync(Signer.Json(path, body));

    /// <summary>An open incident living in <paramref name="channelId"/> of Slack team <paramref name="teamId"/>.</summary>
    public Task<Incident> DeclareInAsync(string teamId, string channelId) =>
        Incidents.CreateIncidentAsync(
            Builders.AnIncident() with
            {
                Workspace = Workspace.Key(Platform.Slack, teamId),
                Channel = new ChannelRef(Platform.Slack, channelId, channelId),
                DeclaredAt = Clock.GetUtcNow(),
            },
            [],
            CancellationToken.None);

    /// <summary>Everything on the incident's timeline, withdrawn entries included.</summary>
    public Task<IReadOnlyList<TimelineEvent>> TimelineAsync(Incident incident) =>
        Incidents.GetTimelineAsync(incident.Workspace, incident.Id, new TimelineQuery(TimelineScope.All, IncludeWithdrawn: true), CancellationToken.None);

    private sealed class Stores
    {
        public Stores()
        {
            Postmortems = new InMemoryPostmortemStore(Incidents);
            Intercepted = new InterceptingIncidentStore(Incidents);
        }

        public InMemoryIncidentStore Incidents { get; } = new();

        public InterceptingIncidentStore Intercepted { get; }

        public InMemoryPostmortemStore Postmortems { get; }

        public InMemoryOutbox Outbox { get; } = new();

        public InMemoryDeliveryLedger Deliveries { get; } = new();
    }
}
