using System.Globalization;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Timeline;

namespace IncidentBot.Core.Commands;

/// <summary>How incidents and timelines read in chat, on every platform.</summary>
internal static class IncidentReplies
{
    public static string Headline(Incident incident) =>
        $"{incident.Reference}: {incident.Title}";

    public static IReadOnlyList<ReplyField> Facts(Incident incident, WorkspaceClock clock)
    {
        var fields = new List<ReplyField>
        {
            new("Status", IncidentLifecycle.Name(incident.Status)),
            new("Severity", IncidentLifecycle.Name(incident.Severity)),
            new("Channel", "#" + incident.Channel.Name),
            new("Commander", incident.Commander?.Name ?? "unassigned"),
        };
        if (incident.Comms is { } comms)
        {
            fields.Add(new ReplyField("Comms", comms.Name));
        }

        if (incident.Scribe is { } scribe)
        {
            fields.Add(new ReplyField("Scribe", scribe.Name));
        }

        fields.Add(new ReplyField("Declared", $"{clock.Format(incident.DeclaredAt, withDate: true)} by {incident.DeclaredBy.Name}"));
        return fields;
    }

    public static IReadOnlyList<ReplyField> KeyTimes(Incident incident, WorkspaceClock clock)
    {
        var times = incident.Times;
        var fields = new List<ReplyField>();
        void Add(string label, DateTimeOffset? at)
        {
            if (at is { } value)
            {
                fields.Add(new ReplyField(label, clock.Format(value, withDate: true)));
            }
        }

        Add("Impact started", times.ImpactStartedAt);
        Add("Detected", times.DetectedAt);
        Add("Acknowledged", times.AcknowledgedAt);
        Add("Mitigated", times.MitigatedAt);
        Add("Resolved", times.ResolvedAt);

        var start = times.ImpactStartedAt ?? times.DetectedAt;
        AddDuration(fields, "Time to detect", times.ImpactStartedAt, times.DetectedAt);
        AddDuration(fields, "Time to acknowledge", times.DetectedAt, times.AcknowledgedAt);
        AddDuration(fields, "Time to mitigate", start, times.MitigatedAt);
        AddDuration(fields, "Time to resolve", start, times.ResolvedAt);
        return fields;
    }

    public static TimelineBlock Timeline(IReadOnlyList<TimelineEvent> events, WorkspaceClock clock, DateTimeOffset now)
    {
        // Dates appear once the timeline spans more than one local day, or is not from today.
        var days = events.Select(e => clock.LocalDate(e.OccurredAt)).Distinct().ToList();
        var withDate = days.Count > 1 || (days.Count == 1 && days[0] != clock.LocalDate(now));
        var lines = events
            .Select(e => new TimelineLine(
                clock.Format(e.OccurredAt, withDate),
                Label(e.Kind),
                e.Author.Name,
                e.Text,
                e.EditedAt is not null,
                e.Link))
            .ToList();
        return new TimelineBlock(lines, clock.ZoneName);
    }

    public static string Label(TimelineEventKind kind) => kind switch
    {
        TimelineEventKind.Declared => "declared",
        TimelineEventKind.StatusChanged => "status",
        TimelineEventKind.SeverityChanged => "severity",
        TimelineEventKind.RoleAssigned => "role",
        TimelineEventKind.SummaryUpdated => "summary",
        TimelineEventKind.ImpactUpdated => "impact",
        TimelineEventKind.KeyTimeSet => "key time",
        TimelineEventKind.Note => "note",
        TimelineEventKind.Message => "message",
        TimelineEventKind.Pinned => "pinned",
        TimelineEventKind.Resolved => "resolved",
        TimelineEventKind.Reopened => "reopened",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            return "-" + Duration(span.Negate());
        }

        if (span.TotalMinutes < 1)
        {
            return "under 1 min";
        }

        var parts = new List<string>();
        if (span.Days > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{span.Days} d"));
        }

        if (span.Hours > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{span.Hours} h"));
        }

        if (span.Minutes > 0 && span.Days == 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{span.Minutes} min"));
        }

        return string.Join(' ', parts);
    }

    private static void AddDuration(List<ReplyField> fields, string label, DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from is { } start && to is { } end)
        {
            fields.Add(new ReplyField(label, Duration(end - start)));
        }
    }
}
