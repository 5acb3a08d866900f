using IncidentBot.Core.Timeline;

namespace IncidentBot.Core.Incidents;

/// <summary>
/// The rules of an incident's lifecycle, as pure functions: each change gives the new state and the timeline
/// event that records it, or an error that explains why the change makes no sense.
/// </summary>
public static class IncidentLifecycle
{
    public static LifecycleChange ChangeStatus(Incident incident, IncidentStatus to, string? note, Person actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        if (to == IncidentStatus.Resolved)
        {
            return Resolve(incident, note, actor, now);
        }

        if (incident.Status == to)
        {
            return LifecycleChange.Refused($"{incident.Reference} is already {Name(to)}.");
        }

        if (incident.Status == IncidentStatus.Resolved)
        {
            var reopened = incident with
            {
                Status = to,
                Times = incident.Times with { ResolvedAt = null },
            };
            return LifecycleChange.To(reopened, Event(incident, TimelineEventKind.Reopened, actor, now, WithNote($"Reopened: {Name(to)}", note)));
        }

        var times = incident.Times;
        times = to switch
        {
            IncidentStatus.Identified => times with { AcknowledgedAt = times.AcknowledgedAt ?? now, MitigatedAt = null },
            IncidentStatus.Monitoring => times with { AcknowledgedAt = times.AcknowledgedAt ?? now, MitigatedAt = times.MitigatedAt ?? now },

            // Back to investigating: the mitigation did not hold, so it gets its time again when it does.
            _ => times with { MitigatedAt = null },
        };
        var changed = incident with { Status = to, Times = times };
        return LifecycleChange.To(changed, Event(incident, TimelineEventKind.StatusChanged, actor, now, WithNote($"Status: {Name(incident.Status)} → {Name(to)}", note)));
    }

    public static LifecycleChange Resolve(Incident incident, string? note, Person actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        if (incident.Status == IncidentStatus.Resolved)
        {
            return LifecycleChange.Refused($"{incident.Reference} is already resolved. To reopen it, set another status: /incident status investigating.");
        }

        var resolved = incident with
        {
            Status = IncidentStatus.Resolved,
            Times = incident.Times with
            {
                AcknowledgedAt = incident.Times.AcknowledgedAt ?? now,
                MitigatedAt = incident.Times.MitigatedAt ?? now,
                ResolvedAt = now,
            },
        };
        return LifecycleChange.To(resolved, Event(incident, TimelineEventKind.Resolved, actor, now, WithNote("Resolved", note)));
    }

    public static LifecycleChange ChangeSeverity(Incident incident, Severity to, Person actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        if (incident.Severity == to)
        {
            return LifecycleChange.Refused($"{incident.Reference} is already {Name(to)}.");
        }

        return LifecycleChange.To(
            incident with { Severity = to },
            Event(incident, TimelineEventKind.SeverityChanged, actor, now, $"Severity: {Name(incident.Severity)} → {Name(to)}"));
    }

    public static LifecycleChange AssignRole(Incident incident, IncidentRole role, Person person, Person actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(person);
        var current = incident.Holder(role);
        if (current is not null && string.Equals(current.Id, person.Id, StringComparison.Ordinal))
        {
            return LifecycleChange.Refused($"{person.Name} is already {Name(role)} of {incident.Reference}.");
        }

        var changed = role switch
        {
            IncidentRole.Commander => incident with
            {
                Commander = person,
                Times = incident.Times with { AcknowledgedAt = incident.Times.AcknowledgedAt ?? now },
            },
            IncidentRole.Comms => incident with { Comms = person },
            _ => incident with { Scribe = person },
        };
        var text = current is null
            ? $"{person.Name} is {Name(role)}"
            : $"{person.Name} is {Name(role)} (was {current.Name})";
        return LifecycleChange.To(changed, Event(incident, TimelineEventKind.RoleAssigned, actor, now, text));
    }

    public static LifecycleChange SetSummary(Incident incident, string summary, Person actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return string.Equals(incident.Summary, summary, StringComparison.Ordinal)
            ? LifecycleChange.Refused("The summary already says exactly that.")
            : LifecycleChange.To(incident with { Summary = summary }, Event(incident, TimelineEventKind.SummaryUpdated, actor, now, $"Summary: {summary}"));
    }

    public static LifecycleChange SetImpact(Incident incident, string impact, Person actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return string.Equals(incident.Impact, impact, StringComparison.Ordinal)
            ? LifecycleChange.Refused("The impact already says exactly that.")
            : LifecycleChange.To(incident with { Impact = impact }, Event(incident, TimelineEventKind.ImpactUpdated, actor, now, $"Impact: {impact}"));
    }

    /// <param name="shownAs">The time as people read it, for the timeline text.</param>
    public static LifecycleChange SetKeyTime(Incident incident, KeyTime which, DateTimeOffset at, string shownAs, Person actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        if (which == KeyTime.Resolved && incident.Status != IncidentStatus.Resolved)
        {
            return LifecycleChange.Refused($"{incident.Reference} isn't resolved yet; resolve it first, then correct the time.");
        }

        if (which == KeyTime.Mitigated && incident.Status is IncidentStatus.Investigating or IncidentStatus.Identified)
        {
            return LifecycleChange.Refused($"{incident.Reference} isn't mitigated yet (status {Name(incident.Status)}); set status monitoring first.");
        }

        var times = which switch
        {
            KeyTime.ImpactStarted => incident.Times with { ImpactStartedAt = at },
            KeyTime.Detected => incident.Times with { DetectedAt = at },
            KeyTime.Acknowledged => incident.Times with { AcknowledgedAt = at },
            KeyTime.Mitigated => incident.Times with { MitigatedAt = at },
            _ => incident.Times with { ResolvedAt = at },
        };
        return LifecycleChange.To(
            incident with { Times = times },
            Event(incident, TimelineEventKind.KeyTimeSet, actor, now, $"{Name(which)} time set to {shownAs}"));
    }

    public static string Name(IncidentStatus status) => status.ToString().ToLowerInvariant();

    public static string Name(Severity severity) => severity.ToString().ToUpperInvariant();

    public static string Name(IncidentRole role) => role.ToString().ToLowerInvariant();

    public static string Name(KeyTime keyTime) => keyTime switch
    {
        KeyTime.ImpactStarted => "Impact start",
        KeyTime.Detected => "Detected",
        KeyTime.Acknowledged => "Acknowledged",
        KeyTime.Mitigated => "Mitigated",
        _ => "Resolved",
    };

    private static TimelineEvent Event(Incident incident, TimelineEventKind kind, Person actor, DateTimeOffset now, string text) => new()
    {
        Workspace = incident.Workspace,
        IncidentId = incident.Id,
        Kind = kind,
        OccurredAt = now,
        RecordedAt = now,
        Author = actor,
        Text = text,
    };

    private static string WithNote(string text, string? note) => note is null ? text : $"{text}: {note}";
}

/// <summary>The outcome of a lifecycle rule: a new state and its timeline event, or a refusal.</summary>
public sealed record LifecycleChange(Incident? Incident, TimelineEvent? Event, string? Refusal)
{
    public static LifecycleChange To(Incident incident, TimelineEvent timelineEvent) => new(incident, timelineEvent, null);

    public static LifecycleChange Refused(string reason) => new(null, null, reason);
}
