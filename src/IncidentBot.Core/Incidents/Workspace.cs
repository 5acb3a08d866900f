namespace IncidentBot.Core.Incidents;

/// <summary>
/// The tenancy key every query is scoped by. Qualified by platform so that a Slack team id and a Teams
/// tenant id can never name the same workspace.
/// </summary>
public static class Workspace
{
    public static string Key(Platform platform, string workspaceId) =>
        string.Concat(platform.ToString().ToLowerInvariant(), ":", workspaceId);
}
