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

    public void Dispose()
    {
        _groupCommit?.Dispose();
        DataSource.Dispose();
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
