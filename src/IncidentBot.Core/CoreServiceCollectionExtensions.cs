using IncidentBot.Core.Capture;
using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Language;
using IncidentBot.Core.Postmortems;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IncidentBot.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers Core's use cases. The host binds <see cref="IncidentOptions"/> and provides the ports
    /// (<c>IIncidentStore</c>, <c>IPostmortemStore</c>, <c>IChatNotifier</c>, <c>IIncidentChannels</c>) and a <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddIncidentCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CommandService>();
        services.TryAddSingleton<ChannelCapture>();
        services.TryAddSingleton(provider => WorkspaceClock.For(provider.GetRequiredService<IOptions<IncidentOptions>>().Value.TimeZone));
        services.TryAddSingleton<BlamelessLanguageAnalyzer>();
        services.TryAddSingleton<BlameReview>();
        services.TryAddSingleton<PostmortemCompiler>();
        services.TryAddSingleton<PostmortemService>();
        return services;
    }
}
