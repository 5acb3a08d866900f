using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Timeline;
using IncidentBot.TestKit;
using IncidentBot.TestKit.Slack;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IncidentBot.Host.Tests.Slack;

/// <summary>
/// The real host (<see cref="IncidentBotApp"/>: Core, SQLite storage, the Slack adapter as Program.cs wires it) with
/// Slack settings pointing at a <see cref="FakeSlackWebApi"/> on loopback, and signed requests. The incident store is
/// wrapped so that tests can hold back or fail writes. Pass the same database to a second instance to restart the host.
/// </summary>
internal sealed class SlackHost : IAsyncDisposable
{
    public const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";

    private readonly IncidentBotApp _app;
    private readonly bool _ownsSlack;
    private InterceptingIncidentStore? _store;

    private SlackHost(FakeSlackWebApi slack, bool ownsSlack, IReadOnlyDictionary<string, string?> settings, bool outboxWorker)
    {
        Slack = slack;
        _ownsSlack = ownsSlack;
        _app = new IncidentBotApp(settings);
        Factory = _app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            InterceptIncidentStore(services);
            if (!outboxWorker)
            {
                // Its type is internal to the Slack adapter: found by name.
                var worker = services.Single(descriptor => descriptor.ServiceType == typeof(IHostedService) && descriptor.ImplementationType?.Name == "SlackOutboxWorker");
                services.Remove(worker);
            }
        }));
        Http = Factory.CreateClient();
        Signer = new SlackRequestSigner(Secret, _app.Time);
    }

    public WebApplicationFactory<Program> Factory { get; }

    public FakeSlackWebApi Slack { get; }

    public HttpClient Http { get; }

    public SlackRequestSigner Signer { get; }

    public FakeTimeProvider Time => _app.Time;

    /// <summary>The store Core writes through; set <see cref="InterceptingIncidentStore.BeforeWrite"/> to hold back or fail writes.</summary>
    public InterceptingIncidentStore Store => _store ?? throw new InvalidOperationException("The host has not built its services yet.");

    public IOutbox Outbox => Factory.Services.GetRequiredService<IOutbox>();

    /// <summary>
    /// Starts a host on <paramref name="database"/> (a fresh file when null), with <paramref name="slack"/> shared or a new
    /// fake; without the outbox worker when <paramref name="outboxWorker"/> is false (what is queued stays queued).
    /// </summary>
    public static async Task<SlackHost> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null, string? database = null, FakeSlackWebApi? slack = null, bool outboxWorker = true)
    {
        var fake = slack ?? await FakeSlackWebApi.StartAsync();
        var all = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Slack:BotToken"] = "xoxb-test",
            ["Slack:SigningSecret"] = Secret,
            ["Slack:ApiBaseUrl"] = fake.BaseUrl.AbsoluteUri,
            ["Slack:CreateIncidentChannels"] = "false",
        };
        if (database is not null)
        {
            all["Storage:ConnectionString"] = $"Data Source={database}";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>(StringComparer.Ordinal))
        {
            all[key] = value;
        }

        var host = new SlackHost(fake, ownsSlack: slack is null, all, outboxWorker);
        host.Factory.Services.GetRequiredService<IIncidentStore>();
        return host;
    }

    public Task<HttpResponseMessage> PostFormAsync(string path, string body) => Http.SendAsync(Signer.Form(path, body));

    public Task<HttpResponseMessage> PostJsonAsync(string path, string body) => Http.SendAsync(Signer.Json(path, body));

    public async Task<Incident> IncidentAsync(string teamId = "T1", int number = 1) =>
        await Factory.Services.GetRequiredService<IIncidentStore>().FindByNumberAsync(Workspace.Key(Platform.Slack, teamId), number, CancellationToken.None)
        ?? throw new InvalidOperationException($"No INC-{number} in {teamId}.");

    public Task<IReadOnlyList<TimelineEvent>> TimelineAsync(Incident incident, TimelineScope scope, bool includeWithdrawn = false) =>
        Factory.Services.GetRequiredService<IIncidentStore>().GetTimelineAsync(
            incident.Workspace, incident.Id, new TimelineQuery(scope, includeWithdrawn), CancellationToken.None);

    /// <summary>Polls until <paramref name="condition"/> holds (work done by the outbox worker after a response).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > (timeout ?? TimeSpan.FromSeconds(10)))
            {
                throw new TimeoutException("The condition did not become true in time.");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Factory.DisposeAsync();
        await _app.DisposeAsync();
        if (_ownsSlack)
        {
            await Slack.DisposeAsync();
        }
    }

    /// <summary>Keeps the host's own store (its type is internal to Storage) and puts the interceptor in front of it.</summary>
    private void InterceptIncidentStore(IServiceCollection services)
    {
        var registered = services.Last(descriptor => descriptor.ServiceType == typeof(IIncidentStore));
        var implementation = registered.ImplementationType ?? throw new InvalidOperationException("The incident store is not registered by type.");
        services.Remove(registered);
        services.AddSingleton(implementation);
        services.AddSingleton<IIncidentStore>(provider => _store = new InterceptingIncidentStore((IIncidentStore)provider.GetRequiredService(implementation)));
    }
}
