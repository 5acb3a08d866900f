using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace IncidentBot.Storage.Dialects;

/// <summary>
/// What <see cref="SqliteDataSource"/> hands out: an open <see cref="SqliteSession"/> for the length of one use.
/// Disposing it gives the session back to the pool instead of closing the file. Its commands run on the session's
/// prepared statements (<see cref="PreparedSqliteCommand"/>), so Dapper's code stays as it is.
/// </summary>
internal sealed class PooledSqliteConnection(SqliteSessionPool pool, SqliteSession session) : DbConnection
{
    private bool _returned;

    internal SqliteSession Session => _returned ? throw new ObjectDisposedException(nameof(PooledSqliteConnection)) : session;

    /// <summary>Gives a statement back to the session, unless this use of the session has ended (it reclaimed the statement then).</summary>
    internal void Release(SqliteStatement statement)
    {
        if (!_returned)
        {
            session.Release(statement);
        }
    }

    [AllowNull]
    public override string ConnectionString
    {
        get => session.Connection.ConnectionString;
        set => throw new NotSupportedException("A pooled SQLite connection's connection string is fixed by its data source.");
    }

    public override string Database => session.Connection.Database;

    public override string DataSource => session.Connection.DataSource;

    public override string ServerVersion => session.Connection.ServerVersion;

    public override ConnectionState State => _returned ? ConnectionState.Closed : session.Connection.State;

    public override void ChangeDatabase(string databaseName) =>
        throw new NotSupportedException("SQLite has one database per connection.");

    public override void Open()
    {
        if (_returned)
        {
            throw new InvalidOperationException("A pooled SQLite connection cannot be opened again once closed; open another from the data source.");
        }
    }

    public override void Close() => GiveBack();

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) =>
        Session.Connection.BeginTransaction(isolationLevel);

    protected override DbCommand CreateDbCommand() => new PreparedSqliteCommand(this);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            GiveBack();
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync()
    {
        GiveBack();
        return base.DisposeAsync();
    }

    private void GiveBack()
    {
        if (_returned)
        {
            return;
        }

        _returned = true;
        session.EndUse();
        pool.Return(session);
    }
}

/// <summary>
/// A command of a <see cref="PooledSqliteConnection"/>: it collects its text and parameters like any command and, when
/// run, runs on the session's prepared command for that text (preparing it the first time).
/// </summary>
internal sealed class PreparedSqliteCommand(PooledSqliteConnection connection) : DbCommand
{
    // Holds the parameters Dapper adds; they move onto the prepared command for each run.
    private readonly SqliteCommand _parameterHolder = new();
    private PooledSqliteConnection? _connection = connection;
    private SqliteStatement? _running;

    [AllowNull]
    public override string CommandText { get; set; } = string.Empty;

    public override int CommandTimeout { get; set; } = 30;

    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text)
            {
                throw new ArgumentException("SQLite runs text commands only.", nameof(value));
            }
        }
    }

    public override bool DesignTimeVisible { get; set; }

    public override UpdateRowSource UpdatedRowSource { get; set; }

    protected override DbConnection? DbConnection
    {
        get => _connection;
        set => _connection = value as PooledSqliteConnection
            ?? throw new ArgumentException("This command runs only on the pooled SQLite connection that made it.", nameof(value));
    }

    protected override DbParameterCollection DbParameterCollection => _parameterHolder.Parameters;

    protected override DbTransaction? DbTransaction { get; set; }

    public override void Cancel() => _running?.Command.Cancel();

    public override void Prepare()
    {
        // Preparing happens on first use of the text; nothing to do ahead of it.
    }

    public override int ExecuteNonQuery()
    {
        var command = Start();
        try
        {
            return command.Command.ExecuteNonQuery();
        }
        finally
        {
            Finish();
        }
    }

    public override object? ExecuteScalar()
    {
        var command = Start();
        try
        {
            return command.Command.ExecuteScalar();
        }
        finally
        {
            Finish();
        }
    }

    /// <summary>The prepared command stays taken until this command is disposed (Dapper disposes it after the reader).</summary>
    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
    {
        var command = Start();
        try
        {
            return new PreparedSqliteDataReader(command.Command.ExecuteReader(behavior), command);
        }
        catch
        {
            Finish();
            throw;
        }
    }

    protected override DbParameter CreateDbParameter() => new SqliteParameter();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Finish();
            _parameterHolder.Dispose();
        }

        base.Dispose(disposing);
    }

    private SqliteStatement Start()
    {
        Finish();
        var session = (_connection ?? throw new InvalidOperationException("The command has no connection.")).Session;
        var statement = session.Rent(CommandText);
        var command = statement.Command;
        command.CommandTimeout = CommandTimeout;
        command.Transaction = (SqliteTransaction?)DbTransaction;
        command.Parameters.Clear();
        foreach (SqliteParameter parameter in _parameterHolder.Parameters)
        {
            parameter.ParameterName = statement.ParameterName(parameter.ParameterName);
            command.Parameters.Add(parameter);
        }

        _running = statement;
        return statement;
    }

    private void Finish()
    {
        if (_running is { } command)
        {
            _running = null;
            _connection?.Release(command);
        }
    }
}
