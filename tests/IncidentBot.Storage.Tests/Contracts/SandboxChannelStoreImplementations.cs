using IncidentBot.Core.Sandbox;
using IncidentBot.Storage.Sandbox;
using IncidentBot.TestKit;

namespace IncidentBot.Storage.Tests.Contracts;

public sealed class SqliteSandboxChannelStoreTests : SandboxChannelStoreContract
{
    private readonly TempSqliteDatabase _file = new();

    protected override async Task<ISandboxChannelStore> CreateStoreAsync() =>
        new DapperSandboxChannelStore(await _file.OpenMigratedAsync());

    public override Task DisposeAsync() => _file.DisposeAsync();
}

public sealed class InMemorySandboxChannelStoreTests : SandboxChannelStoreContract
{
    protected override Task<ISandboxChannelStore> CreateStoreAsync() =>
        Task.FromResult<ISandboxChannelStore>(new InMemorySandboxChannelStore());
}
