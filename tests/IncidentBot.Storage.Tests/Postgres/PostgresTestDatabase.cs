using IncidentBot.Storage.Dialects;
using IncidentBot.Storage.Migrations;
using IncidentBot.TestKit;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace IncidentBot.Storage.Tests.Postgres;

/// <summary>
/// A fresh schema in the PostgreSQL database named by <c>INCIDENTBOT_TEST_POSTGRES</c> (tests that need it are
/// skipped when the variable is unset). Each instance works in its own schema through <c>Search Path</c>, so
/// tests run in parallel without seeing each other; the schema is dropped on dispose.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncLifetime
{
    public const string ConnectionStringVariable = "INCIDENTBOT_TEST_POSTGRES";

    private readonly List<StorageDatabase> _opened = [];
    private readonly string _schema = "test_" + Guid.NewGuid().ToString("N");

    public static string? AdminConnectionString =>
        Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } value ? value : null;

    public static string? SkipReason => AdminConnectionString is null
        ? $"Set {ConnectionStringVariable} to a PostgreSQL connection string to run the PostgreSQL tests."
        : null;

    public string ConnectionString => new NpgsqlConnectionStringBuilder(RequiredAdminConnectionString) { SearchPath = _schema }.ToString();

    public FakeTimeProvider Clock { get; } = new(Builders.Noon);

    private static string RequiredAdminConnectionString =>
        AdminConnectionString ?? throw new InvalidOperationException(SkipReason);

    public async Task InitializeAsync()
    {
        await using var connection = new NpgsqlConnection(RequiredAdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE SCHEMA {_schema};", connection);
        await command.ExecuteNonQueryAsync();
    }

    internal StorageDatabase Open()
    {
        var database = new StorageDatabase(PostgresDialect.Instance, ConnectionString);
        _opened.Add(database);
        return database;
    }

    internal SchemaMigrator MigratorFor(StorageDatabase database) =>
        new(database, Clock, NullLogger<SchemaMigrator>.Instance);

    internal async Task<StorageDatabase> OpenMigratedAsync()
    {
        var database = Open();
        await MigratorFor(database).MigrateAsync(CancellationToken.None);
        return database;
    }

    public async Task DisposeAsync()
    {
        foreach (var database in _opened)
        {
            database.Dispose();
        }

        if (AdminConnectionString is null)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE;", connection);
        await command.ExecuteNonQueryAsync();
    }
}
