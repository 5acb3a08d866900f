using IncidentBot.Core.Ports;
using IncidentBot.Core.Sandbox;
using IncidentBot.Storage.ActionItems;
using IncidentBot.Storage.Deliveries;
using IncidentBot.Storage.Dialects;
using IncidentBot.Storage.Health;
using IncidentBot.Storage.Incidents;
using IncidentBot.Storage.Migrations;
using IncidentBot.Storage.Outbox;
using IncidentBot.Storage.Postmortems;
using IncidentBot.Storage.Reminders;
using IncidentBot.Storage.Reviews;
using IncidentBot.Storage.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IncidentBot.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IIncidentStore"/>, <see cref="IPostmortemStore"/>, <see cref="ISandboxChannelStore"/>, the
    /// review, action-item and reminder stores, <see cref="IOutbox"/> and <see cref="IDeliveryLedger"/> over the database
    /// named by the <c>Storage</c> section (validated at start-up), a hosted service that migrates the schema before the
    /// app serves, and the <c>storage</c> health check tagged <c>ready</c>.
    /// </summary>
    public static IServiceCollection AddIncidentStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static provider =>
        {
            var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            return new StorageDatabase(SqlDialect.For(StorageProviders.Parse(options.Provider)), options.ConnectionString);
        });
        services.TryAddSingleton<SchemaMigrator>();
        services.TryAddSingleton<IIncidentStore, DapperIncidentStore>();
        services.TryAddSingleton<IPostmortemStore, DapperPostmortemStore>();
        services.TryAddSingleton<ISandboxChannelStore, DapperSandboxChannelStore>();
        services.TryAddSingleton<IReviewStore, DapperReviewStore>();
        services.TryAddSingleton<IActionItemStore, DapperActionItemStore>();
        services.TryAddSingleton<IReminderStore, DapperReminderStore>();
        services.TryAddSingleton<IOutbox, DapperOutbox>();
        services.TryAddSingleton<IDeliveryLedger, DapperDeliveryLedger>();
        services.AddHostedService<StorageMigrationService>();
        services.AddHealthChecks()
            .AddCheck<StorageReadinessCheck>(StorageReadinessCheck.Name, tags: [StorageReadinessCheck.ReadyTag]);
        return services;
    }
}
