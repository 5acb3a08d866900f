using IncidentBot.Storage.ActionItems;
using IncidentBot.Storage.Incidents;
using IncidentBot.Storage.Reminders;
using IncidentBot.Storage.Reviews;
using IncidentBot.TestKit;

namespace IncidentBot.Storage.Tests.Contracts;

/// <summary>The contract against SQLite on a real temporary file, migrated the way start-up does.</summary>
public sealed class SqliteReviewStoresTests : ReviewStoresContract
{
    private readonly TempSqliteDatabase _file = new();

    protected override async Task<ReviewStores> CreateStoresAsync()
    {
        var database = await _file.OpenMigratedAsync();
        return new ReviewStores(new DapperIncidentStore(database), new DapperReviewStore(database), new DapperActionItemStore(database), new DapperReminderStore(database));
    }

    public override Task DisposeAsync() => _file.DisposeAsync();
}

/// <summary>The same contract against TestKit's fakes, which other projects' tests rely on.</summary>
public sealed class InMemoryReviewStoresTests : ReviewStoresContract
{
    protected override Task<ReviewStores> CreateStoresAsync()
    {
        var incidents = new InMemoryIncidentStore();
        return Task.FromResult(new ReviewStores(incidents, new InMemoryReviewStore(incidents), new InMemoryActionItemStore(incidents), new InMemoryReminderStore()));
    }
}
