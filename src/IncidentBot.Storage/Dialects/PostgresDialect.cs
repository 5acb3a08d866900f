using System.Data.Common;
using Npgsql;

namespace IncidentBot.Storage.Dialects;

internal sealed class PostgresDialect : SqlDialect
{
    public static readonly PostgresDialect Instance = new();

    private PostgresDialect()
    {
    }

    public override StorageProvider Provider => StorageProvider.Postgres;

    public override string CreateSchemaVersionTableSql => """
        CREATE TABLE IF NOT EXISTS schema_version (
            version    integer     NOT NULL PRIMARY KEY,
            name       text        NOT NULL,
            applied_at timestamptz NOT NULL
        );
        """;

    // to_regclass follows search_path, as the unqualified names in the scripts do.
    public override string SchemaVersionTableExistsSql =>
        "SELECT CASE WHEN to_regclass('schema_version') IS NULL THEN 0 ELSE 1 END;";

    // Transaction-scoped advisory lock: replicas starting together migrate one after the other.
    // The key is arbitrary but fixed ("IncBotMg" in ASCII).
    public override string? MigrationLockSql => "SELECT pg_advisory_xact_lock(5291275749195795815);";

    // NO KEY UPDATE rather than UPDATE: it still queues writers of the same row until commit, but does not
    // block inserts that merely reference the row (their foreign-key check takes KEY SHARE).
    public override string RowLockClause => " FOR NO KEY UPDATE";

    public override bool HasSingleWriter => false;

    public override string SkipLockedClause => " FOR UPDATE SKIP LOCKED";

    public override string OrdinalOrder(string column) => column + " COLLATE \"C\"";

    // Npgsql sends an array; Dapper leaves it whole for providers that support arrays.
    public override string IsAnyOf(string column, string parameter) => $"{column} = ANY({parameter})";

    /// <summary>Statements Npgsql keeps prepared per server connection unless the connection string says otherwise.</summary>
    public const int DefaultMaxAutoPrepare = 64;

    public override DbDataSource CreateDataSource(string connectionString) => NpgsqlDataSource.Create(WithStatementPreparation(connectionString));

    /// <summary>
    /// The bot runs a few dozen statements again and again (a channel's incident, the timeline insert), so Npgsql
    /// prepares each on a server connection after a few uses and the server stops parsing and planning it (measured in
    /// docs/PERFORMANCE.md, "On PostgreSQL"). An operator's own
    /// <c>Max Auto Prepare</c> wins; <c>0</c> turns it off, for example behind a transaction-pooling PgBouncer older than
    /// 1.21, which cannot keep prepared statements.
    /// </summary>
    internal static string WithStatementPreparation(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.Keys.Cast<string>().Any(key => string.Equals(key.Replace(" ", "", StringComparison.Ordinal), "maxautoprepare", StringComparison.OrdinalIgnoreCase)))
        {
            return connectionString;
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = DefaultMaxAutoPrepare }.ConnectionString;
    }

    // Npgsql writes timestamptz only from UTC values (offset zero).
    public override object? Instant(DateTimeOffset? instant) => UtcInstant.Normalize(instant);

    public override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override bool IsForeignKeyViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation };
}
