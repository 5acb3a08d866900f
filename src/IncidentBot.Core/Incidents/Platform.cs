namespace IncidentBot.Core.Incidents;

/// <summary>The chat platform a command, message or channel belongs to.</summary>
public enum Platform
{
    Sandbox,
    Slack,
    Teams,
}
