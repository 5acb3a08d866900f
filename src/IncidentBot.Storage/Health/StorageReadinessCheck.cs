using System.Data.Common;
using IncidentBot.Storage.Migrations;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IncidentBot.Storage.Health;

/// <summary>Ready when the database answers and its schema is exactly the version this build expects.</summary>
internal sealed class StorageReadinessCheck(SchemaMigrator migrator) : IHealthCheck
{
    public const string Name = "storage";
    public const string ReadyTag = "ready";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failure = context.Registration?.FailureStatus ?? HealthStatus.Unhealthy;
        int applied;
        try
        {
            applied = await migrator.GetAppliedVersionAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is DbException or IOException or UnauthorizedAccessException)
        {
            return new HealthCheckResult(failure, "The database is unreachable.", exception);
        }

        var latest = migrator.LatestVersion;
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["appliedVersion"] = applied,
            ["latestVersion"] = latest,
        };
        return applied == latest
            ? HealthCheckResult.Healthy($"Schema at version {latest}.", data)
            : new HealthCheckResult(failure, $"Schema at version {applied}, expected {latest}.", data: data);
    }
}
