using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;

namespace IncidentBot.Core.Ports;

/// <summary>Posts a message into a channel on one platform, outside any request's own response.</summary>
public interface IChatNotifier
{
    Platform Platform { get; }

    /// <summary>
    /// Posts <paramref name="message"/> into <paramref name="channel"/> of <paramref name="workspace"/> (the
    /// platform-qualified key, <see cref="Workspace.Key"/>: <c>slack:T123</c>). <paramref name="dedupeKey"/> names this
    /// message for good within the workspace (a reminder's id and kind, say): posting again with the same key, as a
    /// job that died after posting and runs again does, posts nothing new. A platform that queues its messages
    /// (Slack's outbox) has them durably queued when this returns.
    /// </summary>
    Task PostAsync(string workspace, ChannelRef channel, Reply message, string dedupeKey, CancellationToken cancellationToken);
}
