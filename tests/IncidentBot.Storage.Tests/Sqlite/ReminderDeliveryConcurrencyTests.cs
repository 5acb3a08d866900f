using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Reminders;
using IncidentBot.Core.Reviews;
using IncidentBot.Storage.ActionItems;
using IncidentBot.Storage.Incidents;
using IncidentBot.Storage.Postmortems;
using IncidentBot.Storage.Reminders;
using IncidentBot.Storage.Reviews;
using IncidentBot.Storage.Tests.Postgres;
using IncidentBot.TestKit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static IncidentBot.TestKit.Builders;

namespace IncidentBot.Storage.Tests.Sqlite;

/// <summary>
/// Two scheduler instances (each its own data source, claimant and notifier, as two replicas would have) deliver
/// from one database at the same moment: every reminder goes out exactly once between them.
/// </summary>
public sealed class ReminderDeliveryConcurrencyTests : IAsyncLifetime
{
    private const int Reminders = 120;
    private readonly TempSqliteDatabase _file = new();
    private readonly PostgresTestDatabase _postgres = new();

    public Task InitializeAsync() => PostgresTestDatabase.SkipReason is null ? _postgres.InitializeAsync() : Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _file.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task Two_instances_on_one_sqlite_file_never_both_send_a_reminder()
    {
        await _file.OpenMigratedAsync();
        await RaceAsync(_file.Open(), _file.Open());
    }

    [PostgresFact]
    public async Task Two_instances_on_one_postgres_database_never_both_send_a_reminder()
    {
        await _postgres.OpenMigratedAsync();
        await RaceAsync(_postgres.Open(), _postgres.Open());
    }

    private static async Task RaceAsync(StorageDatabase first, StorageDatabase second)
    {
        var incident = await new DapperIncidentStore(first).CreateIncidentAsync(AnIncident(), [], CancellationToken.None);
        var review = await new DapperReviewStore(first).SaveAsync(
            new Review { Workspace = WorkspaceKey, IncidentId = incident.Id, At = Noon.AddDays(2), Duration = TimeSpan.FromHours(1), BookedBy = Alice, BookedAt = Noon },
            CancellationToken.None);
        await new DapperReminderStore(first).ScheduleAsync(
            [.. Enumerable.Range(0, Reminders).Select(i => new Reminder
            {
                Workspace = WorkspaceKey,
                Kind = ReminderKind.InputRequest,
                SubjectId = review.Id,
                IncidentId = incident.Id,
                Recipient = DirectMessage.To(Platform.Sandbox, new Person($"U-{i}", $"person {i}")),
                DueAt = Noon.AddSeconds(-i),
                DedupeKey = $"input:{review.Id}:U-{i}",
                CreatedAt = Noon.AddHours(-1),
            })],
            CancellationToken.None);

        var (deliveryA, notifierA) = Instance(first);
        var (deliveryB, notifierB) = Instance(second);
        var start = new TaskCompletionSource();
        var a = Task.Run(async () => { await start.Task; return await deliveryA.DeliverDueAsync(Noon, CancellationToken.None); });
        var b = Task.Run(async () => { await start.Task; return await deliveryB.DeliverDueAsync(Noon, CancellationToken.None); });
        start.SetResult();
        var reports = await Task.WhenAll(a, b);

        var sent = notifierA.Posted.Concat(notifierB.Posted).Select(p => p.Channel.Id).ToList();
        sent.Count.ShouldBe(Reminders);
        sent.Distinct(StringComparer.Ordinal).Count().ShouldBe(Reminders);
        reports.Sum(r => r.Sent).ShouldBe(Reminders);
        var stored = await new DapperReminderStore(first).ListAsync(WorkspaceKey, review.Id, CancellationToken.None);
        stored.ShouldAllBe(r => r.SentAt == Noon && r.ClaimedBy != null);
        (await deliveryA.DeliverDueAsync(Noon.AddHours(1), CancellationToken.None)).ShouldBe(DeliveryReport.None);
    }

    /// <summary>One replica: its own stores over its own data source, its own claimant, its own notifier.</summary>
    private static (ReminderDelivery Delivery, RecordingChatNotifier Notifier) Instance(StorageDatabase database)
    {
        var notifier = new RecordingChatNotifier { OnPost = async _ => await Task.Yield() };
        var options = new ReviewOptions();
        var calendar = WorkingCalendar.From(WorkspaceClock.For("UTC"), options);
        IIncidentStore incidents = new DapperIncidentStore(database);
        var (reminders, reviews, postmortems) = (new DapperReminderStore(database), new DapperReviewStore(database), new DapperPostmortemStore(database));
        var (policy, messages) = (new ReminderPolicy(calendar, options), new ReminderMessages(calendar));
        var delivery = new ReminderDelivery(
            reminders,
            reviews,
            new DapperActionItemStore(database),
            incidents,
            postmortems,
            [notifier],
            policy,
            messages,
            new ReviewService(incidents, postmortems, reviews, reminders, policy, messages, Options.Create(options)),
            NullLogger<ReminderDelivery>.Instance);
        return (delivery, notifier);
    }
}
