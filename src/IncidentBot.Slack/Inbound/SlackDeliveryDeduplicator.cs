using System.Collections.Concurrent;

namespace IncidentBot.Slack.Inbound;

/// <summary>
/// Slack re-delivers an event (same <c>event_id</c>) when it saw no 2xx within three seconds, sometimes while
/// the first delivery is still running. This runs the work once per id: an overlapping delivery awaits the
/// first one's outcome, a later one within <see cref="Remember"/> is a no-op, and a failed delivery is forgotten so
/// Slack's next retry runs it again. In memory and per process: the lasting guarantee is Core's idempotent
/// capture (one timeline entry per message id), this only saves the work and closes the overlap race.
/// </summary>
internal sealed class SlackDeliveryDeduplicator(TimeProvider timeProvider)
{
    /// <summary>Slack's last retry comes about five minutes after the first delivery.</summary>
    public static readonly TimeSpan Remember = TimeSpan.FromMinutes(15);

    private const int PurgeThreshold = 2_048;

    private readonly ConcurrentDictionary<string, Delivery> _deliveries = new(StringComparer.Ordinal);

    /// <summary>Returns true when this call ran the work, false when it was a duplicate.</summary>
    public async Task<bool> RunOnceAsync(string? deliveryId, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (string.IsNullOrEmpty(deliveryId))
        {
            await work(cancellationToken);
            return true;
        }

        var now = timeProvider.GetUtcNow();
        PurgeIfLarge(now);
        var mine = new Delivery(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), now);
        var existing = _deliveries.GetOrAdd(deliveryId, mine);
        if (!ReferenceEquals(existing, mine))
        {
            var forgotten = existing.Completion.Task.IsCompletedSuccessfully && now - existing.StartedAt > Remember;
            if (!forgotten)
            {
                await existing.Completion.Task.WaitAsync(cancellationToken);
                return false;
            }

            if (!_deliveries.TryUpdate(deliveryId, mine, existing))
            {
                return await RunOnceAsync(deliveryId, work, cancellationToken);
            }
        }

        try
        {
            await work(cancellationToken);
            mine.Completion.SetResult();
            return true;
        }
        catch (Exception exception)
        {
            _deliveries.TryRemove(new KeyValuePair<string, Delivery>(deliveryId, mine));
            if (exception is OperationCanceledException)
            {
                mine.Completion.SetCanceled(cancellationToken);
            }
            else
            {
                mine.Completion.SetException(exception);
            }

            throw;
        }
    }

    private void PurgeIfLarge(DateTimeOffset now)
    {
        if (_deliveries.Count < PurgeThreshold)
        {
            return;
        }

        foreach (var pair in _deliveries)
        {
            if (pair.Value.Completion.Task.IsCompleted && now - pair.Value.StartedAt > Remember)
            {
                _deliveries.TryRemove(pair);
            }
        }
    }

    private sealed record Delivery(TaskCompletionSource Completion, DateTimeOffset StartedAt);
}
