namespace IncidentBot.Core.Incidents;

/// <summary>Lifecycle: investigating → identified → monitoring → resolved; a resolved incident can be reopened.</summary>
public enum IncidentStatus
{
    Investigating,
    Identified,
    Monitoring,
    Resolved,
}
