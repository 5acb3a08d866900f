using IncidentBot.Core.Ports;
using IncidentBot.Core.Reminders;
using IncidentBot.TestKit;
using Microsoft.Extensions.DependencyInjection;
using static IncidentBot.TestKit.Slack.SlackBodies;

namespace IncidentBot.Slack.Tests;

/// <summary>
/// Reminders through Core's <see cref="ReminderDelivery"/> and the Slack notifier into the durable outbox: filed under
/// the incident's workspace, and queued once even when the job dies after queueing and before marking them sent.
/// </summary>
public sealed class SlackReminderDeliveryTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_reminder_job_that_dies_after_queueing_and_runs_again_queues_each_reminder_once_in_its_workspace()
    {
        var reminders = new DyingReminderStore(new InMemoryReminderStore());
        await using var app = await SlackTestApp.StartAsync(outboxWorker: false, configure: services => services.AddSingleton<IReminderStore>(reminders));
        await app.PostFormAsync("/slack/commands", SlashCommand("declare Checkout latency sev2", teamId: "T123", triggerId: "t-declare"));
        await app.PostFormAsync("/slack/commands", SlashCommand("resolve pool size raised", teamId: "T123", triggerId: "t-resolve"));
        await app.PostFormAsync("/slack/commands", SlashCommand("schedule auto", command: "/postmortem", teamId: "T123", triggerId: "t-schedule"));
        var now = app.Clock.GetUtcNow();
        var due = (await reminders.ListAsync("slack:T123", null, None)).Where(r => r.DueAt <= now).ToList();
        due.ShouldNotBeEmpty();
        var beforeReminders = app.Outbox.All.Count;

        using (var stopping = new CancellationTokenSource())
        {
            reminders.StopHostOnMarkSent = stopping;
            await Should.ThrowAsync<OperationCanceledException>(() => app.App.Services.GetRequiredService<ReminderDelivery>().DeliverDueAsync(now, stopping.Token));
        }

        var afterCrash = app.Outbox.All.Skip(beforeReminders).ToList();
        reminders.StopHostOnMarkSent = null;
        var rerun = ActivatorUtilities.CreateInstance<ReminderDelivery>(app.App.Services);
        (await rerun.DeliverDueAsync(now + ReminderDelivery.Lease - TimeSpan.FromSeconds(1), None)).Claimed.ShouldBe(0);
        await rerun.DeliverDueAsync(now + ReminderDelivery.Lease, None);

        var queued = app.Outbox.All.Skip(beforeReminders).ToList();
        afterCrash.ShouldNotBeEmpty();
        queued.Take(afterCrash.Count).Select(m => m.Id).ShouldBe(afterCrash.Select(m => m.Id));
        queued.Select(m => m.DedupeKey).Distinct(StringComparer.Ordinal).Count().ShouldBe(queued.Count);
        queued.ShouldAllBe(m => m.Workspace == "slack:T123");
        var sent = (await reminders.ListAsync("slack:T123", null, None)).Where(r => r.SentAt != null).ToList();
        sent.Select(r => r.Id).ShouldBe(due.Select(r => r.Id), ignoreOrder: true);
        var keys = sent.Select(ReminderDelivery.OutboundKey).ToList();
        queued.Select(m => m.DedupeKey![..m.DedupeKey!.LastIndexOf('/')]).Distinct(StringComparer.Ordinal).ShouldBe(keys, ignoreOrder: true);
        foreach (var key in keys)
        {
            queued.Count(m => m.DedupeKey == key + "/0").ShouldBe(1, key);
        }
    }

    /// <summary>The reminder store, except that recording a reminder sent can "kill the job" first: the host stops mid-run.</summary>
    private sealed class DyingReminderStore(InMemoryReminderStore inner) : IReminderStore
    {
        /// <summary>When set, recording a reminder sent cancels this (the host's stopping token) and throws as a store does when stopped.</summary>
        public CancellationTokenSource? StopHostOnMarkSent { get; set; }

        public Task<int> ScheduleAsync(IReadOnlyList<Reminder> reminders, CancellationToken cancellationToken) => inner.ScheduleAsync(reminders, cancellationToken);

        public Task<int> CancelPendingAsync(string workspace, IReadOnlyCollection<ReminderKind> kinds, long subjectId, int throughRevision, DateTimeOffset cancelledAt, CancellationToken cancellationToken) =>
            inner.CancelPendingAsync(workspace, kinds, subjectId, throughRevision, cancelledAt, cancellationToken);

        public Task<IReadOnlyList<Reminder>> ClaimDueAsync(string claimant, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken) =>
            inner.ClaimDueAsync(claimant, now, lease, max, cancellationToken);

        public Task<bool> MarkSentAsync(long id, string claimant, DateTimeOffset sentAt, bool late, CancellationToken cancellationToken) =>
            StopHostOnMarkSent is { } host ? Stop(host) : inner.MarkSentAsync(id, claimant, sentAt, late, cancellationToken);

        private static Task<bool> Stop(CancellationTokenSource host)
        {
            host.Cancel();
            throw new OperationCanceledException("The host stopped.", host.Token);
        }

        public Task<bool> MarkSkippedAsync(long id, string claimant, DateTimeOffset skippedAt, string reason, CancellationToken cancellationToken) =>
            inner.MarkSkippedAsync(id, claimant, skippedAt, reason, cancellationToken);

        public Task<bool> ReleaseAsync(long id, string claimant, DateTimeOffset retryAt, string failure, CancellationToken cancellationToken) =>
            inner.ReleaseAsync(id, claimant, retryAt, failure, cancellationToken);

        public Task<IReadOnlyList<Reminder>> ListAsync(string workspace, long? subjectId, CancellationToken cancellationToken) =>
            inner.ListAsync(workspace, subjectId, cancellationToken);
    }
}
