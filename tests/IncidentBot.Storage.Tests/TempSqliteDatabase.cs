using IncidentBot.Storage.Dialects;
using IncidentBot.Storage.Migrations;
using IncidentBot.TestKit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace IncidentBot.Storage.Tests;

/// <summary>
/// A real SQLite file in a fresh temporary folder. The file sits in a subfolder that does not exist yet,
/// so every test also exercises "create the file's folder". Deleted, with its WAL files, on dispose.
/// (An <see cref="IAsyncLifetime"/> rather than IAsyncDisposable: xunit 2 disposes test classes through it.)
/// </summary>
public sealed class TempSqliteDatabase : IAsyncLifetime
{
    private readonly List<StorageDatabase> _opened = [];

    public TempSqliteDatabase()
    {
        Folder = Path.Combine(Path.GetTempPath(), "incidentbot-storage-tests", Guid.NewGuid().ToString("N"));
        FilePath = Path.Combine(Folder, "data", "incidentbot.db");
        ConnectionString = $"Data Source={FilePath}";
    }

    public string Folder { get; }

    public string FilePath { get; }

    public string ConnectionString { get; }

    public FakeTimeProvider Clock { get; } = new(Builders.Noon);

    /// <summary>A new data source on the file, as a new process would open it.</summary>
    internal StorageDatabase Open(string? connectionString = null)
    {
        var database = new StorageDatabase(SqliteDialect.Instance, connectionString ?? ConnectionString);
        _opened.Add(database);
        return database;
    }

    internal SchemaMigrator MigratorFor(StorageDatabase database) =>
        new(database, Clock, NullLogger<SchemaMigrator>.Instance);

    /// <summary>Opens the file and brings its schema up to date.</summary>
    internal async Task<StorageDatabase> OpenMigratedAsync()
    {
        var database = Open();
        await MigratorFor(database).MigrateAsync(CancellationToken.None);
        return database;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        foreach (var database in _opened)
        {
            database.Dispose();
            SqliteConnection.ClearPool(new SqliteConnection(database.DataSource.ConnectionString));
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the test over it is not.
        }

        return Task.CompletedTask;
    }
}
