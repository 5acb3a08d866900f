using System.Net;
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
/// IncidentBot's real host (Program.cs: Core, storage, the Slack adapter) on Kestrel at a loopback port, on a storage of
/// its own (a fresh SQLite file, or a fresh PostgreSQL schema), with Slack's Web API pointed at a loopback fake. Only for this tool, it also answers
/// <see cref="BarePath"/>: the adapter's own verification filter (buffer the body, check the v0 signature) and then
/// 200 with nothing else, the ceiling a Slack endpoint on this Kestrel can reach.
/// </summary>
internal sealed class BenchHost : WebApplicationFactory<Program>
{
    public const string BarePath = "/bench/bare";
    public const string SigningSecret = "bench-signing-secret-0123456789abcdef";

    private readonly BenchStorage _storage;
    private readonly Uri _slackApi;

    public BenchHost(BenchStorage storage, Uri slackApi)
    {
        _storage = storage;
        _slackApi = slackApi;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    public Uri Address => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

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
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, BareEndpoint>());
    }

    /// <summary>Puts <see cref="BarePath"/> in front of the host's pipeline.</summary>
    private sealed class BareEndpoint : IStartupFilter
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
            next(app);
        };
    }
}
