using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace IncidentBot.Storage.Dialects;

internal sealed class SqliteDialect : SqlDialect
{
    public static readonly SqliteDialect Instance = new();

    // SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY (extended result codes).
    private const int UniqueConstraintFailed = 2067;
    private const int PrimaryKeyConstraintFailed = 1555;

    // SQLITE_CONSTRAINT_FOREIGNKEY: foreign keys are on for every connection (SqliteDataSource).
    private const int ForeignKeyConstraintFailed = 787;

    private SqliteDialect()
    {
    }

    public override StorageProvider Provider => StorageProvider.Sqlite;

    public override string CreateSchemaVersionTableSql => """
        CREATE TABLE IF NOT EXISTS schema_version (
            version    INTEGER NOT NULL PRIMARY KEY,
            name       TEXT    NOT NULL,
            applied_at TEXT    NOT NULL
        ) STRICT;
        """;

    public override string SchemaVersionTableExistsSql =>
        "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version';";

    // BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default) takes the database's write lock.
    public override string? MigrationLockSql => null;

    // The same BEGIN IMMEDIATE already serialises every writer; SQLite has no row locks.
    public override string RowLockClause => "";

    public override bool HasSingleWriter => true;

    // An UPDATE takes the write lock before it reads, so two claims never interleave.
    public override string SkipLockedClause => "";

    // SQLite's default BINARY collation already compares code points.
    public override string OrdinalOrder(string column) => column;

    public override string IsAnyOf(string column, string parameter) => $"{column} IN {parameter}";

    public override DbDataSource CreateDataSource(string connectionString) => new SqliteDataSource(connectionString);

    public override object? Instant(DateTimeOffset? instant) =>
        instant is { } value ? UtcInstant.ToText(value) : null;

    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteExtendedErrorCode: UniqueConstraintFailed or PrimaryKeyConstraintFailed };

    public override bool IsForeignKeyViolation(DbException exception) =>
        exception is SqliteException { SqliteExtendedErrorCode: ForeignKeyConstraintFailed };
}
