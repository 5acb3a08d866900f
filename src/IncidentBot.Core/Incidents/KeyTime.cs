namespace IncidentBot.Core.Incidents;

/// <summary>Names of the key times, as people type them (`impact-start`, `detected`, …).</summary>
public enum KeyTime
{
    ImpactStarted,
    Detected,
    Acknowledged,
    Mitigated,
    Resolved,
}
