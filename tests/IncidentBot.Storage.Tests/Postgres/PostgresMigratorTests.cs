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

namespace IncidentBot.Storage.Tests.Postgres;

public sealed class PostgresMigratorTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly PostgresTestDatabase _database = new();

    public Task InitializeAsync() => PostgresTestDatabase.SkipReason is null ? _database.InitializeAsync() : Task.CompletedTask;

    public Task DisposeAsync() => _database.DisposeAsync();

    [PostgresFact]
    public async Task Migrates_an_empty_schema_once_and_then_reports_ready()
    {
        var migrator = _database.MigratorFor(_database.Open());
        var check = new StorageReadinessCheck(migrator);

        var before = await check.CheckHealthAsync(new HealthCheckContext(), None);
        var applied = await migrator.MigrateAsync(None);
        var again = await migrator.MigrateAsync(None);
        var after = await check.CheckHealthAsync(new HealthCheckContext(), None);

        before.Status.ShouldBe(HealthStatus.Unhealthy);
        applied.ShouldBe(MigrationScript.For(PostgresDialect.Instance).Count);
        again.ShouldBe(0);
        after.Status.ShouldBe(HealthStatus.Healthy);
    }

    [PostgresFact]
    public async Task Two_processes_migrating_at_once_apply_each_script_once()
    {
        var first = _database.MigratorFor(_database.Open());
        var second = _database.MigratorFor(_database.Open());

        var applied = await Task.WhenAll(first.MigrateAsync(None), second.MigrateAsync(None));

        applied.Sum().ShouldBe(MigrationScript.For(PostgresDialect.Instance).Count);
        (await first.GetAppliedVersionAsync(None)).ShouldBe(first.LatestVersion);
    }

    [PostgresFact]
    public async Task Upgrading_a_schema_at_version_one_applies_the_postmortem_migration_and_keeps_the_data()
    {
        var database = _database.Open();
        var first = MigrationScript.For(PostgresDialect.Instance)[0];
        await using (var connection = await database.OpenConnectionAsync(None))
        {
            await connection.ExecuteAsync(new CommandDefinition(PostgresDialect.Instance.CreateSchemaVersionTableSql, cancellationToken: None));
            await connection.ExecuteAsync(new CommandDefinition(first.Sql, cancellationToken: None));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @appliedAt);",
                new { version = first.Version, name = first.Name, appliedAt = PostgresDialect.Instance.Instant(Noon) },
                cancellationToken: None));
        }

        var incident = await new DapperIncidentStore(database).CreateIncidentAsync(AnIncident(), [], None);
        var migrator = _database.MigratorFor(database);

        var applied = await migrator.MigrateAsync(None);

        applied.ShouldBe(MigrationScript.For(PostgresDialect.Instance).Count - 1);
        await using (var connection = await database.OpenConnectionAsync(None))
        {
            var rows = await connection.QueryAsync<(int, string)>(new CommandDefinition(
                "SELECT version, name FROM schema_version ORDER BY version;", cancellationToken: None));
            rows.Take(2).ShouldBe([(1, "initial"), (2, "postmortems")]);
        }

        (await new StorageReadinessCheck(migrator).CheckHealthAsync(new HealthCheckContext(), None)).Status.ShouldBe(HealthStatus.Healthy);
        var draft = await new DapperPostmortemStore(database).SaveDraftAsync(
            new PostmortemDraft { Workspace = WorkspaceKey, IncidentId = incident.Id, Markdown = "# INC-1", CreatedBy = Alice, CreatedAt = Noon },
            None);
        draft.Version.ShouldBe(1);
    }

    [PostgresFact]
    public async Task Entries_promoted_before_markers_were_recorded_count_as_pinned()
    {
        // A schema as a build before 0005 left it: a message on the key timeline and one taken off it again.
        var database = _database.Open();
        await MarkerBackfillCheck.RunAsync(database, _database.MigratorFor(database));
    }
}
