using IncidentBot.Core.Incidents;

namespace IncidentBot.Core.Capture;

/// <summary>A human message seen in a channel, as any platform delivers it.</summary>
/// <param name="MessageId">The platform's id for the message, unique in the workspace (Slack: channel + ts).</param>
/// <param name="ThreadId">The thread root's message id for a thread reply.</param>
public sealed record ChannelMessage(
    Platform Platform,
    string WorkspaceId,
    ChannelRef Channel,
    Person Author,
    string MessageId,
    string? ThreadId,
    string Text,
    DateTimeOffset SentAt,
    string? Link = null)
{
    public string Workspace => Incidents.Workspace.Key(Platform, WorkspaceId);
}
