using System.Net;
using System.Text.Json;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Timeline;
using IncidentBot.Slack.Verification;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentBot.SlackLoad;

/// <summary>
/// IncidentBot's real host (Program.cs: Core, storage, the Slack adapter) on Kestrel at the given address, on a storage
/// of its own (a fresh SQLite file, or a fresh PostgreSQL schema), with Slack's Web API pointed at a loopback fake. Only
/// for this tool, it also answers <see cref="BarePath"/>: the adapter's own verification filter (buffer the body, check
/// the v0 signature) and then 200 with nothing else, the ceiling a Slack endpoint on this Kestrel can reach; and, for a
/// load generator in another process, <see cref="CountersPath"/> (<see cref="HostCounters"/> of this process) and
/// <see cref="StoredPath"/> (<see cref="StoredCounts"/>).
/// </summary>
internal sealed class BenchHost : WebApplicationFactory<Program>
{
    public const string BarePath = "/bench/bare";
    public const string CountersPath = "/bench/counters";
    public const string StoredPath = "/bench/stored";
    public const string SigningSecret = "bench-signing-secret-0123456789abcdef";
    public const string Team = "TBENCH";
    public const string Channel = "CBENCH";

    private readonly BenchStorage _storage;
    private readonly Uri _slackApi;
    private readonly WriterStats _writer = new();

    public BenchHost(BenchStorage storage, Uri slackApi, IPEndPoint listen)
    {
        _storage = storage;
        _slackApi = slackApi;
        UseKestrel(kestrel => kestrel.Listen(listen));
    }

    public Uri Address => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public HostCounters ReadCounters() => HostCounters.OfThisProcess(_writer);

    /// <summary>Counts the bench incident's notes and messages in the database.</summary>
    public async Task<StoredCounts> CountStoredAsync(CancellationToken cancellationToken)
    {
        var store = Services.GetRequiredService<IIncidentStore>();
        var incident = await store.FindByChannelAsync(Workspace.Key(Platform.Slack, Team), Channel, cancellationToken)
            ?? throw new InvalidOperationException("The bench incident is missing.");
        var timeline = await store.GetTimelineAsync(incident.Workspace, incident.Id, new TimelineQuery(TimelineScope.All, IncludeWithdrawn: true), cancellationToken);
        return new StoredCounts(timeline.Count(e => e.Kind == TimelineEventKind.Note), timeline.Count(e => e.Kind == TimelineEventKind.Message));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Storage:Provider", _storage.Provider);
        builder.UseSetting("Storage:ConnectionString", _storage.ConnectionString);
        builder.UseSetting("Slack:BotToken", "xoxb-bench");
        builder.UseSetting("Slack:SigningSecret", SigningSecret);
        builder.UseSetting("Slack:ApiBaseUrl", _slackApi.AbsoluteUri);
        builder.UseSetting("Slack:CreateIncidentChannels", "false");
        builder.UseSetting("Sandbox:Enabled", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new BenchEndpoints(this)));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _writer.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Puts the bench's own routes in front of the host's pipeline.</summary>
    private sealed class BenchEndpoints(BenchHost host) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            var filter = ActivatorUtilities.CreateInstance<SlackVerificationFilter>(app.ApplicationServices);
            app.Map(BarePath, branch => branch.Run(async context =>
            {
                var result = await filter.InvokeAsync(
                    new DefaultEndpointFilterInvocationContext(context),
                    static _ => ValueTask.FromResult<object?>(TypedResults.Ok()));
                if (result is IResult answer)
                {
                    await answer.ExecuteAsync(context);
                }
            }));
            app.Map(CountersPath, branch => branch.Run(context =>
                context.Response.WriteAsJsonAsync(host.ReadCounters(), JsonSerializerOptions.Web, context.RequestAborted)));
            app.Map(StoredPath, branch => branch.Run(async context =>
            {
                var stored = await host.CountStoredAsync(context.RequestAborted);
                await context.Response.WriteAsJsonAsync(stored, JsonSerializerOptions.Web, context.RequestAborted);
            }));
            next(app);
        };
    }
}
