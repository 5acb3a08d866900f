using IncidentBot.Core.Ports;
using IncidentBot.Storage.Incidents;
using IncidentBot.TestKit;

namespace IncidentBot.Storage.Tests.Contracts;

/// <summary>The contract against SQLite on a real temporary file, migrated the way start-up does.</summary>
public sealed class SqliteIncidentStoreTests : IncidentStoreContract
{
    private readonly TempSqliteDatabase _file = new();

    protected override async Task<IIncidentStore> CreateStoreAsync() =>
        new DapperIncidentStore(await _file.OpenMigratedAsync());

    public override Task DisposeAsync() => _file.DisposeAsync();
}

/// <summary>The same contract against TestKit's fake, which other projects' tests rely on.</summary>
public sealed class InMemoryIncidentStoreTests : IncidentStoreContract
{
    protected override Task<IIncidentStore> CreateStoreAsync() => Task.FromResult<IIncidentStore>(new InMemoryIncidentStore());
}
