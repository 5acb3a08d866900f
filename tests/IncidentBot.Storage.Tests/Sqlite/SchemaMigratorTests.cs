using Dapper;
using IncidentBot.Core.Postmortems;
using IncidentBot.Core.Timeline;
using IncidentBot.Storage.Dialects;
using IncidentBot.Storage.Health;
using IncidentBot.Storage.Incidents;
using IncidentBot.Storage.Migrations;
using IncidentBot.Storage.Postmortems;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using static IncidentBot.TestKit.Builders;

namespace IncidentBot.Storage.Tests.Sqlite;

public sealed class SchemaMigratorTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempSqliteDatabase _file = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _file.DisposeAsync();

    /// <summary>Versions the SQLite scripts use (gaps allowed: parallel branches reserve numbers).</summary>
    private static IEnumerable<int> Versions => MigrationScript.For(SqliteDialect.Instance).Select(s => s.Version);

    private static int ScriptCount => MigrationScript.For(SqliteDialect.Instance).Count;

    [Fact]
    public void Embedded_scripts_start_at_one_in_order_and_use_each_number_once()
    {
        var scripts = MigrationScript.For(SqliteDialect.Instance);

        scripts[0].Version.ShouldBe(1);
        scripts.Select(s => s.Version).ShouldBeInOrder(SortDirection.Ascending);
        scripts.Select(s => s.Version).ShouldBeUnique();
        scripts[0].Name.ShouldBe("initial");
        scripts.ShouldAllBe(s => !string.IsNullOrWhiteSpace(s.Sql));
    }

    [Fact]
    public async Task Migrating_an_empty_file_applies_every_script_and_creates_the_file()
    {
        var migrator = _file.MigratorFor(_file.Open());

        var applied = await migrator.MigrateAsync(None);

        applied.ShouldBe(ScriptCount);
        File.Exists(_file.FilePath).ShouldBeTrue();
        (await migrator.GetAppliedVersionAsync(None)).ShouldBe(migrator.LatestVersion);
        (await TableNamesAsync()).ShouldBe([
            "action_item", "action_item_number", "facilitator", "inbound_delivery", "incident", "incident_number", "outbox_message",
            "postmortem_draft", "postmortem_note", "reminder", "review", "review_pass", "review_setting", "sandbox_attachment",
            "sandbox_message", "sandbox_revision",
            "schema_version", "timeline_event", "timeline_marker",
        ]);
    }

    [Fact]
    public void Both_dialects_have_the_same_migrations_in_the_same_order()
    {
        var sqlite = MigrationScript.For(SqliteDialect.Instance).Select(s => (s.Version, s.Name));
        var postgres = MigrationScript.For(PostgresDialect.Instance).Select(s => (s.Version, s.Name));

        sqlite.ShouldBe(postgres);
        sqlite.Take(2).ShouldBe([(1, "initial"), (2, "postmortems")]);
    }

    [Fact]
    public async Task Upgrading_a_file_at_version_one_applies_the_postmortem_migration_and_keeps_the_data()
    {
        var database = _file.Open();
        await ApplyOnlyTheFirstScriptAsync(database);
        var incident = await new DapperIncidentStore(database).CreateIncidentAsync(AnIncident(), [], None);
        var migrator = _file.MigratorFor(database);

        var applied = await migrator.MigrateAsync(None);

        applied.ShouldBe(ScriptCount - 1);
        (await VersionRowsAsync()).Take(2).Select(r => (r.Version, r.Name)).ShouldBe([(1L, "initial"), (2L, "postmortems")]);
        (await new StorageReadinessCheck(migrator).CheckHealthAsync(new HealthCheckContext(), None)).Status.ShouldBe(HealthStatus.Healthy);
        var postmortems = new DapperPostmortemStore(database);
        var draft = await postmortems.SaveDraftAsync(
            new PostmortemDraft { Workspace = WorkspaceKey, IncidentId = incident.Id, Markdown = "# INC-1", CreatedBy = Alice, CreatedAt = Noon },
            None);
        draft.Version.ShouldBe(1);
        (await new DapperIncidentStore(database).FindByNumberAsync(WorkspaceKey, incident.Number, None)).ShouldBe(incident);
    }

    [Fact]
    public async Task Migrating_again_is_a_no_op()
    {
        var migrator = _file.MigratorFor(_file.Open());
        await migrator.MigrateAsync(None);
        var before = await VersionRowsAsync();
        _file.Clock.Advance(TimeSpan.FromHours(1));

        var applied = await migrator.MigrateAsync(None);

        applied.ShouldBe(0);
        (await VersionRowsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task The_version_table_records_each_script_once_with_its_name_and_time()
    {
        await _file.MigratorFor(_file.Open()).MigrateAsync(None);

        var rows = await VersionRowsAsync();

        rows.ShouldBe([.. MigrationScript.For(SqliteDialect.Instance)
            .Select(s => ((long)s.Version, s.Name, "2026-11-21T12:00:00.0000000+00:00"))]);
    }

    [Fact]
    public async Task Two_processes_migrating_at_once_both_succeed_and_apply_each_script_once()
    {
        // Separate data sources on one file behave like two processes: separate connections, one file lock.
        var first = _file.MigratorFor(_file.Open());
        var second = _file.MigratorFor(_file.Open());

        var applied = await Task.WhenAll(
            Task.Run(() => first.MigrateAsync(None)),
            Task.Run(() => second.MigrateAsync(None)));

        applied.Sum().ShouldBe(ScriptCount);
        (await VersionRowsAsync()).Select(r => (int)r.Version).ShouldBe(Versions);
    }

    [Fact]
    public async Task A_file_never_migrated_is_at_version_zero()
    {
        var migrator = _file.MigratorFor(_file.Open());

        (await migrator.GetAppliedVersionAsync(None)).ShouldBe(0);
        migrator.LatestVersion.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_script_missing_below_the_newest_applied_one_is_applied_when_it_arrives()
    {
        // A database that got 0004 on one branch before 0003 from another was merged: every missing script runs.
        var database = _file.Open();
        var migrator = _file.MigratorFor(database);
        await migrator.MigrateAsync(None);
        var second = MigrationScript.For(SqliteDialect.Instance)[1];
        await using (var connection = await database.OpenConnectionAsync(None))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DROP TABLE postmortem_draft; DROP TABLE postmortem_note; DELETE FROM schema_version WHERE version = @version;",
                new { version = second.Version },
                cancellationToken: None));
        }

        var applied = await migrator.MigrateAsync(None);

        applied.ShouldBe(1);
        (await VersionRowsAsync()).Select(r => (int)r.Version).ShouldBe(Versions);
        (await TableNamesAsync()).ShouldContain(name => name == "postmortem_draft");
    }

    [Fact]
    public async Task Entries_promoted_before_markers_were_recorded_count_as_pinned()
    {
        // A database as a build before 0005 left it: a message on the key timeline and one taken off it again.
        var database = _file.Open();
        await MarkerBackfillCheck.RunAsync(database, _file.MigratorFor(database));
    }

    /// <summary>Leaves the file as a build that knew only <c>0001_initial</c> left it.</summary>
    private static async Task ApplyOnlyTheFirstScriptAsync(StorageDatabase database)
    {
        var first = MigrationScript.For(SqliteDialect.Instance)[0];
        await using var connection = await database.OpenConnectionAsync(None);
        await connection.ExecuteAsync(new CommandDefinition(SqliteDialect.Instance.CreateSchemaVersionTableSql, cancellationToken: None));
        await connection.ExecuteAsync(new CommandDefinition(first.Sql, cancellationToken: None));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @appliedAt);",
            new { version = first.Version, name = first.Name, appliedAt = SqliteDialect.Instance.Instant(Noon) },
            cancellationToken: None));
    }

    private async Task<List<(long Version, string Name, string AppliedAt)>> VersionRowsAsync()
    {
        await using var connection = await _file.Open().OpenConnectionAsync(None);
        var rows = await connection.QueryAsync<(long, string, string)>(new CommandDefinition(
            "SELECT version, name, applied_at FROM schema_version ORDER BY version;", cancellationToken: None));
        return [.. rows];
    }

    private async Task<List<string>> TableNamesAsync()
    {
        await using var connection = await _file.Open().OpenConnectionAsync(None);
        var names = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name;", cancellationToken: None));
        return [.. names];
    }

    // Keeps the builders' clock and the migrator's clock visibly the same moment.
    [Fact]
    public void The_test_clock_starts_at_the_builders_noon() => _file.Clock.GetUtcNow().ShouldBe(Noon);
}
