using Dapper;
using IncidentBot.Storage.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IncidentBot.Storage.Tests.Sqlite;

public sealed class StorageReadinessCheckTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempSqliteDatabase _file = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _file.DisposeAsync();

    [Fact]
    public async Task Unhealthy_before_the_schema_is_migrated()
    {
        var migrator = _file.MigratorFor(_file.Open());

        var result = await CheckAsync(new StorageReadinessCheck(migrator));

        result.Status.ShouldBe(HealthStatus.Unhealthy);
        result.Data["appliedVersion"].ShouldBe(0);
        result.Data["latestVersion"].ShouldBe(migrator.LatestVersion);
    }

    [Fact]
    public async Task Healthy_once_the_schema_is_at_the_latest_version()
    {
        var migrator = _file.MigratorFor(_file.Open());
        await migrator.MigrateAsync(None);

        var result = await CheckAsync(new StorageReadinessCheck(migrator));

        result.Status.ShouldBe(HealthStatus.Healthy);
        result.Data["appliedVersion"].ShouldBe(migrator.LatestVersion);
    }

    [Fact]
    public async Task Unhealthy_when_the_database_is_newer_than_this_build()
    {
        var database = await _file.OpenMigratedAsync();
        await using (var connection = await database.OpenConnectionAsync(None))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (999, 'from_the_future', 'x');", cancellationToken: None));
        }

        var result = await CheckAsync(new StorageReadinessCheck(_file.MigratorFor(database)));

        result.Status.ShouldBe(HealthStatus.Unhealthy);
        result.Data["appliedVersion"].ShouldBe(999);
    }

    [Fact]
    public async Task Unhealthy_when_the_database_cannot_be_opened()
    {
        // A folder where the file should be: SQLite cannot open it.
        Directory.CreateDirectory(_file.FilePath);
        var migrator = _file.MigratorFor(_file.Open());

        var result = await CheckAsync(new StorageReadinessCheck(migrator));

        result.Status.ShouldBe(HealthStatus.Unhealthy);
        result.Description.ShouldBe("The database is unreachable.");
        result.Exception.ShouldNotBeNull();
    }

    [Fact]
    public async Task Reports_the_failure_status_of_its_registration()
    {
        var check = new StorageReadinessCheck(_file.MigratorFor(_file.Open()));
        var context = new HealthCheckContext
        {
            Registration = new HealthCheckRegistration(StorageReadinessCheck.Name, check, HealthStatus.Degraded, ["ready"]),
        };

        (await check.CheckHealthAsync(context, None)).Status.ShouldBe(HealthStatus.Degraded);
    }

    private static Task<HealthCheckResult> CheckAsync(StorageReadinessCheck check) =>
        check.CheckHealthAsync(
            new HealthCheckContext { Registration = new HealthCheckRegistration(StorageReadinessCheck.Name, check, null, ["ready"]) },
            None);
}
