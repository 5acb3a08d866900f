namespace IncidentBot.Core.Ports;

/// <summary>
/// Which platform deliveries (a Slack <c>event_id</c>, a Teams activity id) have been processed, so that a
/// re-delivery changes nothing: also when it overlaps the first delivery, and also after a restart. A delivery
/// whose processing failed is forgotten, so the platform's retry processes it again. Processing holds a lease:
/// when a process dies mid-way, the lease runs out and a later retry takes the delivery over.
/// </summary>
public interface IDeliveryLedger
{
    /// <summary>
    /// Starts processing <paramref name="deliveryId"/> for <paramref name="owner"/> until now + <paramref name="lease"/>:
    /// <see cref="DeliveryStart.Begun"/> when it is new, was released after a failure, or its previous owner's
    /// lease has run out; otherwise says why not.
    /// </summary>
    Task<DeliveryStart> TryBeginAsync(string workspace, string deliveryId, string owner, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Records the delivery as processed. Returns false when <paramref name="owner"/> no longer holds it.</summary>
    Task<bool> CompleteAsync(string workspace, string deliveryId, string owner, DateTimeOffset completedAt, CancellationToken cancellationToken);

    /// <summary>Processing failed: forgets the delivery (if <paramref name="owner"/> still holds it) so that a retry runs it again.</summary>
    Task<bool> ReleaseAsync(string workspace, string deliveryId, string owner, CancellationToken cancellationToken);

    /// <summary>Forgets deliveries begun before <paramref name="before"/>, long after platforms stop retrying. Returns how many.</summary>
    Task<int> ForgetBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken);
}

public enum DeliveryStart
{
    /// <summary>The caller now holds the delivery and should process it, then complete or release it.</summary>
    Begun,

    /// <summary>Another delivery of the same id is being processed and its lease has not run out.</summary>
    InProgress,

    /// <summary>Processed already: nothing to do.</summary>
    AlreadyDone,
}
