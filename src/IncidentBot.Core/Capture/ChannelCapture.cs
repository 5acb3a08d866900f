using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;

namespace IncidentBot.Core.Capture;

/// <summary>
/// Keeps an incident channel's human messages as the incident's transcript, follows their edits and
/// deletions, and promotes pinned (or reacted-to) messages to the key timeline at their original time.
/// Every method is idempotent: a re-delivered platform event changes nothing the second time.
/// </summary>
public sealed class ChannelCapture(IIncidentStore store, TimeProvider timeProvider)
{
    /// <summary>Stores the message if its channel hosts an incident. Returns false when it is not captured.</summary>
    public Task<bool> CaptureAsync(ChannelMessage message, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"In progress on main: {store}{timeProvider}{message}");

    public Task EditAsync(Platform platform, string workspaceId, string messageId, string newText, DateTimeOffset editedAt, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task DeleteAsync(Platform platform, string workspaceId, string messageId, DateTimeOffset deletedAt, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    /// <summary>A pin or the timeline reaction: the captured message joins the key timeline at its original time.</summary>
    public Task<bool> PromoteAsync(Platform platform, string workspaceId, string messageId, Person promotedBy, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    /// <summary>The pin or reaction was removed: the message leaves the key timeline (it stays in the transcript).</summary>
    public Task DemoteAsync(Platform platform, string workspaceId, string messageId, DateTimeOffset demotedAt, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}
