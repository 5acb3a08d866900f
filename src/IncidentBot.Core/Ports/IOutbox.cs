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
    /// now + <paramref name="lease"/>. Oldest first; two concurrent claimants never get the same message.
    /// </summary>
    Task<IReadOnlyList<OutboundMessage>> ClaimDueAsync(Platform platform, string claimant, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken);

    /// <summary>Marks a claimed message delivered. Returns false when the claim was lost (another claimant holds it).</summary>
    Task<bool> MarkDeliveredAsync(long id, string claimant, DateTimeOffset deliveredAt, CancellationToken cancellationToken);

    /// <summary>Releases a claimed message to be tried again at <paramref name="nextAttemptAt"/>, counting the attempt.</summary>
    Task<bool> MarkRetryAsync(long id, string claimant, DateTimeOffset nextAttemptAt, string reason, CancellationToken cancellationToken);

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
}
