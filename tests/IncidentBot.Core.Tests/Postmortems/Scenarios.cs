using IncidentBot.Core.ActionItems;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Postmortems;
using IncidentBot.Core.Timeline;
using IncidentBot.TestKit;

namespace IncidentBot.Core.Tests.Postmortems;

/// <summary>Realistic incidents, written the way responders actually type.</summary>
internal static class Scenarios
{
    public static readonly Person Priya = new("U-PRIYA", "priya");
    public static readonly Person Marco = new("U-MARCO", "marco");
    public static readonly Person Dana = new("U-DANA", "dana");
    public static readonly Person Sam = new("U-SAM", "sam");

    private static long _nextId = 1;

    /// <summary>A SEV1 that starts before midnight Berlin time and ends after it, with a full set of notes.</summary>
    public static PostmortemMaterial MidnightDatabaseFailover()
    {
        // 22:41 UTC = 23:41 in Berlin (CET, November).
        var t0 = new DateTimeOffset(2026, 11, 20, 22, 41, 0, TimeSpan.Zero);
        var incident = Builders.AnIncident() with
        {
            Id = 41,
            Number = 41,
            Title = "Checkout fails for EU customers",
            Severity = Severity.Sev1,
            Status = IncidentStatus.Resolved,
            Channel = new ChannelRef(Platform.Slack, "C0INC41", "inc-41-checkout-fails-for-eu-customers"),
            DeclaredBy = Priya,
            DeclaredAt = t0.AddMinutes(6),
            Commander = Marco,
            Comms = Dana,
            Summary = "The primary orders database in eu-west ran out of connections after a connection-pool setting was lowered in a routine config change. Checkout failed for most EU customers for 52 minutes until we failed over and restored the pool size.",
            Impact = "About 61% of EU checkout attempts failed between 23:38 and 00:30 CET (roughly 4,200 orders). Card payments were not taken for failed orders.",
            Times = new KeyTimes
            {
                ImpactStartedAt = t0.AddMinutes(-3),
                DetectedAt = t0.AddMinutes(6),
                AcknowledgedAt = t0.AddMinutes(9),
                MitigatedAt = t0.AddMinutes(49),
                ResolvedAt = t0.AddMinutes(79),
            },
        };

        var timeline = new List<TimelineEvent>
        {
            Event(incident, TimelineEventKind.Declared, t0.AddMinutes(6), Priya, "Declared SEV2: Checkout fails for EU customers"),
            Event(incident, TimelineEventKind.Note, t0, Priya, "PagerDuty: orders-api 5xx rate above 5% in eu-west"),
            Event(incident, TimelineEventKind.RoleAssigned, t0.AddMinutes(9), Priya, "marco is commander"),
            Event(incident, TimelineEventKind.SeverityChanged, t0.AddMinutes(12), Marco, "Severity: SEV2 → SEV1"),
            Event(incident, TimelineEventKind.Pinned, t0.AddMinutes(17), Dana, "orders-db-eu-1 shows 100/100 connections in use, everything else queued", "C0INC41/1763680380.000200", "https://acme.slack.com/archives/C0INC41/p1763680380000200"),
            Event(incident, TimelineEventKind.StatusChanged, t0.AddMinutes(24), Marco, "Status: investigating → identified: pool exhausted after config change 8812"),
            Event(incident, TimelineEventKind.Note, t0.AddMinutes(31), Marco, "Failing over to orders-db-eu-2 with pool size 400"),
            Event(incident, TimelineEventKind.StatusChanged, t0.AddMinutes(49), Marco, "Status: identified → monitoring"),
            Event(incident, TimelineEventKind.Resolved, t0.AddMinutes(79), Marco, "Resolved: error rate back to baseline for 30 minutes"),
        };
        timeline.AddRange(Messages(incident, t0.AddMinutes(7), 14, [Priya, Marco, Dana, Sam]));

        var notes = new List<PostmortemNote>
        {
            Note(incident, PostmortemNoteKind.Perspective, Priya, "I saw the 5xx page first and assumed it was the payment provider again, because that is what it was the last two times.\nIt took me six minutes to look at the database."),
            Note(incident, PostmortemNoteKind.Perspective, Sam, "The config change looked harmless in review: the diff only showed a number, not what the old value was."),
            Note(incident, PostmortemNoteKind.Why, Marco, "Checkout failed because orders-api could not get database connections."),
            Note(incident, PostmortemNoteKind.Why, Marco, "It could not get connections because the pool maximum had been lowered from 400 to 40."),
            Note(incident, PostmortemNoteKind.Why, Sam, "The lower value shipped because config changes are reviewed as plain diffs without the current value or its load."),
            Note(incident, PostmortemNoteKind.Factor, Marco, "Config review shows only the diff, not the effective value or the traffic it serves"),
            Note(incident, PostmortemNoteKind.Factor, Dana, "No alert on connection-pool saturation; we found it by looking at a dashboard"),
            Note(incident, PostmortemNoteKind.Factor, Priya, "Recent payment-provider incidents primed us to look there first"),
            Note(incident, PostmortemNoteKind.WentWell, Dana, "Failover runbook worked exactly as written"),
            Note(incident, PostmortemNoteKind.WentWrong, Priya, "Six minutes between the page and looking at the database"),
            Note(incident, PostmortemNoteKind.Lucky, Marco, "It happened at night, when EU traffic is a third of the daytime peak"),
        };

        var actions = new List<ActionItem>
        {
            Action(incident, 12, "Alert when any orders-db pool is above 80% for 5 minutes", Dana, new DateOnly(2026, 11, 27), ActionItemType.Detect, ActionItemPriority.P1),
            Action(incident, 13, "Show current value and peak load next to config diffs in review", Sam, new DateOnly(2026, 12, 11), ActionItemType.Prevent, ActionItemPriority.P2),
        };

        return new PostmortemMaterial(incident, timeline, notes, actions, new ReviewBooking(new DateTimeOffset(2026, 11, 23, 14, 0, 0, TimeSpan.Zero), Sam));
    }

    /// <summary>An incident where messages were edited and withdrawn, and one contribution reads as blame.</summary>
    public static PostmortemMaterial EditedAndWithdrawn()
    {
        var t0 = new DateTimeOffset(2026, 11, 21, 9, 15, 0, TimeSpan.Zero);
        var incident = Builders.AnIncident() with
        {
            Id = 7,
            Number = 7,
            Title = "Search results stale",
            Severity = Severity.Sev3,
            Status = IncidentStatus.Resolved,
            Channel = new ChannelRef(Platform.Sandbox, "inc-7-search-results-stale", "inc-7-search-results-stale"),
            DeclaredBy = Dana,
            DeclaredAt = t0,
            Commander = Dana,
            Times = new KeyTimes { DetectedAt = t0, AcknowledgedAt = t0, MitigatedAt = t0.AddMinutes(40), ResolvedAt = t0.AddMinutes(55) },
        };
        var timeline = new List<TimelineEvent>
        {
            Event(incident, TimelineEventKind.Declared, t0, Dana, "Declared SEV3: Search results stale"),
            Event(incident, TimelineEventKind.Pinned, t0.AddMinutes(5), Sam, "indexer lag is 3h and growing", "m-1") with { OriginalText = "indexer lag is 3m", EditedAt = t0.AddMinutes(6), Text = "indexer lag is 3h and growing" },
            Event(incident, TimelineEventKind.Pinned, t0.AddMinutes(8), Sam, "restarting the whole cluster", "m-2") with { WithdrawnAt = t0.AddMinutes(9) },
            Event(incident, TimelineEventKind.Note, t0.AddMinutes(20), Dana, "Paused the bulk re-index job"),
            Event(incident, TimelineEventKind.StatusChanged, t0.AddMinutes(40), Dana, "Status: investigating → monitoring"),
            Event(incident, TimelineEventKind.Resolved, t0.AddMinutes(55), Dana, "Resolved"),
        };
        var notes = new List<PostmortemNote>
        {
            Note(incident, PostmortemNoteKind.Perspective, Sam, "Honestly Marco should have checked the re-index schedule before kicking it off, it was careless."),
            Note(incident, PostmortemNoteKind.Factor, Dana, "The bulk re-index job shares the indexer queue with live updates"),
            Note(incident, PostmortemNoteKind.Why, Dana, "Results were stale because live updates waited behind the bulk re-index"),
            Note(incident, PostmortemNoteKind.WentWell, Sam, "Lag dashboard made the cause obvious within minutes") with { WithdrawnAt = t0.AddHours(2) },
        };
        var actions = new List<ActionItem>
        {
            Action(incident, 3, "Investigate queue priorities", null, null, ActionItemType.Prevent, ActionItemPriority.P3),
        };
        return new PostmortemMaterial(incident, timeline, notes, actions, null);
    }

    /// <summary>A quiet incident nobody wrote anything about yet: the draft must be prompts, not prose.</summary>
    public static PostmortemMaterial NoContributions()
    {
        var t0 = new DateTimeOffset(2026, 11, 21, 15, 2, 0, TimeSpan.Zero);
        var incident = Builders.AnIncident() with
        {
            Id = 9,
            Number = 9,
            Title = "Webhook deliveries delayed",
            Severity = Severity.Sev4,
            Status = IncidentStatus.Monitoring,
            Channel = new ChannelRef(Platform.Teams, "19:abc@thread.tacv2", "Webhooks incident"),
            DeclaredBy = Marco,
            DeclaredAt = t0,
            Times = new KeyTimes { DetectedAt = t0, AcknowledgedAt = t0.AddMinutes(3), MitigatedAt = t0.AddMinutes(30) },
        };
        var timeline = new List<TimelineEvent>
        {
            Event(incident, TimelineEventKind.Declared, t0, Marco, "Declared SEV4: Webhook deliveries delayed"),
            Event(incident, TimelineEventKind.StatusChanged, t0.AddMinutes(30), Marco, "Status: investigating → monitoring"),
        };
        return new PostmortemMaterial(incident, timeline, [], [], null);
    }

    public static TimelineEvent Event(Incident incident, TimelineEventKind kind, DateTimeOffset at, Person author, string text, string? sourceId = null, string? link = null) => new()
    {
        Id = _nextId++,
        Workspace = incident.Workspace,
        IncidentId = incident.Id,
        Kind = kind,
        OccurredAt = at,
        RecordedAt = at,
        Author = author,
        Text = text,
        SourceId = sourceId,
        Link = link,
    };

    private static IEnumerable<TimelineEvent> Messages(Incident incident, DateTimeOffset from, int count, Person[] people) =>
        Enumerable.Range(0, count).Select(i =>
            Event(incident, TimelineEventKind.Message, from.AddMinutes(i * 3), people[i % people.Length], $"message {i}", $"C0INC41/{i}"));

    private static PostmortemNote Note(Incident incident, PostmortemNoteKind kind, Person author, string text) => new()
    {
        Id = _nextId++,
        Workspace = incident.Workspace,
        IncidentId = incident.Id,
        Kind = kind,
        Author = author,
        Text = text,
        CreatedAt = incident.DeclaredAt.AddDays(1),
    };

    private static ActionItem Action(Incident incident, int number, string title, Person? owner, DateOnly? due, ActionItemType type, ActionItemPriority priority) => new()
    {
        Id = number,
        Workspace = incident.Workspace,
        IncidentId = incident.Id,
        Number = number,
        Title = title,
        Owner = owner,
        DueOn = due,
        Type = type,
        Priority = priority,
        CreatedBy = incident.Commander ?? incident.DeclaredBy,
        CreatedAt = incident.DeclaredAt.AddDays(1),
    };
}
