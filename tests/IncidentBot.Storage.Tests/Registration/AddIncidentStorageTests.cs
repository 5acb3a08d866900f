using IncidentBot.Core.Ports;
using IncidentBot.Core.Postmortems;
using IncidentBot.Core.Sandbox;
using IncidentBot.Storage.Health;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using static IncidentBot.TestKit.Builders;

namespace IncidentBot.Storage.Tests.Registration;

/// <summary>The registration as the host uses it: configuration in, a started host, the ports out.</summary>
public sealed class AddIncidentStorageTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempSqliteDatabase _file = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _file.DisposeAsync();

    [Fact]
    public async Task Starting_the_host_migrates_the_configured_file_and_the_stores_work()
    {
        using var host = BuildHost(("Storage:ConnectionString", _file.ConnectionString));

        await host.StartAsync(None);
        var store = host.Services.GetRequiredService<IIncidentStore>();
        var created = await store.CreateIncidentAsync(AnIncident(), [], None);
        var posted = await host.Services.GetRequiredService<ISandboxChannelStore>().PostAsync(
            new SandboxMessage(0, "ops", Alice.Id, Alice.Name, false, "hi", Noon, null), None);
        var draft = await host.Services.GetRequiredService<IPostmortemStore>().SaveDraftAsync(
            new PostmortemDraft { Workspace = WorkspaceKey, IncidentId = created.Id, Markdown = "# INC-1", CreatedBy = Alice, CreatedAt = Noon }, None);
        var queued = await host.Services.GetRequiredService<IOutbox>().EnqueueAsync(
            new OutboundMessage { Workspace = WorkspaceKey, ChannelId = "ops", Kind = "test", Payload = "{}", CreatedAt = Noon }, None);
        var begun = await host.Services.GetRequiredService<IDeliveryLedger>().TryBeginAsync(WorkspaceKey, "Ev1", "me", Noon, TimeSpan.FromMinutes(1), None);
        await host.StopAsync(None);

        File.Exists(_file.FilePath).ShouldBeTrue();
        created.Number.ShouldBe(1);
        posted.Id.ShouldBeGreaterThan(0);
        draft.Version.ShouldBe(1);
        queued.Id.ShouldBeGreaterThan(0);
        begun.ShouldBe(DeliveryStart.Begun);
        host.Services.GetRequiredService<IIncidentStore>().ShouldBeSameAs(store);
    }

    [Fact]
    public async Task The_storage_check_is_tagged_ready_and_healthy_after_start()
    {
        using var host = BuildHost(("Storage:ConnectionString", _file.ConnectionString));
        var registration = host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations
            .ShouldHaveSingleItem();
        var health = host.Services.GetRequiredService<HealthCheckService>();

        var beforeStart = await health.CheckHealthAsync(r => r.Tags.Contains("ready"), None);
        await host.StartAsync(None);
        var afterStart = await health.CheckHealthAsync(r => r.Tags.Contains("ready"), None);
        await host.StopAsync(None);

        registration.Name.ShouldBe(StorageReadinessCheck.Name);
        registration.Name.ShouldBe("storage");
        registration.Tags.ShouldBe(["ready"]);
        beforeStart.Status.ShouldBe(HealthStatus.Unhealthy);
        afterStart.Status.ShouldBe(HealthStatus.Healthy);
        afterStart.Entries.Keys.ShouldBe(["storage"]);
    }

    [Fact]
    public async Task An_unknown_provider_stops_start_up_with_a_message_naming_the_key()
    {
        using var host = BuildHost(("Storage:Provider", "Mysql"), ("Storage:ConnectionString", _file.ConnectionString));

        var failure = await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync(None));

        failure.Message.ShouldContain("Storage:Provider is 'Mysql'");
        File.Exists(_file.FilePath).ShouldBeFalse();
    }

    [Fact]
    public void Postgres_is_served_by_its_own_dialect_without_connecting_at_registration()
    {
        using var host = BuildHost(("Storage:Provider", "postgres"), ("Storage:ConnectionString", "Host=db.invalid;Database=incidentbot"));

        var database = host.Services.GetRequiredService<StorageDatabase>();

        database.Dialect.Provider.ShouldBe(StorageProvider.Postgres);
        database.DataSource.ShouldBeAssignableTo<Npgsql.NpgsqlDataSource>();
    }

    private static IHost BuildHost(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        builder.Services.AddIncidentStorage(builder.Configuration);
        return builder.Build();
    }
}
