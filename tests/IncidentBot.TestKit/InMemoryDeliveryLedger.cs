using IncidentBot.Core.Ports;

namespace IncidentBot.TestKit;

/// <summary>
/// <see cref="IDeliveryLedger"/> in memory, with the semantics of the SQL ledger (the storage contract tests run
/// against both). Thread-safe; every call is atomic.
/// </summary>
public sealed class InMemoryDeliveryLedger : IDeliveryLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Workspace, string DeliveryId), Entry> _entries = [];

    public Task<DeliveryStart> TryBeginAsync(
        string workspace, string deliveryId, string owner, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(deliveryId);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        lock (_gate)
        {
            if (_entries.TryGetValue((workspace, deliveryId), out var entry))
            {
                if (entry.Done)
                {
                    return Task.FromResult(DeliveryStart.AlreadyDone);
                }

                if (entry.LeaseUntil > now)
                {
                    return Task.FromResult(DeliveryStart.InProgress);
                }
            }

            _entries[(workspace, deliveryId)] = new Entry(owner, now + lease, now, Done: false);
            return Task.FromResult(DeliveryStart.Begun);
        }
    }

    public Task<bool> CompleteAsync(string workspace, string deliveryId, string owner, DateTimeOffset completedAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue((workspace, deliveryId), out var entry) || entry.Done || entry.Owner != owner)
            {
                return Task.FromResult(false);
            }

            _entries[(workspace, deliveryId)] = entry with { Done = true };
            return Task.FromResult(true);
        }
    }

    public Task<bool> ReleaseAsync(string workspace, string deliveryId, string owner, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var held = _entries.TryGetValue((workspace, deliveryId), out var entry) && !entry.Done && entry.Owner == owner;
            if (held)
            {
                _entries.Remove((workspace, deliveryId));
            }

            return Task.FromResult(held);
        }
    }

    public Task<int> ForgetBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var old = _entries.Where(pair => pair.Value.StartedAt < before).Select(pair => pair.Key).ToList();
            foreach (var key in old)
            {
                _entries.Remove(key);
            }

            return Task.FromResult(old.Count);
        }
    }

    private sealed record Entry(string Owner, DateTimeOffset LeaseUntil, DateTimeOffset StartedAt, bool Done);
}
