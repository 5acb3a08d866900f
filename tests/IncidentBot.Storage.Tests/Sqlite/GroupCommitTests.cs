using Dapper;
using IncidentBot.Storage.Incidents;
using static IncidentBot.TestKit.Builders;

namespace IncidentBot.Storage.Tests.Sqlite;

/// <summary>SQLite writes committed in groups: each caller still gets its own outcome, and only committed work is reported.</summary>
public sealed class GroupCommitTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempSqliteDatabase _file = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _file.DisposeAsync();

    private static Task<int> InsertAsync(StorageDatabase database, string body, bool thenFail = false) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var inserted = await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO inbound_delivery (workspace, delivery_id, state, owner, lease_until, started_at)
                VALUES ('slack:T1', @body, 'done', 'test', @at, @at);
                """,
                new { body, at = database.Dialect.Instant(Noon) },
                transaction,
                cancellationToken: None));
            return thenFail ? throw new InvalidOperationException("the work failed after writing") : inserted;
        }, None);

    private static async Task<List<string>> BodiesAsync(StorageDatabase database)
    {
        await using var connection = await database.OpenConnectionAsync(None);
        return [.. await connection.QueryAsync<string>(new CommandDefinition("SELECT delivery_id FROM inbound_delivery ORDER BY rowid;", cancellationToken: None))];
    }

    [Fact]
    public async Task Writes_run_on_the_writer_thread_not_the_pool_and_their_callers_resume_elsewhere()
    {
        var database = await _file.OpenMigratedAsync();

        var (before, after) = await database.WriteAsync(async (connection, transaction) =>
        {
            var first = Thread.CurrentThread;
            await connection.ExecuteAsync(new CommandDefinition("SELECT 1;", transaction: transaction, cancellationToken: None));
            await Task.Yield();
            return (first, Thread.CurrentThread);
        }, None);

        // The work, even after it awaited, ran on the writer's own thread, which blocks on the disk instead of a pool thread.
        (before.Name, before.IsThreadPoolThread).ShouldBe(("IncidentBot SQLite writer", false));
        after.ShouldBeSameAs(before);

        // The caller did not stay on the writer's thread: it would hold up the next group.
        Thread.CurrentThread.ShouldNotBeSameAs(before);
    }

    [Fact]
    public async Task Concurrent_writes_each_get_their_own_outcome_and_a_failed_one_is_rolled_back_alone()
    {
        var database = await _file.OpenMigratedAsync();

        var writes = Enumerable.Range(0, 200).Select(i => Task.Run(() => InsertAsync(database, $"m{i}", thenFail: i % 10 == 3))).ToList();
        var outcomes = await Task.WhenAll(writes.Select(async write =>
        {
            try
            {
                return await write;
            }
            catch (InvalidOperationException)
            {
                return -1;
            }
        }));

        outcomes.Count(outcome => outcome == -1).ShouldBe(20);
        var bodies = await BodiesAsync(database);
        bodies.Count.ShouldBe(180);
        bodies.ShouldNotContain(body => body.EndsWith('3'));
    }

    [Fact]
    public async Task What_a_write_returns_is_committed_and_seen_by_another_process()
    {
        var database = await _file.OpenMigratedAsync();
        var incidents = new DapperIncidentStore(database);
        var incident = await incidents.CreateIncidentAsync(AnIncident(), [], None);

        var appended = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            incidents.AppendEventAsync(ATimelineEvent(incident.Id) with { SourceId = $"s{i}" }, None)));

        var elsewhere = new DapperIncidentStore(_file.Open());
        (await elsewhere.GetTimelineAsync(WorkspaceKey, incident.Id, Core.Ports.TimelineQuery.KeyEvents, None)).Select(e => e.Id)
            .ShouldBe(appended.Select(a => a.Event.Id).Order());
    }

    [Fact]
    public async Task A_write_to_a_missing_incident_fails_without_failing_the_others()
    {
        var database = await _file.OpenMigratedAsync();
        var incidents = new DapperIncidentStore(database);
        var incident = await incidents.CreateIncidentAsync(AnIncident(), [], None);

        var good = Task.WhenAll(Enumerable.Range(0, 20).Select(i => incidents.AppendEventAsync(ATimelineEvent(incident.Id) with { SourceId = $"s{i}" }, None)));
        var bad = incidents.AppendEventAsync(ATimelineEvent(incident.Id + 99), None);

        await Should.ThrowAsync<KeyNotFoundException>(() => bad);
        (await good).Length.ShouldBe(20);
    }

    [Fact]
    public async Task A_write_cancelled_before_its_turn_writes_nothing()
    {
        var database = await _file.OpenMigratedAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var write = database.WriteAsync<int>((_, _) => throw new InvalidOperationException("must not run"), cancelled.Token);

        await Should.ThrowAsync<OperationCanceledException>(() => write);
        (await InsertAsync(database, "after")).ShouldBe(1);
        (await BodiesAsync(database)).ShouldBe(["after"]);
    }
}
