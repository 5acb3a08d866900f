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

    public override DbDataSource CreateDataSource(string connectionString) => NpgsqlDataSource.Create(connectionString);

    // Npgsql writes timestamptz only from UTC values (offset zero).
    public override object? Instant(DateTimeOffset? instant) => UtcInstant.Normalize(instant);

    public override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override bool IsForeignKeyViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation };
}
