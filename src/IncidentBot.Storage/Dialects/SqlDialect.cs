using System.Data.Common;

namespace IncidentBot.Storage.Dialects;

/// <summary>
/// What differs between the databases we support. The stores' queries are written in the SQL both
/// dialects share (upserts, <c>RETURNING</c>, <c>LIMIT</c>); only what cannot be shared lives here. The
/// schema is per dialect: <c>Sql/&lt;Provider&gt;/NNNN_name.sql</c>.
/// </summary>
internal abstract class SqlDialect
{
    public abstract StorageProvider Provider { get; }

    /// <summary>The folder under <c>Sql/</c> that holds this dialect's numbered migrations.</summary>
    public string ScriptFolder => Provider.ToString();

    /// <summary>Creates the table the migrator records applied versions in, if it is missing.</summary>
    public abstract string CreateSchemaVersionTableSql { get; }

    /// <summary>Returns 1 when <c>schema_version</c> exists, else 0, without failing on a fresh database.</summary>
    public abstract string SchemaVersionTableExistsSql { get; }

    /// <summary>
    /// Run first inside every migration transaction so that two processes migrating at once take turns.
    /// Null when beginning the transaction already takes the lock.
    /// </summary>
    public abstract string? MigrationLockSql { get; }

    /// <summary>
    /// Ends a <c>SELECT</c> of one row inside a write transaction, so that writers that depend on that row
    /// (the next draft version of an incident) take turns. Empty when beginning the transaction already
    /// takes the database's write lock.
    /// </summary>
    public abstract string RowLockClause { get; }

    /// <summary>
    /// Ends a <c>SELECT</c> of rows a statement is about to claim (outbox messages), so that concurrent claimants
    /// skip rows another one is taking instead of waiting for it or taking them too. Empty when a write already
    /// holds the database's only write lock.
    /// </summary>
    public abstract string SkipLockedClause { get; }

    /// <summary>True when the database lets one writer at a time in (SQLite): the process's writes are then committed in groups.</summary>
    public abstract bool HasSingleWriter { get; }

    /// <summary><c>ORDER BY</c> expression that sorts text by code point, whatever the database collation.</summary>
    public abstract string OrdinalOrder(string column);

    /// <summary>
    /// A condition that <paramref name="column"/> is one of the values in the array parameter
    /// <paramref name="parameter"/> (<c>@ids</c>): Dapper expands the list for SQLite, PostgreSQL takes the array.
    /// </summary>
    public abstract string IsAnyOf(string column, string parameter);

    public abstract DbDataSource CreateDataSource(string connectionString);

    /// <summary>An instant as this database's parameter value: UTC, to the microsecond (<see cref="UtcInstant"/>).</summary>
    public abstract object? Instant(DateTimeOffset? instant);

    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>A row refers to one that does not exist (an event of a missing incident).</summary>
    public abstract bool IsForeignKeyViolation(DbException exception);

    public static SqlDialect For(StorageProvider provider) => provider switch
    {
        StorageProvider.Sqlite => SqliteDialect.Instance,
        StorageProvider.Postgres => PostgresDialect.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown storage provider."),
    };
}
