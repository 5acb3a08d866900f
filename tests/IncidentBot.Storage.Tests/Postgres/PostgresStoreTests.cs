using IncidentBot.Core.Ports;
using IncidentBot.Core.Sandbox;
using IncidentBot.Storage.Deliveries;
using IncidentBot.Storage.Incidents;
using IncidentBot.Storage.Outbox;
using IncidentBot.Storage.Postmortems;
using IncidentBot.Storage.Sandbox;
using IncidentBot.Storage.Tests.Contracts;

namespace IncidentBot.Storage.Tests.Postgres;

/// <summary>The incident store contract against PostgreSQL (skipped unless INCIDENTBOT_TEST_POSTGRES is set).</summary>
[RequiresPostgres]
public sealed class PostgresIncidentStoreTests : IncidentStoreContract
{
    private readonly PostgresTestDatabase _database = new();

    protected override async Task<IIncidentStore> CreateStoreAsync()
    {
        await _database.InitializeAsync();
        return new DapperIncidentStore(await _database.OpenMigratedAsync());
    }

    public override Task DisposeAsync() => _database.DisposeAsync();
}

/// <summary>The postmortem store contract against PostgreSQL (skipped unless INCIDENTBOT_TEST_POSTGRES is set).</summary>
[RequiresPostgres]
public sealed class PostgresPostmortemStoreTests : PostmortemStoreContract
{
    private readonly PostgresTestDatabase _database = new();

    protected override async Task<(IIncidentStore Incidents, IPostmortemStore Postmortems)> CreateStoresAsync()
    {
        await _database.InitializeAsync();
        var database = await _database.OpenMigratedAsync();
        return (new DapperIncidentStore(database), new DapperPostmortemStore(database));
    }

    public override Task DisposeAsync() => _database.DisposeAsync();
}

/// <summary>The sandbox store contract against PostgreSQL (skipped unless INCIDENTBOT_TEST_POSTGRES is set).</summary>
[RequiresPostgres]
public sealed class PostgresSandboxChannelStoreTests : SandboxChannelStoreContract
{
    private readonly PostgresTestDatabase _database = new();

    protected override async Task<ISandboxChannelStore> CreateStoreAsync()
    {
        await _database.InitializeAsync();
        return new DapperSandboxChannelStore(await _database.OpenMigratedAsync());
    }

    protected override async Task<ISandboxChannelStore> ReopenAsync() =>
        new DapperSandboxChannelStore(await _database.OpenMigratedAsync());

    public override Task DisposeAsync() => _database.DisposeAsync();
}

/// <summary>The outbox contract against PostgreSQL (skipped unless INCIDENTBOT_TEST_POSTGRES is set); each replica has its own data source.</summary>
[RequiresPostgres]
public sealed class PostgresOutboxTests : OutboxContract
{
    private readonly PostgresTestDatabase _database = new();

    protected override async Task<IReadOnlyList<IOutbox>> CreateReplicasAsync(int count)
    {
        await _database.InitializeAsync();
        var first = await _database.OpenMigratedAsync();
        return [new DapperOutbox(first), .. Enumerable.Range(1, count - 1).Select(_ => new DapperOutbox(_database.Open()))];
    }

    public override Task DisposeAsync() => _database.DisposeAsync();
}

/// <summary>The delivery ledger contract against PostgreSQL (skipped unless INCIDENTBOT_TEST_POSTGRES is set).</summary>
[RequiresPostgres]
public sealed class PostgresDeliveryLedgerTests : DeliveryLedgerContract
{
    private readonly PostgresTestDatabase _database = new();

    protected override async Task<IReadOnlyList<IDeliveryLedger>> CreateReplicasAsync(int count)
    {
        await _database.InitializeAsync();
        var first = await _database.OpenMigratedAsync();
        return [new DapperDeliveryLedger(first), .. Enumerable.Range(1, count - 1).Select(_ => new DapperDeliveryLedger(_database.Open()))];
    }

    public override Task DisposeAsync() => _database.DisposeAsync();
}
