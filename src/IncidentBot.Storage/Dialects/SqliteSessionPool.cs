using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace IncidentBot.Storage.Dialects;

/// <summary>
/// SQLite connections kept open together with their prepared statements. Microsoft.Data.Sqlite prepares every command
/// anew (Dapper makes a new command per query), and preparing, which plans the query, cost more CPU than running it
/// on the hot paths (finding a channel's incident, appending a timeline event). A session keeps one prepared command
/// per SQL text, so a query is planned once per connection. Sessions are handed out whole, one user at a time.
/// </summary>
internal sealed class SqliteSessionPool(int maxIdle) : IDisposable
{
    private readonly ConcurrentBag<SqliteSession> _idle = [];
    private int _idleCount;
    private volatile bool _disposed;

    public bool TryRent(out SqliteSession session)
    {
        while (_idle.TryTake(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            if (idle.IsUsable)
            {
                session = idle;
                return true;
            }

            idle.Dispose();
        }

        session = null!;
        return false;
    }

    /// <summary>Keeps the session for the next user, unless the pool is full, closed, or the session is broken.</summary>
    public void Return(SqliteSession session)
    {
        if (_disposed || maxIdle == 0 || !session.IsUsable || Interlocked.Increment(ref _idleCount) > maxIdle)
        {
            if (!_disposed && maxIdle > 0 && session.IsUsable)
            {
                Interlocked.Decrement(ref _idleCount);
            }

            session.Dispose();
            return;
        }

        _idle.Add(session);
        if (_disposed && _idle.TryTake(out var late))
        {
            // Disposed while this one was being returned: close it rather than leave the file open.
            late.Dispose();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var session))
        {
            session.Dispose();
        }
    }
}

/// <summary>One open connection and the commands prepared on it, keyed by SQL text.</summary>
internal sealed class SqliteSession(SqliteConnection connection) : IDisposable
{
    /// <summary>Distinct statements kept per connection; SQL built per call (an <c>IN</c> list's length) stops being cached past it.</summary>
    public const int MaxPrepared = 128;

    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);
    private readonly HashSet<SqliteCommand> _inUse = [];

    public SqliteConnection Connection { get; } = connection;

    /// <summary>Open and not inside a transaction someone left behind.</summary>
    public bool IsUsable =>
        Connection.State == System.Data.ConnectionState.Open
        && SQLitePCL.raw.sqlite3_get_autocommit(Connection.Handle) != 0;

    /// <summary>
    /// The command for <paramref name="sql"/>: the prepared one when it is free, else a one-off command (the same text
    /// twice at once on one connection, or past <see cref="MaxPrepared"/>). Give it back with <see cref="Release"/>.
    /// </summary>
    public SqliteCommand Rent(string sql)
    {
        if (_prepared.TryGetValue(sql, out var cached))
        {
            if (_inUse.Add(cached))
            {
                return cached;
            }
        }
        else if (_prepared.Count < MaxPrepared)
        {
            var command = Connection.CreateCommand();
            command.CommandText = sql;
            _prepared.Add(sql, command);
            _inUse.Add(command);
            return command;
        }

        var oneOff = Connection.CreateCommand();
        oneOff.CommandText = sql;
        return oneOff;
    }

    public void Release(SqliteCommand command)
    {
        if (_inUse.Remove(command))
        {
            // The caller's parameters and transaction must not linger on the cached command.
            command.Parameters.Clear();
            command.Transaction = null;
            return;
        }

        command.Dispose();
    }

    /// <summary>
    /// The user is done with the session: commands it did not give back (a reader still open, say) are dropped from
    /// the cache, so the next user never shares them.
    /// </summary>
    public void EndUse()
    {
        foreach (var command in _inUse)
        {
            _prepared.Remove(command.CommandText);
            command.Dispose();
        }

        _inUse.Clear();
    }

    public void Dispose()
    {
        foreach (var command in _prepared.Values)
        {
            command.Dispose();
        }

        _prepared.Clear();
        _inUse.Clear();
        Connection.Dispose();
    }
}
