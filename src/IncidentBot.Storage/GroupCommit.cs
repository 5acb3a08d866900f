using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;

namespace IncidentBot.Storage;

/// <summary>
/// SQLite's writes, one writer at a time and committed in groups. SQLite has one write lock per database; writers that
/// find it taken wait in its busy handler, which sleeps (1, 2, 5 … up to 100 ms at a time), and every commit writes and
/// syncs the WAL. Here the process's writes queue instead, and one loop runs whatever is queued back to back in a single
/// transaction and commits once. A caller's task completes only after that commit, so an acknowledged write is as
/// durable as one committed alone, and under load one sync serves many writes. Writes rarely fail, so a group first runs
/// without savepoints; if one of its writes fails, the group is rolled back and run again with each write in a savepoint
/// of its own, so that the failing write is rolled back alone and only its caller gets the error (a write is a function
/// of the database alone, so running it again is safe). Readers are not held up (WAL). The loop has a thread of its own
/// (<see cref="WriterThread"/>): its I/O blocks, and must not hold one of the pool's few threads.
/// </summary>
internal sealed class GroupCommit : IDisposable
{
    /// <summary>Writes in one transaction at most, so that a burst does not hold the write lock for long.</summary>
    public const int MaxGroup = 128;

    /// <summary>The meter of these instruments, for operators (and the Slack load tool) to listen to.</summary>
    public const string MeterName = "IncidentBot.Storage";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<int> GroupSize = Meter.CreateHistogram<int>(
        "incidentbot.storage.sqlite.group.size", unit: "{write}", description: "Writes committed together by one SQLite commit.");

    private static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>(
        "incidentbot.storage.sqlite.group.commit.duration", unit: "ms", description: "How long a group's COMMIT took (writing and syncing the WAL).");

    private static readonly Histogram<double> GroupDuration = Meter.CreateHistogram<double>(
        "incidentbot.storage.sqlite.group.duration", unit: "ms", description: "How long a group took from BEGIN to the end of its COMMIT.");

    private const string Savepoint = "write";

    private readonly Channel<IQueuedWrite> _queue = Channel.CreateUnbounded<IQueuedWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<CancellationToken, ValueTask<DbConnection>> _openConnection;

    public GroupCommit(Func<CancellationToken, ValueTask<DbConnection>> openConnection)
    {
        _openConnection = openConnection;
        WriterThread.Start("IncidentBot SQLite writer", RunAsync);
    }

    private interface IQueuedWrite
    {
        /// <summary>
        /// Runs the work, in a savepoint of its own when asked. Returns false when the work failed outside a savepoint
        /// (the group must run again); the token stops the group's own statements, not the work.
        /// </summary>
        Task<bool> RunAsync(DbConnection connection, DbTransaction transaction, bool savepoint, CancellationToken cancellationToken);

        void Committed();

        void Failed(Exception exception);
    }

    /// <summary>Queues <paramref name="work"/>; the task completes once its group has committed, or with the work's own error.</summary>
    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        var write = new QueuedWrite<T>(work, cancellationToken);
        return _queue.Writer.TryWrite(write)
            ? write.Task
            : Task.FromException<T>(new ObjectDisposedException(nameof(StorageDatabase)));
    }

    public void Dispose() => _queue.Writer.TryComplete();

    private async Task RunAsync()
    {
        var group = new List<IQueuedWrite>(MaxGroup);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (group.Count < MaxGroup && _queue.Reader.TryRead(out var write))
            {
                group.Add(write);
            }

            await CommitAsync(group);
            group.Clear();
        }
    }

    private async Task CommitAsync(List<IQueuedWrite> group)
    {
        if (!await TryCommitAsync(group, savepoints: false))
        {
            await TryCommitAsync(group, savepoints: true);
        }
    }

    /// <summary>
    /// Runs and commits the group. Without savepoints it gives up (rolling back, and returning false) at the first
    /// write that fails; with them, a failing write is rolled back alone and fails on its own.
    /// </summary>
    private async Task<bool> TryCommitAsync(List<IQueuedWrite> group, bool savepoints)
    {
        try
        {
            // Shutdown does not cancel a group: its callers are waiting for the commit.
            await using var connection = await _openConnection(CancellationToken.None);
            var started = Stopwatch.GetTimestamp();
            await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
            foreach (var write in group)
            {
                if (!await write.RunAsync(connection, transaction, savepoints, CancellationToken.None) && !savepoints)
                {
                    await transaction.RollbackAsync(CancellationToken.None);
                    return false;
                }
            }

            var committing = Stopwatch.GetTimestamp();
            await transaction.CommitAsync(CancellationToken.None);
            GroupSize.Record(group.Count);
            CommitDuration.Record(Stopwatch.GetElapsedTime(committing).TotalMilliseconds);
            GroupDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception exception)
        {
            // Nothing of the group is committed: every caller whose work had succeeded learns why.
            foreach (var write in group)
            {
                write.Failed(exception);
            }

            return true;
        }

        foreach (var write in group)
        {
            write.Committed();
        }

        return true;
    }

    private sealed class QueuedWrite<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) : IQueuedWrite
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;
        private bool _succeeded;

        public Task<T> Task => _done.Task;

        public async Task<bool> RunAsync(DbConnection connection, DbTransaction transaction, bool savepoint, CancellationToken groupCancellation)
        {
            _succeeded = false;
            if (cancellationToken.IsCancellationRequested)
            {
                _done.TrySetCanceled(cancellationToken);
                return true;
            }

            if (savepoint)
            {
                await transaction.SaveAsync(Savepoint, groupCancellation);
            }

            try
            {
                _result = await work(connection, transaction);
                _succeeded = true;
            }
            catch (Exception) when (!savepoint)
            {
                // The group runs again with savepoints; this write fails there on its own.
                return false;
            }
            catch (Exception exception)
            {
                await transaction.RollbackAsync(Savepoint, groupCancellation);
                _done.TrySetException(exception);
            }

            if (savepoint)
            {
                await transaction.ReleaseAsync(Savepoint, groupCancellation);
            }

            return true;
        }

        public void Committed()
        {
            if (_succeeded)
            {
                _done.TrySetResult(_result);
            }
        }

        public void Failed(Exception exception) => _done.TrySetException(exception);
    }
}
