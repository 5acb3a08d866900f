using IncidentBot.Core.Incidents;

namespace IncidentBot.Core.Ports;

/// <summary>
/// The durable queue every message the bot sends outside an HTTP response goes through. A chat platform's
/// outage or rate limit delays messages; it never loses them. Delivery is in order per channel: only the
/// oldest undelivered message of a channel can be claimed. Claims are leases, so with several replicas each
/// message is delivered by one of them, and a replica that dies releases its claims when the lease ends.
/// </summary>
public interface IOutbox
{
    /// <summary>
    /// Stores the message for delivery. When a message with the same <see cref="OutboundMessage.DedupeKey"/>
    /// exists already in the workspace, nothing changes and the stored one is returned. A message without a
    /// <see cref="OutboundMessage.NextAttemptAt"/> is due from its <see cref="OutboundMessage.CreatedAt"/>.
    /// </summary>
    Task<OutboundMessage> EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="max"/> messages of <paramref name="platform"/> that are due at
    /// <paramref name="now"/>: for each channel (platform and channel id) at most its oldest message that is neither
    /// delivered nor failed, and only when that one is not leased by someone else. The claim lasts until
    /// now + <paramref name="lease"/>. Oldest first; two concurrent claimants never get the same message. A message
    /// taken over from a claim that ended without being completed (its claimant died mid-attempt) comes back with
    /// <see cref="OutboundMessage.OutcomeUnknown"/> set.
    /// </summary>
    Task<IReadOnlyList<OutboundMessage>> ClaimDueAsync(Platform platform, string claimant, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken);

    /// <summary>Marks a claimed message delivered. Returns false when the claim was lost (another claimant holds it).</summary>
    Task<bool> MarkDeliveredAsync(long id, string claimant, DateTimeOffset deliveredAt, CancellationToken cancellationToken);

    /// <summary>
    /// Releases a claimed message to be tried again at <paramref name="nextAttemptAt"/>, counting the attempt. With
    /// <paramref name="outcomeUnknown"/> the attempt may have reached the platform (a timeout, a broken connection, a
    /// failure after the platform accepted it): <see cref="OutboundMessage.OutcomeUnknown"/> is set and stays set, so
    /// the sender checks before sending again. Without it the flag keeps its value.
    /// </summary>
    Task<bool> MarkRetryAsync(long id, string claimant, DateTimeOffset nextAttemptAt, string reason, bool outcomeUnknown, CancellationToken cancellationToken);

    /// <summary>
    /// Records how far a multi-step delivery got (a platform's upload ticket, say) on a message the claimant holds,
    /// before the step whose outcome could be lost: a later attempt, by this claimant or another after the lease
    /// ends, continues from there instead of starting again. Null clears it. Returns false when the claim was lost.
    /// </summary>
    Task<bool> RecordProgressAsync(long id, string claimant, string? progress, CancellationToken cancellationToken);

    /// <summary>
    /// Gives up on a message the platform will never accept (a deleted channel, a revoked token): it stays
    /// stored with its error for operators to see, and no longer holds up its channel.
    /// </summary>
    Task<bool> MarkFailedAsync(long id, string claimant, DateTimeOffset failedAt, string reason, CancellationToken cancellationToken);

    /// <summary>Messages not yet delivered (waiting or failed) in a workspace, oldest first, for status pages and tests.</summary>
    Task<IReadOnlyList<OutboundMessage>> ListUndeliveredAsync(string workspace, int limit, CancellationToken cancellationToken);

    /// <summary>Deletes messages delivered before <paramref name="deliveredBefore"/> (housekeeping). Returns how many.</summary>
    Task<int> PurgeDeliveredAsync(DateTimeOffset deliveredBefore, CancellationToken cancellationToken);
}

/// <summary>One message on its way to a chat platform.</summary>
public sealed record OutboundMessage
{
    /// <summary>Store-assigned; 0 before enqueueing.</summary>
    public long Id { get; init; }

    public required string Workspace { get; init; }
    public Platform Platform { get; init; }

    /// <summary>Where it goes: a channel, conversation or user id on the platform. Delivery is ordered per channel.</summary>
    public required string ChannelId { get; init; }

    /// <summary>What the payload is, for the platform's sender (for example <c>slack.chat.postMessage</c>).</summary>
    public required string Kind { get; init; }

    /// <summary>The platform-ready content, rendered when enqueued (for example Block Kit JSON).</summary>
    public required string Payload { get; init; }

    /// <summary>Makes enqueueing idempotent: a reminder's id, an announcement's command delivery id.</summary>
    public string? DedupeKey { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset NextAttemptAt { get; init; }
    public int Attempts { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }
    public DateTimeOffset? FailedAt { get; init; }
    public string? LastError { get; init; }

    /// <summary>
    /// An earlier attempt may have reached the platform without our knowing: it timed out, the connection broke,
    /// the platform failed after accepting it, or its claimant died before completing the claim. The sender looks
    /// on the platform for the message before sending it again. Once set, it stays set until the message is done.
    /// </summary>
    public bool OutcomeUnknown { get; init; }

    /// <summary>How far a multi-step delivery got (<see cref="IOutbox.RecordProgressAsync"/>), in the sender's own terms; null before any.</summary>
    public string? Progress { get; init; }
}
