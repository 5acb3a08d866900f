using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Timeline;

namespace IncidentBot.Core.Capture;

/// <summary>
/// Keeps an incident channel's human messages as the incident's transcript, follows their edits and
/// deletions, and keeps pinned (or reacted-to) messages on the key timeline at their original time while at least
/// one of their markers (the pin, each person's reaction) remains.
/// Every method is idempotent: a re-delivered platform event changes nothing the second time.
/// </summary>
public sealed class ChannelCapture(IIncidentStore store, TimeProvider timeProvider)
{
    /// <summary>Stores the message if its channel hosts an incident. Returns false when it is not captured.</summary>
    public async Task<bool> CaptureAsync(ChannelMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrWhiteSpace(message.Text))
        {
            return false;
        }

        var incident = await store.FindByChannelAsync(message.Workspace, message.Channel.Id, cancellationToken);
        if (incident is null)
        {
            return false;
        }

        var appended = await store.AppendEventAsync(
            new TimelineEvent
            {
                Workspace = message.Workspace,
                IncidentId = incident.Id,
                Kind = TimelineEventKind.Message,
                OccurredAt = message.SentAt,
                RecordedAt = timeProvider.GetUtcNow(),
                Author = message.Author,
                Text = message.Text,
                SourceId = message.MessageId,
                ThreadId = message.ThreadId,
                Link = message.Link,
            },
            cancellationToken);
        return appended.Added;
    }

    /// <summary>Whether the channel hosts an incident, so that its messages are captured.</summary>
    public async Task<bool> HostsIncidentAsync(Platform platform, string workspaceId, string channelId, CancellationToken cancellationToken) =>
        await store.FindByChannelAsync(Workspace.Key(platform, workspaceId), channelId, cancellationToken) is not null;

    /// <summary>The message was edited: every entry made from it shows the new text (the first text is kept).</summary>
    public Task EditAsync(Platform platform, string workspaceId, string messageId, string newText, DateTimeOffset editedAt, CancellationToken cancellationToken) =>
        store.EditBySourceAsync(Workspace.Key(platform, workspaceId), messageId, newText, editedAt, cancellationToken);

    /// <summary>The message was deleted: it leaves the transcript and the key timeline.</summary>
    public Task DeleteAsync(Platform platform, string workspaceId, string messageId, DateTimeOffset deletedAt, CancellationToken cancellationToken) =>
        store.WithdrawBySourceAsync(Workspace.Key(platform, workspaceId), messageId, kind: null, deletedAt, cancellationToken);

    /// <summary>
    /// A pin or someone's timeline reaction (<paramref name="marker"/>, made at <paramref name="at"/>): the captured message
    /// joins the key timeline at its original time, or stays on it. An entry taken out when its last marker went comes
    /// back with its id and time. Idempotent; a change older than the marker's last one is ignored. Nothing happens
    /// (<see cref="TimelineMarkerResult.Captured"/> is false) when the message was never captured or was deleted.
    /// </summary>
    public Task<TimelineMarkerResult> PromoteAsync(Platform platform, string workspaceId, string messageId, TimelineMarker marker, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(marker);
        return store.AddTimelineMarkerAsync(Workspace.Key(platform, workspaceId), messageId, marker, at, timeProvider.GetUtcNow(), cancellationToken);
    }

    /// <summary>
    /// The pin or someone's timeline reaction was removed (at <paramref name="at"/>): the message leaves the key timeline
    /// when that was its last marker (it stays in the transcript). Removing a marker that is not there changes nothing,
    /// and its add, should it arrive later with an earlier time, is ignored.
    /// </summary>
    public Task<TimelineMarkerResult> DemoteAsync(Platform platform, string workspaceId, string messageId, TimelineMarker marker, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(marker);
        return store.RemoveTimelineMarkerAsync(Workspace.Key(platform, workspaceId), messageId, marker, at, cancellationToken);
    }
}
