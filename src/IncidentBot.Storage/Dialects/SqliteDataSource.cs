using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace IncidentBot.Storage.Dialects;

/// <summary>
/// Hands out SQLite connections that are ready to use: the database file's folder exists, the database
/// is in WAL mode (readers do not block the writer), concurrent writers wait for each other instead of
/// failing with "database is locked", foreign keys are enforced, and every commit is synced to disk
/// (synchronous = FULL, whatever the SQLite build's default), so an acknowledged write survives a power cut.
/// Connections stay open between uses with the statements prepared on them (<see cref="SqliteSessionPool"/>).
/// </summary>
internal sealed class SqliteDataSource : DbDataSource
{
    private const string EnableWriteAheadLogSql = "PRAGMA journal_mode = WAL;";

    /// <summary>Open connections kept between uses; more are opened under load and closed when given back past this.</summary>
    private const int MaxIdleSessions = 32;

    private readonly string _connectionString;
    private readonly string _configureConnectionSql;

    /// <summary>Native handles already configured: the pool hands the same handle out again, and it keeps its settings.</summary>
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = [];
    private volatile bool _walEnabled;

    /// <summary>Open connections with their prepared statements (see <see cref="SqliteSessionPool"/>); none are kept with <c>Pooling=False</c>.</summary>
    private readonly SqliteSessionPool _sessions;

    public SqliteDataSource(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            // Foreign keys are off by default and per connection; the provider sets them on every open.
            ForeignKeys = true,
        };
        _connectionString = builder.ToString();
        _sessions = new SqliteSessionPool(builder.Pooling ? MaxIdleSessions : 0);
        DatabasePath = IsFilePath(builder) ? Path.GetFullPath(builder.DataSource) : null;

        // Wait as long as a command may run; "Default Timeout" (seconds) in the connection string tunes both.
        var busyTimeout = TimeSpan.FromSeconds(builder.DefaultTimeout);
        _configureConnectionSql = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}; PRAGMA synchronous = FULL;");
    }

    /// <summary>The database file's full path; null for URIs.</summary>
    public string? DatabasePath { get; }

    public override string ConnectionString => _connectionString;

    public static bool IsInMemory(SqliteConnectionStringBuilder builder) =>
        builder.Mode == SqliteOpenMode.Memory
        || string.IsNullOrWhiteSpace(builder.DataSource)
        || string.Equals(builder.DataSource.Trim(), ":memory:", StringComparison.OrdinalIgnoreCase)
        || builder.DataSource.Contains("mode=memory", StringComparison.OrdinalIgnoreCase);

    protected override DbConnection CreateDbConnection() => new SqliteConnection(_connectionString);

    protected override DbConnection OpenDbConnection()
    {
        if (_sessions.TryRent(out var idle))
        {
            return new PooledSqliteConnection(_sessions, idle);
        }

        PrepareDirectory();
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            if (IsNewHandle(connection))
            {
                command.CommandText = _configureConnectionSql;
                command.ExecuteNonQuery();
            }

            if (!_walEnabled)
            {
                command.CommandText = EnableWriteAheadLogSql;
                EnsureWriteAheadLog(command.ExecuteScalar());
            }

            return new PooledSqliteConnection(_sessions, new SqliteSession(connection));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    protected override async ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default)
    {
        if (_sessions.TryRent(out var idle))
        {
            return new PooledSqliteConnection(_sessions, idle);
        }

        PrepareDirectory();
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            if (IsNewHandle(connection))
            {
                command.CommandText = _configureConnectionSql;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            if (!_walEnabled)
            {
                command.CommandText = EnableWriteAheadLogSql;
                EnsureWriteAheadLog(await command.ExecuteScalarAsync(cancellationToken));
            }

            return new PooledSqliteConnection(_sessions, new SqliteSession(connection));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _sessions.Dispose();
        }

        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        _sessions.Dispose();
        await base.DisposeAsyncCore();
    }

    private bool IsNewHandle(SqliteConnection connection)
    {
        if (connection.Handle is not { } handle)
        {
            return true;
        }

        if (_configured.TryGetValue(handle, out _))
        {
            return false;
        }

        _configured.AddOrUpdate(handle, handle);
        return true;
    }

    private static bool IsFilePath(SqliteConnectionStringBuilder builder) =>
        !IsInMemory(builder) && !builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase);

    private void PrepareDirectory()
    {
        if (_walEnabled || DatabasePath is null)
        {
            return;
        }

        var directory = Path.GetDirectoryName(DatabasePath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }

    /// <summary>WAL is a property of the file, so it is switched on by the first connection of a data source.</summary>
    private void EnsureWriteAheadLog(object? journalMode)
    {
        var mode = Convert.ToString(journalMode, CultureInfo.InvariantCulture);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"SQLite database '{DatabasePath}' could not switch to WAL journal mode (it stays '{mode}').");
        }

        _walEnabled = true;
    }
}
