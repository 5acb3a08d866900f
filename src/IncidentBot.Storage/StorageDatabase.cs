using System.Data.Common;
using IncidentBot.Storage.Dialects;

namespace IncidentBot.Storage;

/// <summary>
/// The one connection factory of the process (a <see cref="DbDataSource"/> singleton) and the dialect it
/// speaks. Connections are opened per operation: <c>await using var c = await db.OpenConnectionAsync(ct)</c>.
/// </summary>
internal sealed class StorageDatabase : IDisposable
{
    public StorageDatabase(SqlDialect dialect, string connectionString)
    {
        DapperSetup.EnsureRegistered();
        Dialect = dialect;
        DataSource = dialect.CreateDataSource(connectionString);
    }

    public SqlDialect Dialect { get; }

    public DbDataSource DataSource { get; }

    public ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        DataSource.OpenConnectionAsync(cancellationToken);

    public void Dispose() => DataSource.Dispose();
}
