using Dapper;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Postmortems;
using IncidentBot.Storage.Incidents;
using IncidentBot.Storage.Postmortems;
using Microsoft.Data.Sqlite;
using static IncidentBot.TestKit.Builders;

namespace IncidentBot.Storage.Tests.Sqlite;

/// <summary>What the SQLite file itself must look like: modes, constraints, formats, durability.</summary>
public sealed class SqliteDatabaseTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempSqliteDatabase _file = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _file.DisposeAsync();

    [Fact]
    public async Task Connections_use_wal_wait_for_locks_enforce_foreign_keys_and_sync_every_commit()
    {
        var database = await _file.OpenMigratedAsync();
        await using var connection = await database.OpenConnectionAsync(None);

        (await PragmaAsync<string>(connection, "journal_mode")).ShouldBe("wal");
        (await PragmaAsync<long>(connection, "foreign_keys")).ShouldBe(1);
        (await PragmaAsync<long>(connection, "busy_timeout")).ShouldBe(30_000);
        (await PragmaAsync<long>(connection, "synchronous")).ShouldBe(2); // FULL
    }

    [Fact]
    public async Task Busy_timeout_follows_the_connection_strings_default_timeout()
    {
        var database = _file.Open(_file.ConnectionString + ";Default Timeout=5");
        await using var connection = await database.OpenConnectionAsync(None);

        (await PragmaAsync<long>(connection, "busy_timeout")).ShouldBe(5_000);
    }

    [Fact]
    public async Task The_database_refuses_an_event_for_an_incident_that_does_not_exist()
    {
        var database = await _file.OpenMigratedAsync();
        await using var connection = await database.OpenConnectionAsync(None);

        var insert = () => connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO timeline_event (workspace, incident_id, kind, occurred_at, recorded_at, author_id, author_name, text)
            VALUES ('sandbox:T', 999, 'Note', 'x', 'x', 'U', 'u', 'orphan');
            """,
            cancellationToken: None));

        (await Should.ThrowAsync<SqliteException>(insert)).SqliteErrorCode.ShouldBe(SQLitePCL.raw.SQLITE_CONSTRAINT);
    }

    [Fact]
    public async Task The_database_refuses_notes_and_drafts_that_point_at_another_workspaces_incident()
    {
        var database = await _file.OpenMigratedAsync();
        var incident = await new DapperIncidentStore(database).CreateIncidentAsync(AnIncident(), [], None);
        await using var connection = await database.OpenConnectionAsync(None);

        var note = () => connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO postmortem_note (workspace, incident_id, kind, author_id, author_name, text, created_at)
            VALUES ('slack:T-OTHER', @id, 'Why', 'U', 'u', 'orphan', 'x');
            """,
            new { id = incident.Id },
            cancellationToken: None));
        var draft = () => connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO postmortem_draft (
                workspace, incident_id, version, markdown, created_at, created_by_id, created_by_name, published, names_replaced)
            VALUES ('slack:T-OTHER', @id, 1, '# orphan', 'x', 'U', 'u', 0, 0);
            """,
            new { id = incident.Id },
            cancellationToken: None));

        (await Should.ThrowAsync<SqliteException>(note)).SqliteErrorCode.ShouldBe(SQLitePCL.raw.SQLITE_CONSTRAINT);
        (await Should.ThrowAsync<SqliteException>(draft)).SqliteErrorCode.ShouldBe(SQLitePCL.raw.SQLITE_CONSTRAINT);
    }

    [Fact]
    public async Task The_database_refuses_a_second_draft_with_the_same_version()
    {
        var database = await _file.OpenMigratedAsync();
        var incident = await new DapperIncidentStore(database).CreateIncidentAsync(AnIncident(), [], None);
        await new DapperPostmortemStore(database).SaveDraftAsync(ADraft(incident.Id), None);
        await using var connection = await database.OpenConnectionAsync(None);

        var duplicate = () => connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO postmortem_draft (
                workspace, incident_id, version, markdown, created_at, created_by_id, created_by_name, published, names_replaced)
            VALUES (@workspace, @id, 1, '# again', 'x', 'U', 'u', 0, 0);
            """,
            new { workspace = WorkspaceKey, id = incident.Id },
            cancellationToken: None));

        (await Should.ThrowAsync<SqliteException>(duplicate)).SqliteErrorCode.ShouldBe(SQLitePCL.raw.SQLITE_CONSTRAINT);
    }

    [Fact]
    public async Task Instants_are_stored_as_iso_8601_text_in_utc()
    {
        var database = await _file.OpenMigratedAsync();
        var store = new DapperIncidentStore(database);
        await store.CreateIncidentAsync(
            AnIncident() with { DeclaredAt = new DateTimeOffset(2026, 11, 21, 14, 30, 15, TimeSpan.FromHours(2)).AddTicks(10) },
            [],
            None);
        await using var connection = await database.OpenConnectionAsync(None);

        var stored = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT declared_at FROM incident;", cancellationToken: None));

        stored.ShouldBe("2026-11-21T12:30:15.0000010+00:00");
        DateTimeOffset.Parse(stored!, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(
            new DateTimeOffset(2026, 11, 21, 12, 30, 15, TimeSpan.Zero).AddTicks(10));
    }

    [Theory]
    [InlineData("SELECT id FROM timeline_event WHERE workspace = 'w' AND source_id = 's';")]
    [InlineData("SELECT id FROM timeline_event WHERE workspace = 'w' AND kind = 'Pinned' AND source_id = 's';")]
    public async Task Timeline_lookups_by_source_use_the_one_source_index(string query)
    {
        var database = await _file.OpenMigratedAsync();
        await using var connection = await database.OpenConnectionAsync(None);

        var rows = await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>(
            new CommandDefinition("EXPLAIN QUERY PLAN " + query, cancellationToken: None));
        var plan = string.Join(" | ", rows.Select(row => row.Detail));

        plan.ShouldContain("ux_timeline_event_source_kind");
    }

    [Fact]
    public async Task Data_survives_reopening_the_file()
    {
        var firstProcess = await _file.OpenMigratedAsync();
        var created = await new DapperIncidentStore(firstProcess).CreateIncidentAsync(
            AnIncident(), [ATimelineEvent() with { Text = "kept" }], None);
        firstProcess.Dispose();
        using (var pooled = new SqliteConnection(firstProcess.DataSource.ConnectionString))
        {
            SqliteConnection.ClearPool(pooled);
        }

        // No pooling: every open below really opens the file again.
        var reopened = _file.Open(_file.ConnectionString + ";Pooling=False");
        var store = new DapperIncidentStore(reopened);

        (await store.FindByNumberAsync(WorkspaceKey, created.Number, None)).ShouldBe(created);
        (await store.GetTimelineAsync(WorkspaceKey, created.Id, TimelineQuery.KeyEvents, None))
            .ShouldHaveSingleItem().Text.ShouldBe("kept");
        (await store.CreateIncidentAsync(AnIncident(), [], None)).Number.ShouldBe(2);
    }

    [Fact]
    public async Task Postmortem_notes_and_drafts_survive_reopening_the_file()
    {
        var firstProcess = await _file.OpenMigratedAsync();
        var incident = await new DapperIncidentStore(firstProcess).CreateIncidentAsync(AnIncident(), [], None);
        var postmortems = new DapperPostmortemStore(firstProcess);
        var note = (await postmortems.AddNoteAsync(
            new PostmortemNote { Workspace = WorkspaceKey, IncidentId = incident.Id, Kind = PostmortemNoteKind.Why, Author = Bob, Text = "kept", CreatedAt = Noon, SourceId = "C1/1.0" },
            None)).Note;
        var draft = await postmortems.SaveDraftAsync(ADraft(incident.Id) with { Published = true }, None);
        firstProcess.Dispose();
        using (var pooled = new SqliteConnection(firstProcess.DataSource.ConnectionString))
        {
            SqliteConnection.ClearPool(pooled);
        }

        var reopened = new DapperPostmortemStore(_file.Open(_file.ConnectionString + ";Pooling=False"));

        (await reopened.GetNotesAsync(WorkspaceKey, incident.Id, None)).ShouldBe([note]);
        (await reopened.GetPublishedAsync(WorkspaceKey, incident.Id, None)).ShouldBe(draft);
        (await reopened.SaveDraftAsync(ADraft(incident.Id), None)).Version.ShouldBe(2);
        (await reopened.AddNoteAsync(note with { Id = 0, Text = "redelivered" }, None)).Added.ShouldBeFalse();
    }

    [Fact]
    public async Task A_write_waits_for_another_connections_write_lock_instead_of_failing()
    {
        var database = await _file.OpenMigratedAsync();
        var store = new DapperIncidentStore(database);
        await using var blocker = await database.OpenConnectionAsync(None);
        await using var transaction = await blocker.BeginTransactionAsync(None);

        // Microsoft.Data.Sqlite's async methods complete synchronously, so the waiting writer needs its own thread.
        var create = Task.Run(() => store.CreateIncidentAsync(AnIncident(), [], None));
        await Task.Delay(TimeSpan.FromMilliseconds(300), None);
        create.IsCompleted.ShouldBeFalse();
        await transaction.CommitAsync(None);

        (await create).Number.ShouldBe(1);
    }

    private static PostmortemDraft ADraft(long incidentId) =>
        new() { Workspace = WorkspaceKey, IncidentId = incidentId, Markdown = "# INC-1", CreatedBy = Alice, CreatedAt = Noon };

    private static async Task<T> PragmaAsync<T>(System.Data.Common.DbConnection connection, string name) =>
        (await connection.ExecuteScalarAsync<T>(new CommandDefinition($"PRAGMA {name};", cancellationToken: None)))!;
}
