using IncidentBot.Core.ActionItems;
using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Language;
using IncidentBot.Core.Postmortems;
using IncidentBot.Core.Reminders;
using IncidentBot.Core.Reviews;
using IncidentBot.TestKit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IncidentBot.Core.Tests.Reviews;

/// <summary>
/// Core's review workflow on TestKit's in-memory stores, a fake clock and a recording notifier: commands go through
/// <see cref="CommandService"/> as any platform's would, and the reminder job is <see cref="DeliverAsync"/>.
/// </summary>
internal sealed class ReviewHarness
{
    public ReviewHarness(string zone = "UTC", DateTimeOffset? now = null, ReviewOptions? options = null)
    {
        Clock = new FakeTimeProvider(now ?? Builders.Noon);
        var core = new CoreServices(Clock, zone, options);
        Options = core.ReviewOptions;
        WorkspaceClock = core.WorkspaceClock;
        Calendar = core.Calendar;
        Policy = core.Policy;
        (Incidents, Postmortems, Reviews, ActionItems, Reminders) = (core.Incidents, core.Postmortems, core.Reviews, core.ActionItems, core.Reminders);
        Commands = core.Commands;
        Service = core.ReviewService;
        Delivery = NewDelivery();
    }

    public FakeTimeProvider Clock { get; }
    public ReviewOptions Options { get; }
    public WorkspaceClock WorkspaceClock { get; }
    public WorkingCalendar Calendar { get; }
    public InMemoryIncidentStore Incidents { get; }
    public InMemoryPostmortemStore Postmortems { get; }
    public InMemoryReviewStore Reviews { get; }
    public InMemoryActionItemStore ActionItems { get; }
    public InMemoryReminderStore Reminders { get; }
    public RecordingChatNotifier Notifier { get; } = new();
    public ReminderPolicy Policy { get; }
    public CommandService Commands { get; }
    public ReviewService Service { get; }
    public ReminderDelivery Delivery { get; }

    public static ChannelRef Room { get; } = new(Platform.Sandbox, "inc-room", "inc-room");

    /// <summary>Another replica (or the same host after a restart): its own claimant over the same stores.</summary>
    public ReminderDelivery NewDelivery() => new(
        Reminders, Reviews, ActionItems, Incidents, Postmortems, [Notifier], Policy, new ReminderMessages(Calendar), Service, NullLogger<ReminderDelivery>.Instance);

    public Task<CommandResult> RunAsync(string command, string text, Person? user = null, ChannelRef? channel = null) =>
        Commands.HandleAsync(
            Builders.AnIncidentCommand(text) with { Command = command, Channel = channel ?? Room, User = user ?? Builders.Alice, ReceivedAt = Clock.GetUtcNow() },
            CancellationToken.None);

    public Task<CommandResult> PostmortemAsync(string text, Person? user = null, ChannelRef? channel = null) => RunAsync("postmortem", text, user, channel);

    public Task<CommandResult> IncidentAsync(string text, Person? user = null, ChannelRef? channel = null) => RunAsync("incident", text, user, channel);

    /// <summary>Declares an incident in <see cref="Room"/> (or <paramref name="channel"/>) and returns it.</summary>
    public async Task<Incident> DeclareAsync(string title = "Checkout errors", string severity = "sev2", ChannelRef? channel = null)
    {
        var result = await IncidentAsync($"declare {title} {severity}", channel: channel);
        result.Reply.Blocks.OfType<ErrorBlock>().ShouldBeEmpty();
        var incidents = await Incidents.ListIncidentsAsync(Builders.WorkspaceKey, Ports.IncidentListFilter.All, 1, CancellationToken.None);
        return incidents[0];
    }

    public async Task<Incident> ReloadAsync(Incident incident) =>
        (await Incidents.FindByIdAsync(incident.Workspace, incident.Id, CancellationToken.None))!;

    public Task<Review?> ReviewOfAsync(Incident incident) => Reviews.GetAsync(incident.Workspace, incident.Id, CancellationToken.None);

    /// <summary>Runs the reminder job at the fake clock's time.</summary>
    public Task<DeliveryReport> DeliverAsync() => Delivery.DeliverDueAsync(Clock.GetUtcNow(), CancellationToken.None);

    public IReadOnlyList<PostedMessage> DirectMessagesTo(Person person) => Notifier.To(person.Id);

    public static ChannelRef ChannelFor(string name) => new(Platform.Sandbox, name, name);
}

/// <summary>Scenario steps shared by the review tests.</summary>
internal static class ReviewScenario
{
    public static readonly Person Carol = new("U-CAROL", "carol");
    public static readonly Person Dave = new("U-DAVE", "dave");
    public static readonly Person Erin = new("U-ERIN", "erin");
    public static readonly Person Frank = new("U-FRANK", "frank");

    /// <summary>Monday 2026-11-23 10:00 UTC.</summary>
    public static readonly DateTimeOffset Monday = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public static string Mention(Person person) => $"<@{person.Id}|{person.Name}>";

    /// <summary>A message in the incident channel, captured into the transcript.</summary>
    public static Task SayAsync(this ReviewHarness harness, Incident incident, Person author, string text) =>
        harness.Incidents.AppendEventAsync(
            new Timeline.TimelineEvent
            {
                Workspace = incident.Workspace,
                IncidentId = incident.Id,
                Kind = Timeline.TimelineEventKind.Message,
                OccurredAt = harness.Clock.GetUtcNow(),
                RecordedAt = harness.Clock.GetUtcNow(),
                Author = author,
                Text = text,
            },
            CancellationToken.None);

    /// <summary>
    /// A resolved SEV2 in <paramref name="channel"/>: alice commands, bob talks a lot (a heavy participant), carol a little;
    /// dave, erin and frank are in the facilitator pool.
    /// </summary>
    public static async Task<Incident> ResolvedIncidentAsync(this ReviewHarness harness, ChannelRef? channel = null, bool pool = true)
    {
        var incident = await harness.DeclareAsync(channel: channel);
        var room = channel ?? ReviewHarness.Room;
        await harness.IncidentAsync($"role commander {Mention(Builders.Alice)}", channel: room);
        for (var i = 0; i < 6; i++)
        {
            await harness.SayAsync(incident, Builders.Bob, $"checking the pool, attempt {i}");
        }

        await harness.SayAsync(incident, Carol, "I see 502s from the CDN too");
        if (pool)
        {
            await harness.PostmortemAsync($"facilitators add {Mention(Dave)} {Mention(Erin)} {Mention(Frank)}", channel: room);
        }

        await harness.IncidentAsync("resolve pool size restored", channel: room);
        return await harness.ReloadAsync(incident);
    }
}
