using IncidentBot.Core.Ports;
using IncidentBot.Slack.Inbound;
using IncidentBot.Slack.Outbound;
using IncidentBot.Slack.SocketMode;
using IncidentBot.Slack.Verification;
using IncidentBot.Slack.WebApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IncidentBot.Slack;

public static class SlackServiceCollectionExtensions
{
    /// <summary>
    /// The Slack adapter: options (validated at start-up, failing closed), request verification, inbound handlers,
    /// the Web API client, Core's ports for Slack (<see cref="IChatNotifier"/>, <see cref="IIncidentChannels"/>),
    /// and, when <c>Slack:BotToken</c> is set, the outbox worker and (with <c>Slack:AppToken</c>) the Socket Mode client.
    /// Core's use cases (<c>AddIncidentCore</c>) and the stores, <see cref="IOutbox"/> and <see cref="IDeliveryLedger"/>
    /// included, come from the host.
    /// </summary>
    public static IServiceCollection AddSlackAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SlackOptions.SectionName);

        services.AddOptions<SlackOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton<SlackSignatureVerifier>();
        services.TryAddSingleton(new SlackDeliveryTimings());
        services.TryAddSingleton<SlackDeliveryDeduplicator>();
        // One handler for every request: it keeps no state of its own, and building it and its typed Web API client for
        // each delivery was a measurable share of a slash command's cost.
        services.TryAddSingleton<SlackInboundHandler>();
        services.TryAddSingleton<SlackDeferredCommands>();

        services.TryAddSingleton<SlackRetryPipeline>();
        services.TryAddSingleton<SlackUserNameCache>();
        // Singletons (Core's CommandService through the incident channels, the inbound handler) keep their client, so its
        // connections are renewed by the handler itself rather than by the factory's handler rotation.
        services.AddHttpClient<SlackApiClient>((provider, http) =>
        {
            http.BaseAddress = provider.GetRequiredService<IOptions<SlackOptions>>().Value.ApiBaseUri;
            http.Timeout = TimeSpan.FromSeconds(30);
        }).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });

        services.TryAddSingleton<SlackOutboxSignal>();
        services.TryAddSingleton<SlackOutbox>();
        services.TryAddSingleton<SlackInstallation>();
        services.TryAddSingleton(new SlackOutboxTimings());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChatNotifier, SlackChatNotifier>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IIncidentChannels, SlackIncidentChannels>());
        services.TryAddSingleton(new SocketModeTimings());

        if (!string.IsNullOrWhiteSpace(section[nameof(SlackOptions.BotToken)]))
        {
            services.AddHostedService<SlackOutboxWorker>();
            if (!string.IsNullOrWhiteSpace(section[nameof(SlackOptions.AppToken)]))
            {
                services.AddHostedService<SlackSocketModeClient>();
            }
        }

        return services;
    }
}
