using IncidentBot.Storage.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

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
        applied.ShouldBe(migrator.LatestVersion);
        again.ShouldBe(0);
        after.Status.ShouldBe(HealthStatus.Healthy);
    }

    [PostgresFact]
    public async Task Two_processes_migrating_at_once_apply_each_script_once()
    {
        var first = _database.MigratorFor(_database.Open());
        var second = _database.MigratorFor(_database.Open());

        var applied = await Task.WhenAll(first.MigrateAsync(None), second.MigrateAsync(None));

        applied.Sum().ShouldBe(first.LatestVersion);
        (await first.GetAppliedVersionAsync(None)).ShouldBe(first.LatestVersion);
    }
}
