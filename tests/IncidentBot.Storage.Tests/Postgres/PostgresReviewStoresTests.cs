using IncidentBot.Storage.ActionItems;
using IncidentBot.Storage.Incidents;
using IncidentBot.Storage.Reminders;
using IncidentBot.Storage.Reviews;
using IncidentBot.Storage.Tests.Contracts;

namespace IncidentBot.Storage.Tests.Postgres;

/// <summary>The review, action-item and reminder store contract against PostgreSQL (skipped unless INCIDENTBOT_TEST_POSTGRES is set).</summary>
[RequiresPostgres]
public sealed class PostgresReviewStoresTests : ReviewStoresContract
{
    private readonly PostgresTestDatabase _database = new();

    protected override async Task<ReviewStores> CreateStoresAsync()
    {
        await _database.InitializeAsync();
        var database = await _database.OpenMigratedAsync();
        return new ReviewStores(new DapperIncidentStore(database), new DapperReviewStore(database), new DapperActionItemStore(database), new DapperReminderStore(database));
    }

    public override Task DisposeAsync() => _database.DisposeAsync();
}
