using IncidentBot.Core.ActionItems;
using IncidentBot.Core.Capture;
using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Language;
using IncidentBot.Core.Postmortems;
using IncidentBot.Core.Reminders;
using IncidentBot.Core.Reviews;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IncidentBot.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers Core's use cases. The host binds <see cref="IncidentOptions"/> and provides the ports
    /// (<c>IIncidentStore</c>, <c>IPostmortemStore</c>, <c>IReviewStore</c>, <c>IActionItemStore</c>, <c>IReminderStore</c>,
    /// <c>IChatNotifier</c>, <c>IIncidentChannels</c>) and a <see cref="TimeProvider"/>; it binds <see cref="ReviewOptions"/> too,
    /// and <see cref="WebOptions"/> when messages should link to the host's web pages.
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

        // Reviews, action items and their reminders (Reviews section; the ports come from storage).
        services.TryAddSingleton(static provider => WorkingCalendar.From(
            provider.GetRequiredService<WorkspaceClock>(), provider.GetRequiredService<IOptions<ReviewOptions>>().Value));
        services.TryAddSingleton(static provider => new ReminderPolicy(
            provider.GetRequiredService<WorkingCalendar>(), provider.GetRequiredService<IOptions<ReviewOptions>>().Value));
        services.TryAddSingleton<ReminderMessages>();
        services.TryAddSingleton<SmartCheck>();
        services.TryAddSingleton<ReviewService>();
        services.TryAddSingleton<ActionItemService>();
        services.TryAddSingleton<ReminderDelivery>();
        return services;
    }
}
