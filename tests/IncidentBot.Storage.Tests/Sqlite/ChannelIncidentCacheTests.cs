using IncidentBot.Core.Incidents;
using IncidentBot.Storage.Incidents;
using static IncidentBot.TestKit.Builders;

namespace IncidentBot.Storage.Tests.Sqlite;

/// <summary>
/// The channel → incident answers a SQLite process remembers (<see cref="ChannelIncidentCache"/>) must never differ from
/// what the database says after a write of this process has returned.
/// </summary>
public sealed class ChannelIncidentCacheTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempSqliteDatabase _file = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _file.DisposeAsync();

    [Fact]
    public async Task A_saved_change_is_what_the_next_lookup_sees()
    {
        var store = new DapperIncidentStore(await _file.OpenMigratedAsync());
        var incident = await store.CreateIncidentAsync(InChannel("C-OPS"), [], None);
        (await store.FindByChannelAsync(incident.Workspace, "C-OPS", None)).ShouldBe(incident);

        var saved = await store.SaveAsync(incident with { Status = IncidentStatus.Identified, Title = "renamed" }, [], None);

        (await store.FindByChannelAsync(incident.Workspace, "C-OPS", None)).ShouldBe(saved);
    }

    [Fact]
    public async Task A_moved_incident_leaves_its_old_channel_and_is_found_in_its_new_one()
    {
        var store = new DapperIncidentStore(await _file.OpenMigratedAsync());
        var incident = await store.CreateIncidentAsync(InChannel("C-DECLARED"), [], None);
        (await store.FindByChannelAsync(incident.Workspace, "C-DECLARED", None)).ShouldNotBeNull();

        var moved = await store.SaveAsync(incident with { Channel = incident.Channel with { Id = "C-NEW", Name = "inc-1-new" } }, [], None);

        (await store.FindByChannelAsync(incident.Workspace, "C-DECLARED", None)).ShouldBeNull();
        (await store.FindByChannelAsync(incident.Workspace, "C-NEW", None)).ShouldBe(moved);
    }

    [Fact]
    public async Task A_newer_incident_declared_in_the_channel_replaces_the_remembered_one()
    {
        var store = new DapperIncidentStore(await _file.OpenMigratedAsync());
        var older = await store.CreateIncidentAsync(InChannel("C-OPS"), [], None);
        (await store.FindByChannelAsync(older.Workspace, "C-OPS", None)).ShouldBe(older);

        var newer = await store.CreateIncidentAsync(InChannel("C-OPS") with { DeclaredAt = Noon.AddHours(1) }, [], None);

        (await store.FindByChannelAsync(older.Workspace, "C-OPS", None)).ShouldBe(newer);
    }

    [Fact]
    public async Task A_channel_with_no_incident_is_not_remembered_as_empty()
    {
        var store = new DapperIncidentStore(await _file.OpenMigratedAsync());
        (await store.FindByChannelAsync(AnIncident().Workspace, "C-LATER", None)).ShouldBeNull();

        var declared = await store.CreateIncidentAsync(InChannel("C-LATER"), [], None);

        (await store.FindByChannelAsync(declared.Workspace, "C-LATER", None)).ShouldBe(declared);
    }

    [Fact]
    public void A_read_that_began_before_a_write_is_not_remembered()
    {
        var cache = new ChannelIncidentCache();
        var before = cache.Generation;
        var stale = AnIncident();

        cache.Forget(stale.Workspace);
        cache.Remember(stale.Workspace, stale.Channel.Id, stale, before);

        cache.TryGet(stale.Workspace, stale.Channel.Id, out _).ShouldBeFalse();
    }

    [Fact]
    public void A_write_forgets_only_its_own_workspaces_channels()
    {
        var cache = new ChannelIncidentCache();
        var ours = AnIncident();
        var theirs = AnIncident() with { Workspace = "slack:TOTHER" };
        cache.Remember(ours.Workspace, "C1", ours, cache.Generation);
        cache.Remember(theirs.Workspace, "C1", theirs, cache.Generation);

        cache.Forget(ours.Workspace);

        cache.TryGet(ours.Workspace, "C1", out _).ShouldBeFalse();
        cache.TryGet(theirs.Workspace, "C1", out var kept).ShouldBeTrue();
        kept.ShouldBe(theirs);
    }

    [Fact]
    public void The_cache_stays_bounded()
    {
        var cache = new ChannelIncidentCache();
        var incident = AnIncident();
        for (var i = 0; i <= ChannelIncidentCache.MaxEntries; i++)
        {
            cache.Remember(incident.Workspace, "C" + i, incident, cache.Generation);
        }

        cache.TryGet(incident.Workspace, "C0", out _).ShouldBeFalse();
        cache.TryGet(incident.Workspace, "C" + ChannelIncidentCache.MaxEntries, out _).ShouldBeTrue();
    }

    [Fact]
    public void Only_a_single_writer_database_remembers()
    {
        using var sqlite = new StorageDatabase(Dialects.SqliteDialect.Instance, _file.ConnectionString);
        using var postgres = new StorageDatabase(Dialects.PostgresDialect.Instance, "Host=127.0.0.1;Database=unused");

        sqlite.ChannelIncidents.ShouldNotBeNull();
        postgres.ChannelIncidents.ShouldBeNull();
    }

    private static Incident InChannel(string channelId) => AnIncident() with { Channel = AnIncident().Channel with { Id = channelId } };
}
