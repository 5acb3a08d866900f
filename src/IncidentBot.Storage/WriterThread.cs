using System.Collections.Concurrent;

namespace IncidentBot.Storage;

/// <summary>
/// Runs an async loop on a thread of its own: every continuation of the loop comes back to that thread. SQLite's
/// provider does its I/O synchronously (a COMMIT waits for the disk), so the single writer would otherwise hold a
/// thread-pool thread through every sync; with two cores the pool has two threads to begin with, and requests waited
/// for one while the writer slept on the disk.
/// </summary>
internal sealed class WriterThread : SynchronizationContext
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _continuations = [];

    private WriterThread()
    {
    }

    /// <summary>Starts <paramref name="loop"/> on a new background thread named <paramref name="name"/>; the thread ends with the loop.</summary>
    public static Thread Start(string name, Func<Task> loop)
    {
        ArgumentNullException.ThrowIfNull(loop);
        var thread = new Thread(() => new WriterThread().Run(loop)) { IsBackground = true, Name = name };
        thread.Start();
        return thread;
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        try
        {
            _continuations.Add((d, state));
        }
        catch (InvalidOperationException)
        {
            // The loop has ended: whatever still wants to run does so on the pool.
            ThreadPool.QueueUserWorkItem(s => d(s), state, preferLocal: false);
        }
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("The writer thread runs continuations in order; it does not run them synchronously for other threads.");

    public override SynchronizationContext CreateCopy() => this;

    private void Run(Func<Task> loop)
    {
        SetSynchronizationContext(this);
        var done = loop();
        _ = done.ContinueWith(_ => _continuations.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        foreach (var (callback, state) in _continuations.GetConsumingEnumerable())
        {
            callback(state);
        }

        _continuations.Dispose();
    }
}
