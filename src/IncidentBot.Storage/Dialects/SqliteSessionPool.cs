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
        if (_disposed || !session.IsUsable)
        {
            session.Dispose();
            return;
        }

        if (Interlocked.Increment(ref _idleCount) > maxIdle)
        {
            Interlocked.Decrement(ref _idleCount);
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

/// <summary>One open connection and the statements prepared on it, keyed by SQL text.</summary>
internal sealed class SqliteSession(SqliteConnection connection) : IDisposable
{
    /// <summary>Distinct statements kept per connection; SQL built per call (an <c>IN</c> list's length) stops being cached past it.</summary>
    public const int MaxPrepared = 128;

    private readonly Dictionary<string, SqliteStatement> _prepared = new(StringComparer.Ordinal);
    private readonly HashSet<SqliteStatement> _inUse = [];

    public SqliteConnection Connection { get; } = connection;

    /// <summary>How many statements are kept prepared (for tests and diagnostics).</summary>
    public int PreparedCount => _prepared.Count;

    /// <summary>Open and not inside a transaction someone left behind.</summary>
    public bool IsUsable =>
        Connection.State == System.Data.ConnectionState.Open
        && SQLitePCL.raw.sqlite3_get_autocommit(Connection.Handle) != 0;

    /// <summary>
    /// The statement for <paramref name="sql"/>: the prepared one when it is free, else a one-off (the same text twice
    /// at once on one connection, or past <see cref="MaxPrepared"/>). Give it back with <see cref="Release"/>.
    /// </summary>
    public SqliteStatement Rent(string sql)
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
            var statement = new SqliteStatement(Connection, sql);
            _prepared.Add(sql, statement);
            _inUse.Add(statement);
            return statement;
        }

        return new SqliteStatement(Connection, sql);
    }

    public void Release(SqliteStatement statement)
    {
        if (_inUse.Remove(statement))
        {
            // The caller's parameters and transaction must not linger on the cached command.
            statement.Command.Parameters.Clear();
            statement.Command.Transaction = null;
            return;
        }

        statement.Dispose();
    }

    /// <summary>
    /// The user is done with the session: statements it did not give back (a reader still open, say) are dropped
    /// from the cache, so the next user never shares them.
    /// </summary>
    public void EndUse()
    {
        foreach (var statement in _inUse)
        {
            _prepared.Remove(statement.Sql);
            statement.Dispose();
        }

        _inUse.Clear();
    }

    public void Dispose()
    {
        foreach (var statement in _prepared.Values)
        {
            statement.Dispose();
        }

        _prepared.Clear();
        _inUse.Clear();
        RollBackLeftoverTransaction();
        Connection.Dispose();
    }

    /// <summary>
    /// A transaction begun in SQL and never ended would otherwise go back to the provider's own pool with the
    /// connection, still holding the database's write lock.
    /// </summary>
    private void RollBackLeftoverTransaction()
    {
        if (Connection.State != System.Data.ConnectionState.Open || SQLitePCL.raw.sqlite3_get_autocommit(Connection.Handle) != 0)
        {
            return;
        }

        try
        {
            using var rollback = Connection.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            rollback.ExecuteNonQuery();
        }
        catch (Exception exception) when (exception is SqliteException or InvalidOperationException)
        {
            // (A transaction object still open refuses other commands.) Cleared from the provider's pool, the handle
            // is really closed below, and closing it rolls the transaction back.
            SqliteConnection.ClearPool(Connection);
        }
    }
}

/// <summary>
/// A command kept prepared for one SQL text, with what is the same on every run of it: its result columns' names and
/// the types its NULL columns report (Dapper asks for both on every query to pick its row mapper, and SQLite answers
/// the second by parsing the declared type each time), and the spelling of each parameter name in the SQL.
/// </summary>
internal sealed class SqliteStatement(SqliteConnection connection, string sql) : IDisposable
{
    private static readonly string[] Prefixes = ["@", ":", "$"];

    private readonly Dictionary<string, string> _parameterNames = new(StringComparer.Ordinal);
    private string?[] _columnNames = [];
    private Type?[] _nullColumnTypes = [];

    public string Sql { get; } = sql;

    public SqliteCommand Command { get; } = CreateCommand(connection, sql);

    /// <summary>
    /// The parameter's name as the SQL spells it (<c>@workspace</c> for <c>workspace</c>), so that binding finds it
    /// at once instead of trying each prefix in turn.
    /// </summary>
    public string ParameterName(string name)
    {
        if (name.Length == 0 || name[0] is '@' or ':' or '$')
        {
            return name;
        }

        if (!_parameterNames.TryGetValue(name, out var spelled))
        {
            spelled = Prefixes.Select(prefix => prefix + name).FirstOrDefault(candidate => Sql.Contains(candidate, StringComparison.Ordinal)) ?? name;
            _parameterNames[name] = spelled;
        }

        return spelled;
    }

    public string ColumnName(SqliteDataReader reader, int ordinal)
    {
        EnsureColumns(reader.FieldCount);
        return _columnNames[ordinal] ??= reader.GetName(ordinal);
    }

    /// <summary>The column's type in the current row (there must be one).</summary>
    public Type ColumnType(SqliteDataReader reader, int ordinal)
    {
        if (!reader.IsDBNull(ordinal))
        {
            // A value's own type is cheap to read and may differ from row to row.
            return reader.GetFieldType(ordinal);
        }

        EnsureColumns(reader.FieldCount);
        return _nullColumnTypes[ordinal] ??= reader.GetFieldType(ordinal);
    }

    public void Dispose() => Command.Dispose();

    private static SqliteCommand CreateCommand(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private void EnsureColumns(int count)
    {
        if (_columnNames.Length != count)
        {
            _columnNames = new string?[count];
            _nullColumnTypes = new Type?[count];
        }
    }
}
