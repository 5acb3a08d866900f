using System.Collections.Concurrent;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Storage.Tests.Postgres;
using static IncidentBot.TestKit.Builders;

namespace IncidentBot.Storage.Tests.Contracts;

/// <summary>
/// What every <see cref="IOutbox"/> must do. Runs against SQLite on a real file, TestKit's in-memory fake and
/// PostgreSQL (when configured). "Replicas" are separate outboxes over the same data: separate connection pools
/// for the SQL stores, as separate processes would have.
/// </summary>
public abstract class OutboxContract : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private static readonly string SlackWorkspace = Workspace.Key(Platform.Slack, "T1");
    private IReadOnlyList<IOutbox>? _replicas;

    private IOutbox Outbox => Replicas[0];

    private IReadOnlyList<IOutbox> Replicas => _replicas ?? throw new InvalidOperationException("Created in InitializeAsync.");

    public async Task InitializeAsync() => _replicas = await CreateReplicasAsync(4);

    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary><paramref name="count"/> outboxes over the same (empty) data.</summary>
    protected abstract Task<IReadOnlyList<IOutbox>> CreateReplicasAsync(int count);

    private static OutboundMessage AMessage(string channel, string payload, string? dedupeKey = null) => new()
    {
        Workspace = SlackWorkspace,
        Platform = Platform.Slack,
        ChannelId = channel,
        Kind = "slack.chat.postMessage",
        Payload = payload,
        DedupeKey = dedupeKey,
        CreatedAt = Noon,
    };

    private Task<IReadOnlyList<OutboundMessage>> ClaimAsync(string claimant, DateTimeOffset now, int max = 100, IOutbox? outbox = null) =>
        (outbox ?? Outbox).ClaimDueAsync(Platform.Slack, claimant, now, Lease, max, None);

    [ContractFact]
    public async Task Enqueueing_returns_the_stored_message_due_when_it_was_created()
    {
        var created = new DateTimeOffset(2026, 11, 21, 13, 0, 0, TimeSpan.FromHours(1)).AddTicks(1_234_567);
        var stored = await Outbox.EnqueueAsync(AMessage("C1", """{"text":"<hi> & \"bye\" — ✓"}""") with { CreatedAt = created }, None);

        stored.Id.ShouldBeGreaterThan(0);
        stored.Payload.ShouldBe("""{"text":"<hi> & \"bye\" — ✓"}""");
        stored.CreatedAt.ShouldBe(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_560));
        stored.CreatedAt.Offset.ShouldBe(TimeSpan.Zero);
        stored.NextAttemptAt.ShouldBe(stored.CreatedAt);
        (stored.Attempts, stored.DeliveredAt, stored.FailedAt, stored.LastError).ShouldBe((0, null, null, null));
        (stored.OutcomeUnknown, stored.Progress).ShouldBe((false, null));
        (await Outbox.ListUndeliveredAsync(SlackWorkspace, 10, None)).ShouldHaveSingleItem().ShouldBe(stored);
    }

    [ContractFact]
    public async Task A_message_with_a_known_dedupe_key_is_not_queued_twice()
    {
        var first = await Outbox.EnqueueAsync(AMessage("C1", "first", dedupeKey: "Ev1/0"), None);
        var again = await Outbox.EnqueueAsync(AMessage("C1", "second", dedupeKey: "Ev1/0"), None);
        var otherWorkspace = await Outbox.EnqueueAsync(AMessage("C1", "elsewhere", dedupeKey: "Ev1/0") with { Workspace = "slack:T2" }, None);
        var withoutKey = await Outbox.EnqueueAsync(AMessage("C1", "no key"), None);
        var withoutKeyAgain = await Outbox.EnqueueAsync(AMessage("C1", "no key"), None);

        again.ShouldBe(first);
        otherWorkspace.Id.ShouldNotBe(first.Id);
        withoutKeyAgain.Id.ShouldNotBe(withoutKey.Id);
        (await Outbox.ListUndeliveredAsync(SlackWorkspace, 10, None)).Select(m => m.Payload).ShouldBe(["first", "no key", "no key"]);
    }

    [ContractFact]
    public async Task A_message_is_not_due_before_its_next_attempt()
    {
        await Outbox.EnqueueAsync(AMessage("C1", "later") with { NextAttemptAt = Noon.AddMinutes(5) }, None);

        (await ClaimAsync("a", Noon.AddMinutes(4))).ShouldBeEmpty();
        (await ClaimAsync("a", Noon.AddMinutes(5))).ShouldHaveSingleItem().Payload.ShouldBe("later");
    }

    [ContractFact]
    public async Task Only_the_oldest_waiting_message_of_each_channel_is_claimable()
    {
        await Outbox.EnqueueAsync(AMessage("C1", "c1 first"), None);
        await Outbox.EnqueueAsync(AMessage("C1", "c1 second"), None);
        await Outbox.EnqueueAsync(AMessage("C2", "c2 first"), None);

        var claimed = await ClaimAsync("a", Noon);
        var whileFirstIsOut = await ClaimAsync("b", Noon);
        (await Outbox.MarkDeliveredAsync(claimed[0].Id, "a", Noon, None)).ShouldBeTrue();
        var afterFirst = await ClaimAsync("b", Noon);

        claimed.Select(m => m.Payload).ShouldBe(["c1 first", "c2 first"]);
        whileFirstIsOut.ShouldBeEmpty();
        afterFirst.ShouldHaveSingleItem().Payload.ShouldBe("c1 second");
    }

    [ContractFact]
    public async Task Claims_are_oldest_first_up_to_the_maximum_and_only_for_the_platform()
    {
        await Outbox.EnqueueAsync(AMessage("19:teams", "teams") with { Platform = Platform.Teams }, None);
        for (var i = 0; i < 5; i++)
        {
            await Outbox.EnqueueAsync(AMessage($"C{i}", $"m{i}"), None);
        }

        (await ClaimAsync("a", Noon, max: 3)).Select(m => m.Payload).ShouldBe(["m0", "m1", "m2"]);
        (await ClaimAsync("a", Noon, max: 3)).Select(m => m.Payload).ShouldBe(["m3", "m4"]);
        (await Outbox.ClaimDueAsync(Platform.Teams, "t", Noon, Lease, 10, None)).ShouldHaveSingleItem().Payload.ShouldBe("teams");
    }

    [ContractFact]
    public async Task A_retry_counts_the_attempt_and_holds_the_channel_until_the_next_attempt()
    {
        var first = await Outbox.EnqueueAsync(AMessage("C1", "first"), None);
        await Outbox.EnqueueAsync(AMessage("C1", "second"), None);
        await ClaimAsync("a", Noon);

        (await Outbox.MarkRetryAsync(first.Id, "a", Noon.AddSeconds(30), "http_503", outcomeUnknown: false, None)).ShouldBeTrue();
        var beforeRetry = await ClaimAsync("a", Noon.AddSeconds(29));
        var retried = await ClaimAsync("a", Noon.AddSeconds(30));
        (await Outbox.MarkRetryAsync(first.Id, "a", Noon.AddSeconds(90), "ratelimited", outcomeUnknown: false, None)).ShouldBeTrue();
        var waiting = (await Outbox.ListUndeliveredAsync(SlackWorkspace, 10, None))[0];

        beforeRetry.ShouldBeEmpty();
        var again = retried.ShouldHaveSingleItem();
        (again.Id, again.Attempts, again.LastError).ShouldBe((first.Id, 1, "http_503"));
        (waiting.Attempts, waiting.NextAttemptAt, waiting.LastError, waiting.DeliveredAt).ShouldBe((2, Noon.AddSeconds(90), "ratelimited", null));
    }

    [ContractFact]
    public async Task A_failed_message_stays_listed_and_stops_holding_up_its_channel()
    {
        var first = await Outbox.EnqueueAsync(AMessage("C404", "nowhere"), None);
        await Outbox.EnqueueAsync(AMessage("C404", "next"), None);
        await ClaimAsync("a", Noon);

        (await Outbox.MarkFailedAsync(first.Id, "a", Noon.AddSeconds(1), "channel_not_found", None)).ShouldBeTrue();
        var next = await ClaimAsync("a", Noon.AddSeconds(2));
        var listed = await Outbox.ListUndeliveredAsync(SlackWorkspace, 10, None);

        next.ShouldHaveSingleItem().Payload.ShouldBe("next");
        listed[0].ShouldBe(first with { Attempts = 1, FailedAt = Noon.AddSeconds(1), LastError = "channel_not_found" });
        (await Outbox.MarkDeliveredAsync(next[0].Id, "a", Noon.AddSeconds(3), None)).ShouldBeTrue();
        (await ClaimAsync("a", Noon.AddHours(1))).ShouldBeEmpty();
    }

    [ContractFact]
    public async Task A_claim_whose_lease_ran_out_can_be_taken_over_and_the_first_claimant_has_lost_it()
    {
        var message = await Outbox.EnqueueAsync(AMessage("C1", "hello"), None);
        (await ClaimAsync("dead-replica", Noon)).ShouldHaveSingleItem();

        var duringLease = await ClaimAsync("live-replica", Noon + Lease - TimeSpan.FromSeconds(1), outbox: Replicas[1]);
        var afterLease = await ClaimAsync("live-replica", Noon + Lease, outbox: Replicas[1]);

        duringLease.ShouldBeEmpty();
        afterLease.ShouldHaveSingleItem().Id.ShouldBe(message.Id);
        (await Outbox.MarkDeliveredAsync(message.Id, "dead-replica", Noon + Lease, None)).ShouldBeFalse();
        (await Outbox.MarkRetryAsync(message.Id, "dead-replica", Noon + Lease, "late", outcomeUnknown: true, None)).ShouldBeFalse();
        (await Outbox.MarkFailedAsync(message.Id, "dead-replica", Noon + Lease, "late", None)).ShouldBeFalse();
        (await Replicas[1].MarkDeliveredAsync(message.Id, "live-replica", Noon + Lease, None)).ShouldBeTrue();
        (await Outbox.ListUndeliveredAsync(SlackWorkspace, 10, None)).ShouldBeEmpty();
    }

    [ContractFact]
    public async Task A_message_taken_over_from_a_claim_never_completed_comes_back_with_its_outcome_unknown()
    {
        var message = await Outbox.EnqueueAsync(AMessage("C1", "hello"), None);
        await Outbox.EnqueueAsync(AMessage("C2", "fresh"), None);
        var first = await ClaimAsync("dead-replica", Noon, max: 1);

        var takenOver = await ClaimAsync("live-replica", Noon + Lease, outbox: Replicas[1]);

        first.ShouldHaveSingleItem().OutcomeUnknown.ShouldBeFalse();
        takenOver.Select(m => (m.Payload, m.OutcomeUnknown)).ShouldBe([("hello", true), ("fresh", false)]);
        (await Outbox.ListUndeliveredAsync(SlackWorkspace, 10, None)).First(m => m.Id == message.Id).OutcomeUnknown.ShouldBeTrue();
    }

    [ContractFact]
    public async Task A_retry_whose_outcome_is_unknown_stays_unknown_through_later_retries_and_a_clean_one_does_not_set_it()
    {
        var unknown = await Outbox.EnqueueAsync(AMessage("C1", "maybe sent"), None);
        var clean = await Outbox.EnqueueAsync(AMessage("C2", "refused"), None);
        await ClaimAsync("a", Noon);

        (await Outbox.MarkRetryAsync(unknown.Id, "a", Noon.AddSeconds(1), "http_unreachable", outcomeUnknown: true, None)).ShouldBeTrue();
        (await Outbox.MarkRetryAsync(clean.Id, "a", Noon.AddSeconds(1), "ratelimited", outcomeUnknown: false, None)).ShouldBeTrue();
        var again = await ClaimAsync("a", Noon.AddSeconds(1));
        (await Outbox.MarkRetryAsync(unknown.Id, "a", Noon.AddSeconds(2), "ratelimited", outcomeUnknown: false, None)).ShouldBeTrue();
        (await Outbox.MarkRetryAsync(clean.Id, "a", Noon.AddSeconds(2), "ratelimited", outcomeUnknown: false, None)).ShouldBeTrue();

        again.Select(m => (m.Payload, m.OutcomeUnknown)).ShouldBe([("maybe sent", true), ("refused", false)]);
        (await Outbox.ListUndeliveredAsync(SlackWorkspace, 10, None)).Select(m => (m.Payload, m.OutcomeUnknown, m.Attempts))
            .ShouldBe([("maybe sent", true, 2), ("refused", false, 2)]);
    }

    [ContractFact]
    public async Task Progress_is_recorded_only_by_the_claimant_without_ending_the_claim_and_comes_back_with_the_next_claim()
    {
        const string Uploaded = "{\"file_id\":\"F1\"}";
        var message = await Outbox.EnqueueAsync(AMessage("C1", "file"), None);
        (await Outbox.RecordProgressAsync(message.Id, "a", "before any claim", None)).ShouldBeFalse();
        await ClaimAsync("a", Noon);

        (await Outbox.RecordProgressAsync(message.Id, "b", "not mine", None)).ShouldBeFalse();
        (await Outbox.RecordProgressAsync(message.Id, "a", Uploaded, None)).ShouldBeTrue();
        var stillHeld = await ClaimAsync("b", Noon.AddSeconds(1), outbox: Replicas[1]);
        var afterLease = await ClaimAsync("b", Noon + Lease, outbox: Replicas[1]);
        (await Outbox.RecordProgressAsync(message.Id, "b", null, None)).ShouldBeTrue();
        var cleared = (await Outbox.ListUndeliveredAsync(SlackWorkspace, 10, None)).ShouldHaveSingleItem();

        stillHeld.ShouldBeEmpty();
        var resumed = afterLease.ShouldHaveSingleItem();
        (resumed.Progress, resumed.Attempts, resumed.OutcomeUnknown).ShouldBe((Uploaded, 0, true));
        cleared.Progress.ShouldBeNull();
        (await Outbox.MarkDeliveredAsync(message.Id, "b", Noon + Lease, None)).ShouldBeTrue();
        (await Outbox.RecordProgressAsync(message.Id, "b", "after delivery", None)).ShouldBeFalse();
    }

    [ContractFact]
    public async Task A_claimant_whose_lease_ran_out_unnoticed_may_still_complete()
    {
        var message = await Outbox.EnqueueAsync(AMessage("C1", "slow"), None);
        await ClaimAsync("slow-replica", Noon);

        (await Outbox.MarkDeliveredAsync(message.Id, "slow-replica", Noon + Lease + Lease, None)).ShouldBeTrue();
        (await ClaimAsync("other", Noon + Lease + Lease)).ShouldBeEmpty();
    }

    [ContractFact]
    public async Task Only_the_claimant_completes_a_claim_and_only_once()
    {
        var message = await Outbox.EnqueueAsync(AMessage("C1", "hello"), None);
        (await Outbox.MarkDeliveredAsync(message.Id, "a", Noon, None)).ShouldBeFalse();
        await ClaimAsync("a", Noon);

        (await Outbox.MarkDeliveredAsync(message.Id, "b", Noon, None)).ShouldBeFalse();
        (await Outbox.MarkDeliveredAsync(message.Id, "a", Noon, None)).ShouldBeTrue();
        (await Outbox.MarkDeliveredAsync(message.Id, "a", Noon, None)).ShouldBeFalse();
        (await Outbox.MarkFailedAsync(message.Id, "a", Noon, "x", None)).ShouldBeFalse();
        (await Outbox.MarkDeliveredAsync(404_404, "a", Noon, None)).ShouldBeFalse();
        (await ClaimAsync("a", Noon.AddHours(1))).ShouldBeEmpty();
    }

    [ContractFact]
    public async Task Concurrent_claimants_never_both_get_a_message_and_each_channel_is_delivered_in_order()
    {
        const int Channels = 12;
        const int PerChannel = 5;
        for (var i = 0; i < PerChannel; i++)
        {
            for (var c = 0; c < Channels; c++)
            {
                await Outbox.EnqueueAsync(AMessage($"C{c}", $"{i}"), None);
            }
        }

        var claims = new ConcurrentBag<(string Claimant, OutboundMessage Message)>();
        var delivered = new ConcurrentQueue<OutboundMessage>();
        var workers = Replicas.SelectMany((outbox, r) => Enumerable.Range(0, 2).Select(w => Task.Run(async () =>
        {
            var claimant = $"replica-{r}-worker-{w}";
            for (var idle = 0; idle < 50;)
            {
                var claimed = await outbox.ClaimDueAsync(Platform.Slack, claimant, Noon, Lease, 3, None);
                if (claimed.Count == 0)
                {
                    idle++;
                    await Task.Delay(5);
                    continue;
                }

                idle = 0;
                foreach (var message in claimed)
                {
                    claims.Add((claimant, message));
                    delivered.Enqueue(message);
                    (await outbox.MarkDeliveredAsync(message.Id, claimant, Noon, None)).ShouldBeTrue();
                }
            }
        })));
        await Task.WhenAll(workers);

        claims.Count.ShouldBe(Channels * PerChannel);
        claims.Select(c => c.Message.Id).Distinct().Count().ShouldBe(Channels * PerChannel);
        foreach (var channel in delivered.GroupBy(m => m.ChannelId, StringComparer.Ordinal))
        {
            channel.Select(m => m.Payload).ShouldBe(Enumerable.Range(0, PerChannel).Select(i => $"{i}"), channel.Key);
        }

        (await Outbox.ListUndeliveredAsync(SlackWorkspace, 100, None)).ShouldBeEmpty();
    }

    [ContractFact]
    public async Task Listing_is_per_workspace_and_leaves_out_delivered_messages()
    {
        var delivered = await Outbox.EnqueueAsync(AMessage("C1", "sent"), None);
        await Outbox.EnqueueAsync(AMessage("C2", "waiting"), None);
        await Outbox.EnqueueAsync(AMessage("C3", "other team") with { Workspace = "slack:T2" }, None);
        await ClaimAsync("a", Noon, max: 1);
        await Outbox.MarkDeliveredAsync(delivered.Id, "a", Noon, None);

        (await Outbox.ListUndeliveredAsync(SlackWorkspace, 10, None)).ShouldHaveSingleItem().Payload.ShouldBe("waiting");
        (await Outbox.ListUndeliveredAsync("slack:T2", 10, None)).ShouldHaveSingleItem().Payload.ShouldBe("other team");
    }

    [ContractFact]
    public async Task Purging_deletes_only_messages_delivered_before_the_cutoff()
    {
        var old = await Outbox.EnqueueAsync(AMessage("C1", "old"), None);
        var recent = await Outbox.EnqueueAsync(AMessage("C2", "recent"), None);
        var waiting = await Outbox.EnqueueAsync(AMessage("C3", "waiting") with { NextAttemptAt = Noon.AddDays(9) }, None);
        await ClaimAsync("a", Noon);
        await Outbox.MarkDeliveredAsync(old.Id, "a", Noon, None);
        await Outbox.MarkDeliveredAsync(recent.Id, "a", Noon.AddDays(2), None);

        (await Outbox.PurgeDeliveredAsync(Noon.AddDays(1), None)).ShouldBe(1);
        (await Outbox.PurgeDeliveredAsync(Noon.AddDays(1), None)).ShouldBe(0);
        (await Outbox.ListUndeliveredAsync(SlackWorkspace, 10, None)).ShouldHaveSingleItem().Id.ShouldBe(waiting.Id);
        (await Outbox.EnqueueAsync(AMessage("C1", "after purge"), None)).Id.ShouldBeGreaterThan(waiting.Id);
    }
}
