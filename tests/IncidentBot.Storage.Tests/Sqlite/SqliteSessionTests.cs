using System.Data.Common;
using Dapper;
using IncidentBot.Storage.Dialects;
using IncidentBot.Storage.Incidents;
using static IncidentBot.TestKit.Builders;

namespace IncidentBot.Storage.Tests.Sqlite;

/// <summary>
/// SQLite connections stay open between uses with their prepared statements (<see cref="SqliteSessionPool"/>): what is
/// reused must give the same answers as a fresh connection, and nothing one user leaves behind may reach the next.
/// </summary>
public sealed class SqliteSessionTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempSqliteDatabase _file = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _file.DisposeAsync();

    [Fact]
    public async Task A_query_run_again_reuses_its_prepared_statement_with_the_new_parameters()
    {
        var database = await _file.OpenMigratedAsync();
        var store = new DapperIncidentStore(database);
        var first = await store.CreateIncidentAsync(AnIncident() with { Channel = AnIncident().Channel with { Id = "C-FIRST" }, Title = "first" }, [], None);
        var second = await store.CreateIncidentAsync(AnIncident() with { Channel = AnIncident().Channel with { Id = "C-SECOND" }, Title = "second" }, [], None);

        (await store.FindByChannelAsync(first.Workspace, "C-FIRST", None)).ShouldBe(first);
        var prepared = await PreparedCountAsync(database);
        (await store.FindByChannelAsync(second.Workspace, "C-SECOND", None)).ShouldBe(second);
        (await store.FindByChannelAsync(second.Workspace, "C-NONE", None)).ShouldBeNull();

        (await PreparedCountAsync(database)).ShouldBe(prepared);
    }

    [Fact]
    public async Task The_pool_hands_out_the_same_open_connection_again()
    {
        var database = await _file.OpenMigratedAsync();
        var first = await database.OpenConnectionAsync(None);
        var inner = ((PooledSqliteConnection)first).Session.Connection;
        await first.DisposeAsync();

        await using var second = await database.OpenConnectionAsync(None);
        ((PooledSqliteConnection)second).Session.Connection.ShouldBeSameAs(inner);
        second.State.ShouldBe(System.Data.ConnectionState.Open);

        // The first user's handle is closed to them, and cannot reach the session the second user now holds.
        first.State.ShouldBe(System.Data.ConnectionState.Closed);
        Should.Throw<ObjectDisposedException>(() => first.CreateCommand().ExecuteScalar());
    }

    [Fact]
    public async Task A_connection_given_back_inside_a_transaction_is_closed_not_reused()
    {
        var database = await _file.OpenMigratedAsync();
        Microsoft.Data.Sqlite.SqliteConnection left;
        await using (var careless = await database.OpenConnectionAsync(None))
        {
            left = ((PooledSqliteConnection)careless).Session.Connection;
            await careless.ExecuteAsync("BEGIN IMMEDIATE;");
        }

        await using var next = await database.OpenConnectionAsync(None);
        ((PooledSqliteConnection)next).Session.Connection.ShouldNotBeSameAs(left);
        left.State.ShouldBe(System.Data.ConnectionState.Closed);

        // The write lock went with the closed connection: a write goes through.
        await new DapperIncidentStore(database).CreateIncidentAsync(AnIncident(), [], None);
    }

    [Fact]
    public async Task A_connection_given_back_with_its_transaction_object_still_open_releases_the_write_lock()
    {
        var database = await _file.OpenMigratedAsync();
        var careless = await database.OpenConnectionAsync(None);
        var transaction = await careless.BeginTransactionAsync(None);
        await careless.ExecuteAsync("UPDATE schema_version SET name = name;", transaction: transaction);
        await careless.DisposeAsync();

        await new DapperIncidentStore(database).CreateIncidentAsync(AnIncident(), [], None);
        GC.KeepAlive(transaction);
    }

    [Fact]
    public async Task A_reader_left_open_does_not_reach_the_next_user_of_its_statement()
    {
        var database = await _file.OpenMigratedAsync();
        var store = new DapperIncidentStore(database);
        await store.CreateIncidentAsync(AnIncident() with { Title = "one" }, [], None);
        await store.CreateIncidentAsync(AnIncident() with { Title = "two" }, [], None);
        const string Sql = "SELECT title FROM incident ORDER BY number;";

        DbDataReader abandoned;
        await using (var first = await database.OpenConnectionAsync(None))
        {
            abandoned = await first.ExecuteReaderAsync(Sql);
            (await abandoned.ReadAsync()).ShouldBeTrue();
        }

        await using var second = await database.OpenConnectionAsync(None);
        (await second.QueryAsync<string>(Sql)).ShouldBe(["one", "two"]);
        await abandoned.DisposeAsync();
    }

    [Fact]
    public async Task The_same_statement_twice_at_once_on_one_connection_runs_both()
    {
        var database = await _file.OpenMigratedAsync();
        var store = new DapperIncidentStore(database);
        await store.CreateIncidentAsync(AnIncident() with { Title = "one" }, [], None);
        const string Sql = "SELECT title FROM incident WHERE number = @number;";

        await using var connection = await database.OpenConnectionAsync(None);
        await using var outer = await connection.ExecuteReaderAsync(Sql, new { number = 1 });
        (await outer.ReadAsync()).ShouldBeTrue();
        (await connection.QuerySingleAsync<string>(Sql, new { number = 1 })).ShouldBe("one");
        outer.GetString(0).ShouldBe("one");
    }

    [Fact]
    public async Task Parameters_are_found_whatever_prefix_the_sql_uses()
    {
        var database = await _file.OpenMigratedAsync();
        await using var connection = await database.OpenConnectionAsync(None);

        (await connection.QuerySingleAsync<long>("SELECT @a + :b + $c;", new { a = 1, b = 20, c = 300 })).ShouldBe(321);
        (await connection.QuerySingleAsync<long>("SELECT @a + :b + $c;", new { a = 2, b = 20, c = 300 })).ShouldBe(322);
    }

    [Fact]
    public async Task A_column_null_in_one_run_and_set_in_the_next_reads_correctly_both_times()
    {
        var database = await _file.OpenMigratedAsync();
        await using var connection = await database.OpenConnectionAsync(None);
        const string Sql = "SELECT CASE WHEN @set THEN 42 ELSE NULL END AS value, CASE WHEN @set THEN NULL ELSE 'text' END AS label;";

        (await connection.QuerySingleAsync<(long? Value, string? Label)>(Sql, new { set = false })).ShouldBe((null, "text"));
        (await connection.QuerySingleAsync<(long? Value, string? Label)>(Sql, new { set = true })).ShouldBe((42, null));
        (await connection.QuerySingleAsync<(long? Value, string? Label)>(Sql, new { set = false })).ShouldBe((null, "text"));
    }

    [Fact]
    public async Task Statements_past_the_cap_still_run_and_are_not_kept()
    {
        var database = await _file.OpenMigratedAsync();
        await using var connection = await database.OpenConnectionAsync(None);
        for (var i = 0; i < SqliteSession.MaxPrepared + 10; i++)
        {
            (await connection.QuerySingleAsync<long>($"SELECT {i};")).ShouldBe(i);
        }

        ((PooledSqliteConnection)connection).Session.PreparedCount.ShouldBe(SqliteSession.MaxPrepared);
    }

    [Fact]
    public async Task Without_pooling_every_open_is_a_new_connection()
    {
        var database = _file.Open(_file.ConnectionString + ";Pooling=False");
        Microsoft.Data.Sqlite.SqliteConnection first;
        await using (var connection = await database.OpenConnectionAsync(None))
        {
            first = ((PooledSqliteConnection)connection).Session.Connection;
        }

        first.State.ShouldBe(System.Data.ConnectionState.Closed);
        await using var second = await database.OpenConnectionAsync(None);
        ((PooledSqliteConnection)second).Session.Connection.ShouldNotBeSameAs(first);
    }

    [Fact]
    public async Task Disposing_the_database_closes_the_connections_it_kept()
    {
        var database = await _file.OpenMigratedAsync();
        Microsoft.Data.Sqlite.SqliteConnection kept;
        await using (var connection = await database.OpenConnectionAsync(None))
        {
            kept = ((PooledSqliteConnection)connection).Session.Connection;
        }

        database.Dispose();

        kept.State.ShouldBe(System.Data.ConnectionState.Closed);
    }

    private static async Task<int> PreparedCountAsync(StorageDatabase database)
    {
        await using var connection = await database.OpenConnectionAsync(None);
        return ((PooledSqliteConnection)connection).Session.PreparedCount;
    }
}
