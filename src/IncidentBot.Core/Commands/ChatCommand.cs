using IncidentBot.Core.Incidents;

namespace IncidentBot.Core.Commands;

/// <summary>
/// A command as any platform delivers it: <c>/incident status resolved</c> in Slack,
/// <c>@IncidentBot incident status resolved</c> in Teams, or the sandbox page.
/// </summary>
/// <param name="Command">The command word without the slash: <c>incident</c> or <c>postmortem</c>.</param>
/// <param name="Text">Everything after the command word.</param>
/// <param name="DeliveryId">The platform's id for this delivery when it has one; makes re-delivery harmless.</param>
public sealed record ChatCommand(
    Platform Platform,
    string WorkspaceId,
    ChannelRef Channel,
    Person User,
    string Command,
    string Text,
    DateTimeOffset ReceivedAt,
    string? DeliveryId = null)
{
    public string Workspace => Incidents.Workspace.Key(Platform, WorkspaceId);
}
