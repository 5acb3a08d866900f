using System.Data.Common;
using System.Threading.Channels;

namespace IncidentBot.Storage;

/// <summary>
/// SQLite's writes, one writer at a time and committed in groups. SQLite has one write lock per database; writers that
/// find it taken wait in its busy handler, which sleeps (1, 2, 5 … up to 100 ms at a time), and every commit writes and
/// syncs the WAL. Here the process's writes queue instead, and one loop runs whatever is queued back to back in a single
/// transaction, each write in a savepoint of its own (a write that fails is rolled back alone and its caller gets the
/// error), then commits once. A caller's task completes only after that commit, so an acknowledged write is as durable
/// as one committed alone, and under load one sync serves many writes. Readers are not held up (WAL).
/// </summary>
internal sealed class GroupCommit : IDisposable
{
    /// <summary>Writes in one transaction at most, so that a burst does not hold the write lock for long.</summary>
    public const int MaxGroup = 128;

    private const string Savepoint = "write";

    private readonly Channel<IQueuedWrite> _queue = Channel.CreateUnbounded<IQueuedWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<CancellationToken, ValueTask<DbConnection>> _openConnection;

    public GroupCommit(Func<CancellationToken, ValueTask<DbConnection>> openConnection)
    {
        _openConnection = openConnection;
        _ = Task.Run(RunAsync);
    }

    private interface IQueuedWrite
    {
        /// <summary>Runs the work in a savepoint; the token stops the group's own statements, not the work.</summary>
        Task RunAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

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
        try
        {
            // Shutdown does not cancel a group: its callers are waiting for the commit.
            await using var connection = await _openConnection(CancellationToken.None);
            await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
            foreach (var write in group)
            {
                await write.RunAsync(connection, transaction, CancellationToken.None);
            }

            await transaction.CommitAsync(CancellationToken.None);
        }
        catch (Exception exception)
        {
            // Nothing of the group is committed: every caller whose work had succeeded learns why.
            foreach (var write in group)
            {
                write.Failed(exception);
            }

            return;
        }

        foreach (var write in group)
        {
            write.Committed();
        }
    }

    private sealed class QueuedWrite<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) : IQueuedWrite
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;
        private bool _succeeded;

        public Task<T> Task => _done.Task;

        public async Task RunAsync(DbConnection connection, DbTransaction transaction, CancellationToken groupCancellation)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                _done.TrySetCanceled(cancellationToken);
                return;
            }

            await transaction.SaveAsync(Savepoint, groupCancellation);
            try
            {
                _result = await work(connection, transaction);
                _succeeded = true;
            }
            catch (Exception exception)
            {
                await transaction.RollbackAsync(Savepoint, groupCancellation);
                _done.TrySetException(exception);
            }

            await transaction.ReleaseAsync(Savepoint, groupCancellation);
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
