using IncidentBot.Core;
using IncidentBot.Host.Health;
using IncidentBot.Host.Options;
using IncidentBot.Host.Reminders;
using IncidentBot.Host.Sandbox;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IncidentBot.Host;

public static class HostServiceCollectionExtensions
{
    /// <summary>
    /// This host's own services: validated options, the clock, health checks, the sandbox platform and the reminder job.
    /// Options are checked when the host starts, so a bad setting stops start-up with a message naming its key.
    /// </summary>
    public static IServiceCollection AddIncidentHost(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<IncidentOptions>()
            .Bind(configuration.GetSection(IncidentOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IncidentOptions>, IncidentOptionsValidator>());
        services.AddOptions<WebOptions>()
            .Bind(configuration.GetSection(WebOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebOptions>, WebOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.AddHealthChecks();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, HealthJsonContext.Default));

        services.AddSandbox(configuration);
        services.AddReminders(configuration);
        return services;
    }
}
