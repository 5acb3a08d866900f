using IncidentBot.Core.ActionItems;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Timeline;

namespace IncidentBot.Core.Postmortems;

/// <summary>Is the draft ready for its review? Each check says what is missing.</summary>
public sealed record Readiness(IReadOnlyList<ReadinessCheck> Checks)
{
    public bool IsReady => Checks.All(c => c.Met);

    internal static Readiness Assess(PostmortemMaterial material, IReadOnlyList<TimelineEvent> keyEvents, IReadOnlyList<PostmortemNote> notes, IReadOnlyList<BlameFlag> flags)
    {
        var incident = material.Incident;
        var factors = notes.Count(n => n.Kind == PostmortemNoteKind.Factor);
        var open = material.ActionItems.Where(i => i.Status == ActionItemStatus.Open).ToList();
        var unowned = open.Count(i => i.Owner is null || i.DueOn is null);
        var humanEntries = keyEvents.Count(e => e.Kind is TimelineEventKind.Note or TimelineEventKind.Pinned);
        return new Readiness(
        [
            new ReadinessCheck(
                "Impact stated",
                !string.IsNullOrWhiteSpace(incident.Impact),
                "describe the impact with /incident impact …"),
            new ReadinessCheck(
                "Contributing factors beyond a single cause",
                factors >= 2,
                factors == 0 ? "add contributing factors with /postmortem factor …" : "only one factor so far; what else had to be true?"),
            new ReadinessCheck(
                "Every action item owned and dated",
                material.ActionItems.Count > 0 && unowned == 0,
                material.ActionItems.Count == 0 ? "no action items yet" : $"{unowned} open item{(unowned == 1 ? " has" : "s have")} no owner or no due date"),
            new ReadinessCheck(
                "Timeline covers detection to resolution",
                incident.Status == IncidentStatus.Resolved && incident.Times.DetectedAt is not null && humanEntries > 0,
                incident.Status != IncidentStatus.Resolved
                    ? "the incident is not resolved yet"
                    : "add what happened between detection and resolution (/incident timeline HH:MM …, or pin messages)"),
            new ReadinessCheck(
                "No open blame flags",
                flags.Count == 0,
                $"{flags.Count} passage{(flags.Count == 1 ? string.Empty : "s")} to reframe (see below)"),
        ]);
    }
}

public sealed record ReadinessCheck(string Name, bool Met, string Advice);
