using IncidentBot.Core;
using IncidentBot.Core.ActionItems;
using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Language;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Postmortems;
using IncidentBot.Core.Reminders;
using IncidentBot.Core.Reviews;
using Microsoft.Extensions.Options;

namespace IncidentBot.TestKit;

/// <summary>
/// Core's use cases wired as the host wires them (every command service with its collaborators), over in-memory
/// stores, for tests that drive commands without a host. <see cref="IncidentStore"/> lets a test put a wrapper (a
/// store that fails once, say) in front of <see cref="Incidents"/> for the command services.
/// </summary>
public sealed class CoreServices
{
    public CoreServices(
        TimeProvider clock,
        string zone = "UTC",
        ReviewOptions? reviewOptions = null,
        IIncidentStore? incidentStore = null,
        IEnumerable<IIncidentChannels>? channels = null,
        WebOptions? web = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ReviewOptions = reviewOptions ?? new ReviewOptions();
        IncidentStore = incidentStore ?? Incidents;
        Postmortems = new InMemoryPostmortemStore(Incidents);
        Reviews = new InMemoryReviewStore(Incidents);
        ActionItems = new InMemoryActionItemStore(Incidents);
        WorkspaceClock = WorkspaceClock.For(zone);
        Calendar = WorkingCalendar.From(WorkspaceClock, ReviewOptions);
        Policy = new ReminderPolicy(Calendar, ReviewOptions);
        var analyzer = new BlamelessLanguageAnalyzer();
        var blame = new BlameReview(WorkspaceClock, analyzer);
        ReviewService = new ReviewService(IncidentStore, Postmortems, Reviews, Reminders, Policy, new ReminderMessages(Calendar), Options.Create(ReviewOptions));
        ActionItemService = new ActionItemService(IncidentStore, Postmortems, ActionItems, Reminders, Policy, new SmartCheck(analyzer));
        PostmortemService = new PostmortemService(
            IncidentStore, Postmortems, new PostmortemCompiler(WorkspaceClock, blame), blame, clock, ReviewService, ActionItemService, Options.Create(web ?? new WebOptions()));
        Commands = new CommandService(IncidentStore, channels ?? [], Options.Create(new IncidentOptions { TimeZone = zone }), clock, PostmortemService);
    }

    public InMemoryIncidentStore Incidents { get; } = new();

    /// <summary>What the command services read and write incidents through: <see cref="Incidents"/> unless a test wrapped it.</summary>
    public IIncidentStore IncidentStore { get; }

    public InMemoryPostmortemStore Postmortems { get; }

    public InMemoryReviewStore Reviews { get; }

    public InMemoryActionItemStore ActionItems { get; }

    public InMemoryReminderStore Reminders { get; } = new();

    public ReviewOptions ReviewOptions { get; }

    public WorkspaceClock WorkspaceClock { get; }

    public WorkingCalendar Calendar { get; }

    public ReminderPolicy Policy { get; }

    public ReviewService ReviewService { get; }

    public ActionItemService ActionItemService { get; }

    public PostmortemService PostmortemService { get; }

    public CommandService Commands { get; }
}
