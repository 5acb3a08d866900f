using System.Data.Common;
using IncidentBot.Storage.Dialects;

namespace IncidentBot.Storage;

/// <summary>
/// The one connection factory of the process (a <see cref="DbDataSource"/> singleton) and the dialect it
/// speaks. Reads open a connection per operation: <c>await using var c = await db.OpenConnectionAsync(ct)</c>; writes
/// run in a transaction through <see cref="WriteAsync{T}"/>.
/// </summary>
internal sealed class StorageDatabase : IDisposable
{
    private readonly GroupCommit? _groupCommit;

    public StorageDatabase(SqlDialect dialect, string connectionString)
    {
        DapperSetup.EnsureRegistered();
        Dialect = dialect;
        DataSource = dialect.CreateDataSource(connectionString);
        _groupCommit = dialect.HasSingleWriter ? new GroupCommit(OpenConnectionAsync) : null;
        ChannelIncidents = dialect.HasSingleWriter ? new Incidents.ChannelIncidentCache() : null;
    }

    /// <summary>Which incident each channel hosts, when this process is the database's one writer (SQLite); null otherwise.</summary>
    public Incidents.ChannelIncidentCache? ChannelIncidents { get; }

    public SqlDialect Dialect { get; }

    public DbDataSource DataSource { get; }

    public ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        DataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction and returns its result once that is committed; when the work
    /// throws, nothing of it is kept and the exception comes back. Every statement of the work must be given the
    /// transaction. On SQLite, writes are committed in groups by one writer (<see cref="GroupCommit"/>); on PostgreSQL,
    /// whose row locks let writers run side by side, each write has a connection and a transaction of its own.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return _groupCommit is { } group ? group.WriteAsync(work, cancellationToken) : WriteAloneAsync(work, cancellationToken);
    }

    /// <summary>
    /// Runs one statement that is atomic on its own and returns its result once it is committed. On SQLite it joins the
    /// writer's groups like any write; on PostgreSQL it runs outside an explicit transaction (the transaction passed is
    /// null), so the statement commits as it runs: one round trip to the server instead of a second one for COMMIT.
    /// Only for a single statement: work of several statements that must hold together goes through
    /// <see cref="WriteAsync{T}"/>.
    /// </summary>
    public Task<T> WriteStatementAsync<T>(Func<DbConnection, DbTransaction?, Task<T>> statement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return _groupCommit is { } group
            ? group.WriteAsync(statement, cancellationToken)
            : RunAutocommitAsync(statement, cancellationToken);
    }

    public void Dispose()
    {
        _groupCommit?.Dispose();
        DataSource.Dispose();
    }

    private async Task<T> RunAutocommitAsync<T>(Func<DbConnection, DbTransaction?, Task<T>> statement, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await statement(connection, null);
    }

    private async Task<T> WriteAloneAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
