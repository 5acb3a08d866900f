using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Timeline;

namespace IncidentBot.Core.Capture;

/// <summary>
/// Keeps an incident channel's human messages as the incident's transcript, follows their edits and
/// deletions, and promotes pinned (or reacted-to) messages to the key timeline at their original time.
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

    /// <summary>The message was edited: every entry made from it shows the new text (the first text is kept).</summary>
    public Task EditAsync(Platform platform, string workspaceId, string messageId, string newText, DateTimeOffset editedAt, CancellationToken cancellationToken) =>
        store.EditBySourceAsync(Workspace.Key(platform, workspaceId), messageId, newText, editedAt, cancellationToken);

    /// <summary>The message was deleted: it leaves the transcript and the key timeline.</summary>
    public Task DeleteAsync(Platform platform, string workspaceId, string messageId, DateTimeOffset deletedAt, CancellationToken cancellationToken) =>
        store.WithdrawBySourceAsync(Workspace.Key(platform, workspaceId), messageId, kind: null, deletedAt, cancellationToken);

    /// <summary>
    /// A pin or the timeline reaction: the captured message joins the key timeline at its original time.
    /// Returns false when the message was never captured (not in an incident channel, or deleted).
    /// </summary>
    public async Task<bool> PromoteAsync(Platform platform, string workspaceId, string messageId, Person promotedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(promotedBy);
        var workspace = Workspace.Key(platform, workspaceId);
        var captured = (await store.FindBySourceAsync(workspace, messageId, cancellationToken))
            .FirstOrDefault(e => e.Kind == TimelineEventKind.Message);
        if (captured is null)
        {
            return false;
        }

        // The pinned entry keeps the message's author and time: the timeline is about what happened, not who pinned it.
        await store.AppendEventAsync(
            captured with
            {
                Id = 0,
                Kind = TimelineEventKind.Pinned,
                RecordedAt = timeProvider.GetUtcNow(),
                WithdrawnAt = null,
            },
            cancellationToken);
        return true;
    }

    /// <summary>The pin or reaction was removed: the message leaves the key timeline (it stays in the transcript).</summary>
    public Task DemoteAsync(Platform platform, string workspaceId, string messageId, DateTimeOffset demotedAt, CancellationToken cancellationToken) =>
        store.WithdrawBySourceAsync(Workspace.Key(platform, workspaceId), messageId, TimelineEventKind.Pinned, demotedAt, cancellationToken);
}
