using IncidentBot.Core.Ports;
using IncidentBot.Storage.Deliveries;
using IncidentBot.Storage.Outbox;
using IncidentBot.TestKit;

namespace IncidentBot.Storage.Tests.Contracts;

/// <summary>The outbox contract against SQLite on a real temporary file; each replica has its own connection pool.</summary>
public sealed class SqliteOutboxTests : OutboxContract
{
    private readonly TempSqliteDatabase _file = new();

    protected override async Task<IReadOnlyList<IOutbox>> CreateReplicasAsync(int count)
    {
        var first = await _file.OpenMigratedAsync();
        return [new DapperOutbox(first), .. Enumerable.Range(1, count - 1).Select(_ => new DapperOutbox(_file.Open()))];
    }

    public override Task DisposeAsync() => _file.DisposeAsync();
}

/// <summary>The same contract against TestKit's fake, which other projects' tests rely on.</summary>
public sealed class InMemoryOutboxTests : OutboxContract
{
    protected override Task<IReadOnlyList<IOutbox>> CreateReplicasAsync(int count)
    {
        var outbox = new InMemoryOutbox();
        return Task.FromResult<IReadOnlyList<IOutbox>>([.. Enumerable.Repeat<IOutbox>(outbox, count)]);
    }
}

/// <summary>The delivery ledger contract against SQLite on a real temporary file.</summary>
public sealed class SqliteDeliveryLedgerTests : DeliveryLedgerContract
{
    private readonly TempSqliteDatabase _file = new();

    protected override async Task<IReadOnlyList<IDeliveryLedger>> CreateReplicasAsync(int count)
    {
        var first = await _file.OpenMigratedAsync();
        return [new DapperDeliveryLedger(first), .. Enumerable.Range(1, count - 1).Select(_ => new DapperDeliveryLedger(_file.Open()))];
    }

    public override Task DisposeAsync() => _file.DisposeAsync();
}

public sealed class InMemoryDeliveryLedgerTests : DeliveryLedgerContract
{
    protected override Task<IReadOnlyList<IDeliveryLedger>> CreateReplicasAsync(int count)
    {
        var ledger = new InMemoryDeliveryLedger();
        return Task.FromResult<IReadOnlyList<IDeliveryLedger>>([.. Enumerable.Repeat<IDeliveryLedger>(ledger, count)]);
    }
}
