namespace IncidentBot.Core.Incidents;

public enum IncidentRole
{
    Commander,
    Comms,
    Scribe,
}
