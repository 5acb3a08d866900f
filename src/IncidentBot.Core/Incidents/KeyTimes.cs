namespace IncidentBot.Core.Incidents;

/// <summary>The moments a postmortem measures durations between. All UTC.</summary>
public sealed record KeyTimes
{
    public static readonly KeyTimes Empty = new();

    public DateTimeOffset? ImpactStartedAt { get; init; }
    public DateTimeOffset? DetectedAt { get; init; }
    public DateTimeOffset? AcknowledgedAt { get; init; }
    public DateTimeOffset? MitigatedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
}
