using IncidentBot.Core.Sandbox;
using IncidentBot.Storage.Sandbox;
using IncidentBot.TestKit;

namespace IncidentBot.Storage.Tests.Contracts;

public sealed class SqliteSandboxChannelStoreTests : SandboxChannelStoreContract
{
    private readonly TempSqliteDatabase _file = new();

    protected override async Task<ISandboxChannelStore> CreateStoreAsync() =>
        new DapperSandboxChannelStore(await _file.OpenMigratedAsync());

    /// <summary>A new data source on the same file, migrated again, as a restarted process opens it.</summary>
    protected override async Task<ISandboxChannelStore> ReopenAsync() =>
        new DapperSandboxChannelStore(await _file.OpenMigratedAsync());

    public override Task DisposeAsync() => _file.DisposeAsync();
}

public sealed class InMemorySandboxChannelStoreTests : SandboxChannelStoreContract
{
    private readonly InMemorySandboxChannelStore _store = new();

    protected override Task<ISandboxChannelStore> CreateStoreAsync() => Task.FromResult<ISandboxChannelStore>(_store);

    protected override Task<ISandboxChannelStore> ReopenAsync() => Task.FromResult<ISandboxChannelStore>(_store);
}
