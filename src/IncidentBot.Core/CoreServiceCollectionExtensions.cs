using IncidentBot.Core.Capture;
using IncidentBot.Core.Commands;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IncidentBot.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers Core's use cases. The host binds <see cref="IncidentOptions"/> and provides the ports
    /// (<c>IIncidentStore</c>, <c>IChatNotifier</c>, <c>IIncidentChannels</c>) and a <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddIncidentCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CommandService>();
        services.TryAddSingleton<ChannelCapture>();
        return services;
    }
}
