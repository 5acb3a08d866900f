using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Logging;

namespace IncidentBot.Storage.Migrations;

/// <summary>
/// Brings the schema up to the newest embedded script. Each script runs in its own transaction together
/// with its <c>schema_version</c> row, under the database's write lock; a process that starts at the same
/// time waits, then finds the version applied and skips it.
/// </summary>
internal sealed partial class SchemaMigrator(StorageDatabase database, TimeProvider timeProvider, ILogger<SchemaMigrator> logger)
{
    private readonly IReadOnlyList<MigrationScript> _scripts = MigrationScript.For(database.Dialect);

    /// <summary>The newest version this build knows.</summary>
    public int LatestVersion => _scripts.Count == 0 ? 0 : _scripts[^1].Version;

    /// <summary>The newest version applied to the database; 0 for a database never migrated.</summary>
    public async Task<int> GetAppliedVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var tableExists = await connection.ExecuteScalarAsync<long>(
            new CommandDefinition(database.Dialect.SchemaVersionTableExistsSql, cancellationToken: cancellationToken));
        return tableExists == 0 ? 0 : await ReadAppliedVersionAsync(connection, transaction: null, cancellationToken);
    }

    /// <summary>Applies the missing scripts in order and returns how many it applied.</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (var transaction = await BeginLockedAsync(connection, cancellationToken))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                database.Dialect.CreateSchemaVersionTableSql, transaction: transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
        }

        var applied = 0;
        foreach (var script in _scripts)
        {
            await using var transaction = await BeginLockedAsync(connection, cancellationToken);
            if (await IsAppliedAsync(connection, transaction, script.Version, cancellationToken))
            {
                continue;
            }

            await connection.ExecuteAsync(new CommandDefinition(script.Sql, transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @appliedAt);",
                new { version = script.Version, name = script.Name, appliedAt = database.Dialect.Instant(timeProvider.GetUtcNow()) },
                transaction,
                cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            applied++;
            LogApplied(script.Version, script.Name);
        }

        var final = await ReadAppliedVersionAsync(connection, transaction: null, cancellationToken);
        if (final > LatestVersion)
        {
            LogDatabaseAhead(final, LatestVersion);
        }

        return applied;
    }

    /// <summary>Each script is applied unless its own version is recorded, so a gap filled later is applied then.</summary>
    private static async Task<bool> IsAppliedAsync(DbConnection connection, DbTransaction transaction, int version, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM schema_version WHERE version = @version;", new { version }, transaction, cancellationToken: cancellationToken)) > 0;

    private static async Task<int> ReadAppliedVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT MAX(version) FROM schema_version;", transaction: transaction, cancellationToken: cancellationToken)) ?? 0;

    private async Task<DbTransaction> BeginLockedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (database.Dialect.MigrationLockSql is { } lockSql)
        {
            await connection.ExecuteAsync(new CommandDefinition(lockSql, transaction: transaction, cancellationToken: cancellationToken));
        }

        return transaction;
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Applied schema migration {Version} ({Name})")]
    private partial void LogApplied(int version, string name);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning,
        Message = "The database schema is at version {Applied}, newer than this build's {Latest}; readiness stays unhealthy")]
    private partial void LogDatabaseAhead(int applied, int latest);
}
