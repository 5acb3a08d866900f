using IncidentBot.Core.Incidents;
using IncidentBot.Core.Timeline;

namespace IncidentBot.Storage;

/// <summary>
/// Records as the database keeps them (instants in UTC, to the microsecond). Stores write and return this
/// form, so what a write returns equals what a later read returns.
/// </summary>
internal static class StoredForm
{
    /// <summary>A person kept as an id and name column pair that may both be null (an unassigned role or owner).</summary>
    public static Person? PersonOrNull(string? id, string? name) => id is null ? null : new Person(id, name ?? string.Empty);

    public static Incident Of(Incident incident) => incident with
    {
        DeclaredAt = UtcInstant.Normalize(incident.DeclaredAt),
        Times = new KeyTimes
        {
            ImpactStartedAt = UtcInstant.Normalize(incident.Times.ImpactStartedAt),
            DetectedAt = UtcInstant.Normalize(incident.Times.DetectedAt),
            AcknowledgedAt = UtcInstant.Normalize(incident.Times.AcknowledgedAt),
            MitigatedAt = UtcInstant.Normalize(incident.Times.MitigatedAt),
            ResolvedAt = UtcInstant.Normalize(incident.Times.ResolvedAt),
        },
    };

    public static TimelineEvent Of(TimelineEvent timelineEvent) => timelineEvent with
    {
        OccurredAt = UtcInstant.Normalize(timelineEvent.OccurredAt),
        RecordedAt = UtcInstant.Normalize(timelineEvent.RecordedAt),
        EditedAt = UtcInstant.Normalize(timelineEvent.EditedAt),
        WithdrawnAt = UtcInstant.Normalize(timelineEvent.WithdrawnAt),
    };
}
