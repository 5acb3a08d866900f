using Microsoft.Extensions.Hosting;

namespace IncidentBot.Storage.Migrations;

/// <summary>Migrates before the host starts serving, so handlers never meet an old schema.</summary>
internal sealed class StorageMigrationService(SchemaMigrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
