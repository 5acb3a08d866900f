namespace IncidentBot.Slack.Outbound;

/// <summary>
/// Wakes the outbox worker when this process queued something, so a message goes out at once instead of at the
/// next poll. Polling still finds what other replicas queued and what is due for a retry.
/// </summary>
internal sealed class SlackOutboxSignal
{
    private TaskCompletionSource _pending = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Notify() => Volatile.Read(ref _pending).TrySetResult();

    /// <summary>Returns when notified (also by a notification that came before this call) or after <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var pending = Volatile.Read(ref _pending);
        if (!pending.Task.IsCompleted)
        {
            using var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(timeout, timeProvider, stopDelay.Token);
            await Task.WhenAny(pending.Task, delay);
            await stopDelay.CancelAsync();
        }

        if (pending.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _pending, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), pending);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }
}
