using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;

namespace IncidentBot.TestKit;

/// <summary>
/// <see cref="IOutbox"/> in memory, with the semantics of the SQL outbox (the storage contract tests run against
/// both): idempotent enqueue by dedupe key per workspace, one claimable head per channel, leases, claims that only
/// their claimant can complete, a claim taken over from one never completed marks the outcome unknown, instants in UTC
/// to the microsecond. Thread-safe; every call is atomic.
/// </summary>
public sealed class InMemoryOutbox : IOutbox
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, Entry> _messages = [];
    private long _lastId;

    /// <summary>Every message ever enqueued and not purged, oldest first, for assertions.</summary>
    public IReadOnlyList<OutboundMessage> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages.Values.Select(entry => entry.Message)];
            }
        }
    }

    public Task<OutboundMessage> EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            if (message.DedupeKey is { } key
                && _messages.Values.FirstOrDefault(entry => entry.Message.Workspace == message.Workspace && entry.Message.DedupeKey == key) is { } known)
            {
                return Task.FromResult(known.Message);
            }

            var stored = message with
            {
                Id = ++_lastId,
                CreatedAt = Stored(message.CreatedAt),
                NextAttemptAt = Stored(message.NextAttemptAt == default ? message.CreatedAt : message.NextAttemptAt),
                Attempts = 0,
                DeliveredAt = null,
                FailedAt = null,
                LastError = null,
                OutcomeUnknown = false,
                Progress = null,
            };
            _messages[stored.Id] = new Entry(stored, null, null);
            return Task.FromResult(stored);
        }
    }

    public Task<IReadOnlyList<OutboundMessage>> ClaimDueAsync(
        Platform platform, string claimant, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(claimant);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        now = Stored(now);
        lock (_gate)
        {
            var heads = _messages.Values
                .Where(entry => entry.Message.Platform == platform && entry.IsPending)
                .GroupBy(entry => entry.Message.ChannelId, StringComparer.Ordinal)
                .Select(channel => channel.First())
                .Where(head => head.Message.NextAttemptAt <= now && (head.ClaimedUntil is null || head.ClaimedUntil <= now))
                .OrderBy(head => head.Message.Id)
                .Take(max)
                .ToList();
            var claimed = new List<OutboundMessage>(heads.Count);
            foreach (var head in heads)
            {
                // Still claimed by someone whose lease ended: that attempt never finished, so it may have been sent.
                var message = head.ClaimedBy is null ? head.Message : head.Message with { OutcomeUnknown = true };
                _messages[head.Message.Id] = new Entry(message, claimant, Stored(now + lease));
                claimed.Add(message);
            }

            return Task.FromResult<IReadOnlyList<OutboundMessage>>(claimed);
        }
    }

    public Task<bool> MarkDeliveredAsync(long id, string claimant, DateTimeOffset deliveredAt, CancellationToken cancellationToken) =>
        Complete(id, claimant, message => message with { DeliveredAt = Stored(deliveredAt) });

    public Task<bool> MarkRetryAsync(long id, string claimant, DateTimeOffset nextAttemptAt, string reason, bool outcomeUnknown, CancellationToken cancellationToken) =>
        Complete(id, claimant, message => message with
        {
            NextAttemptAt = Stored(nextAttemptAt),
            LastError = reason,
            OutcomeUnknown = message.OutcomeUnknown || outcomeUnknown,
        });

    public Task<bool> RecordProgressAsync(long id, string claimant, string? progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(claimant);
        lock (_gate)
        {
            if (!_messages.TryGetValue(id, out var entry) || !entry.IsPending || entry.ClaimedBy != claimant)
            {
                return Task.FromResult(false);
            }

            _messages[id] = entry with { Message = entry.Message with { Progress = progress } };
            return Task.FromResult(true);
        }
    }

    public Task<bool> MarkFailedAsync(long id, string claimant, DateTimeOffset failedAt, string reason, CancellationToken cancellationToken) =>
        Complete(id, claimant, message => message with { FailedAt = Stored(failedAt), LastError = reason });

    public Task<IReadOnlyList<OutboundMessage>> ListUndeliveredAsync(string workspace, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (_gate)
        {
            IReadOnlyList<OutboundMessage> list = [.. _messages.Values
                .Select(entry => entry.Message)
                .Where(message => message.Workspace == workspace && message.DeliveredAt is null)
                .Take(limit)];
            return Task.FromResult(list);
        }
    }

    public Task<int> PurgeDeliveredAsync(DateTimeOffset deliveredBefore, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var purged = _messages.Values.Where(entry => entry.Message.DeliveredAt < deliveredBefore).Select(entry => entry.Message.Id).ToList();
            foreach (var id in purged)
            {
                _messages.Remove(id);
            }

            return Task.FromResult(purged.Count);
        }
    }

    private Task<bool> Complete(long id, string claimant, Func<OutboundMessage, OutboundMessage> change)
    {
        lock (_gate)
        {
            if (!_messages.TryGetValue(id, out var entry) || !entry.IsPending || entry.ClaimedBy != claimant)
            {
                return Task.FromResult(false);
            }

            _messages[id] = new Entry(change(entry.Message) with { Attempts = entry.Message.Attempts + 1 }, null, null);
            return Task.FromResult(true);
        }
    }

    private static DateTimeOffset Stored(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);

    private sealed record Entry(OutboundMessage Message, string? ClaimedBy, DateTimeOffset? ClaimedUntil)
    {
        public bool IsPending => Message.DeliveredAt is null && Message.FailedAt is null;
    }
}
