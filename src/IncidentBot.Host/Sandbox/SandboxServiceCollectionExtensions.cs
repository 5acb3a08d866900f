using IncidentBot.Core.Ports;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IncidentBot.Host.Sandbox;

internal static class SandboxServiceCollectionExtensions
{
    /// <summary>The sandbox platform: its notifier and incident channels for Core, and the page's services.</summary>
    public static IServiceCollection AddSandbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SandboxOptions>().Bind(configuration.GetSection(SandboxOptions.SectionName));
        services.Configure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, SandboxJsonContext.Default));

        services.TryAddSingleton<SandboxGate>();
        services.TryAddSingleton<SandboxChatNotifier>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChatNotifier, SandboxChatNotifier>(static sp => sp.GetRequiredService<SandboxChatNotifier>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IIncidentChannels, SandboxIncidentChannels>());
        services.TryAddScoped<SandboxChat>();
        return services;
    }
}
