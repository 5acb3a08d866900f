using IncidentBot.Core.Ports;
using IncidentBot.Slack.Inbound;
using IncidentBot.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace IncidentBot.Slack.Tests;

public sealed class SlackDeliveryDeduplicatorTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly SlackDeliveryTimings Timings = new() { OverlapPollInterval = TimeSpan.FromMilliseconds(10), OverlapPolls = 5 };
    private readonly FakeTimeProvider _clock = new();
    private readonly InMemoryDeliveryLedger _ledger = new();

    private SlackDeliveryDeduplicator Deduplicator(SlackDeliveryTimings? timings = null) =>
        new(_ledger, timings ?? Timings, _clock, NullLogger<SlackDeliveryDeduplicator>.Instance);

    [Fact]
    public async Task The_same_delivery_runs_once_also_in_another_process_with_the_same_ledger()
    {
        var runs = 0;
        (await Deduplicator().RunOnceAsync("T1", "Ev1", _ => { runs++; return Task.CompletedTask; }, None)).ShouldBe(DeliveryOutcome.Ran);
        (await Deduplicator().RunOnceAsync("T1", "Ev1", _ => { runs++; return Task.CompletedTask; }, None)).ShouldBe(DeliveryOutcome.Duplicate);
        runs.ShouldBe(1);
    }

    [Fact]
    public async Task The_same_id_in_another_team_is_another_delivery()
    {
        await Deduplicator().RunOnceAsync("T1", "Ev1", _ => Task.CompletedTask, None);
        (await Deduplicator().RunOnceAsync("T2", "Ev1", _ => Task.CompletedTask, None)).ShouldBe(DeliveryOutcome.Ran);
    }

    [Fact]
    public async Task A_failed_delivery_is_released_so_the_retry_runs()
    {
        await Should.ThrowAsync<InvalidOperationException>(() => Deduplicator().RunOnceAsync("T1", "Ev1", _ => throw new InvalidOperationException(), None));
        (await Deduplicator().RunOnceAsync("T1", "Ev1", _ => Task.CompletedTask, None)).ShouldBe(DeliveryOutcome.Ran);
    }

    [Fact]
    public async Task An_overlapping_delivery_waits_for_the_first_and_then_does_nothing()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        var first = Deduplicator().RunOnceAsync("T1", "Ev1", async _ => { runs++; await gate.Task; }, None);
        var second = Deduplicator(Timings with { OverlapPolls = 500 }).RunOnceAsync("T1", "Ev1", _ => { runs++; return Task.CompletedTask; }, None);
        await Task.Delay(50);
        second.IsCompleted.ShouldBeFalse();
        gate.SetResult();

        (await first).ShouldBe(DeliveryOutcome.Ran);
        (await second).ShouldBe(DeliveryOutcome.Duplicate);
        runs.ShouldBe(1);
    }

    [Fact]
    public async Task An_overlapping_delivery_that_outwaits_its_polls_is_busy_and_the_first_failing_lets_a_later_retry_run()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = Deduplicator().RunOnceAsync("T1", "Ev1", async _ => { await gate.Task; throw new InvalidOperationException("failed"); }, None);

        var overlapping = await Deduplicator().RunOnceAsync("T1", "Ev1", _ => Task.CompletedTask, None);
        gate.SetResult();
        await Should.ThrowAsync<InvalidOperationException>(() => first);
        var later = await Deduplicator().RunOnceAsync("T1", "Ev1", _ => Task.CompletedTask, None);

        overlapping.ShouldBe(DeliveryOutcome.Busy);
        later.ShouldBe(DeliveryOutcome.Ran);
    }

    [Fact]
    public async Task A_delivery_whose_process_died_is_taken_over_once_its_lease_has_run_out()
    {
        (await _ledger.TryBeginAsync("slack:T1", "Ev1", "dead-process", _clock.GetUtcNow(), Timings.Lease, None)).ShouldBe(DeliveryStart.Begun);

        var during = await Deduplicator().RunOnceAsync("T1", "Ev1", _ => Task.CompletedTask, None);
        _clock.Advance(Timings.Lease);
        var after = await Deduplicator().RunOnceAsync("T1", "Ev1", _ => Task.CompletedTask, None);

        during.ShouldBe(DeliveryOutcome.Busy);
        after.ShouldBe(DeliveryOutcome.Ran);
    }

    [Fact]
    public async Task Deliveries_without_an_id_always_run()
    {
        (await Deduplicator().RunOnceAsync("T1", null, _ => Task.CompletedTask, None)).ShouldBe(DeliveryOutcome.Ran);
        (await Deduplicator().RunOnceAsync("T1", null, _ => Task.CompletedTask, None)).ShouldBe(DeliveryOutcome.Ran);
    }
}
