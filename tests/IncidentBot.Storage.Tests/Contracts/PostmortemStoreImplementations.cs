using IncidentBot.Core.Ports;
using IncidentBot.Storage.Incidents;
using IncidentBot.Storage.Postmortems;
using IncidentBot.TestKit;

namespace IncidentBot.Storage.Tests.Contracts;

/// <summary>The contract against SQLite on a real temporary file, migrated the way start-up does.</summary>
public sealed class SqlitePostmortemStoreTests : PostmortemStoreContract
{
    private readonly TempSqliteDatabase _file = new();

    protected override async Task<(IIncidentStore Incidents, IPostmortemStore Postmortems)> CreateStoresAsync()
    {
        var database = await _file.OpenMigratedAsync();
        return (new DapperIncidentStore(database), new DapperPostmortemStore(database));
    }

    public override Task DisposeAsync() => _file.DisposeAsync();
}

/// <summary>The same contract against TestKit's fake, which other projects' tests rely on.</summary>
public sealed class InMemoryPostmortemStoreTests : PostmortemStoreContract
{
    protected override Task<(IIncidentStore Incidents, IPostmortemStore Postmortems)> CreateStoresAsync()
    {
        var incidents = new InMemoryIncidentStore();
        return Task.FromResult<(IIncidentStore, IPostmortemStore)>((incidents, new InMemoryPostmortemStore(incidents)));
    }
}
