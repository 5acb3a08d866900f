using Npgsql;

namespace IncidentBot.SlackLoad;

/// <summary>
/// Where a run stores its data, fresh each run and removed afterwards: a SQLite file in a temporary folder (the host's
/// default), or, with <c>--postgres</c>, a schema of its own in the given PostgreSQL database (through
/// <c>Search Path</c>, so the connection string's user needs the right to create schemas there).
/// </summary>
internal sealed class BenchStorage : IAsyncDisposable
{
    private readonly DirectoryInfo? _directory;
    private readonly string? _postgresAdmin;
    private readonly string? _schema;

    private BenchStorage(string provider, string connectionString, string description, DirectoryInfo? directory, string? postgresAdmin, string? schema)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Description = description;
        _directory = directory;
        _postgresAdmin = postgresAdmin;
        _schema = schema;
    }

    /// <summary>The host's <c>Storage:Provider</c>.</summary>
    public string Provider { get; }

    /// <summary>The host's <c>Storage:ConnectionString</c>.</summary>
    public string ConnectionString { get; }

    /// <summary>For the report's header.</summary>
    public string Description { get; }

    public static async Task<BenchStorage> CreateAsync(string? postgres, CancellationToken cancellationToken)
    {
        if (postgres is null)
        {
            var directory = Directory.CreateTempSubdirectory("incidentbot-slackload-");
            return new BenchStorage("Sqlite", $"Data Source={Path.Combine(directory.FullName, "incidentbot.db")}", "a fresh SQLite file", directory, null, null);
        }

        var admin = new NpgsqlConnectionStringBuilder(postgres);
        var schema = "slackload_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema};", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var connectionString = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { SearchPath = schema }.ConnectionString;
        return new BenchStorage("Postgres", connectionString, $"PostgreSQL at {admin.Host}:{admin.Port}, database {admin.Database}, a fresh schema", null, admin.ConnectionString, schema);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresAdmin is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_postgresAdmin);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE;", connection);
            await command.ExecuteNonQueryAsync();
        }

        try
        {
            _directory?.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
