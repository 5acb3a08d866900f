using IncidentBot.Slack.Inbound;
using IncidentBot.TestKit;

namespace IncidentBot.Slack.Tests;

public sealed class SlackDeliveryDeduplicatorTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public async Task The_same_delivery_runs_once()
    {
        var deduplicator = new SlackDeliveryDeduplicator(_clock);
        var runs = 0;
        (await deduplicator.RunOnceAsync("Ev1", _ => { runs++; return Task.CompletedTask; }, CancellationToken.None)).ShouldBeTrue();
        (await deduplicator.RunOnceAsync("Ev1", _ => { runs++; return Task.CompletedTask; }, CancellationToken.None)).ShouldBeFalse();
        runs.ShouldBe(1);
    }

    [Fact]
    public async Task A_failed_delivery_is_forgotten_so_a_retry_runs()
    {
        var deduplicator = new SlackDeliveryDeduplicator(_clock);
        await Should.ThrowAsync<InvalidOperationException>(() => deduplicator.RunOnceAsync("Ev1", _ => throw new InvalidOperationException(), CancellationToken.None));
        (await deduplicator.RunOnceAsync("Ev1", _ => Task.CompletedTask, CancellationToken.None)).ShouldBeTrue();
    }

    [Fact]
    public async Task An_overlapping_delivery_waits_for_the_first()
    {
        var deduplicator = new SlackDeliveryDeduplicator(_clock);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        var first = deduplicator.RunOnceAsync("Ev1", async _ => { runs++; await gate.Task; }, CancellationToken.None);
        var second = deduplicator.RunOnceAsync("Ev1", _ => { runs++; return Task.CompletedTask; }, CancellationToken.None);
        second.IsCompleted.ShouldBeFalse();
        gate.SetResult();
        (await first).ShouldBeTrue();
        (await second).ShouldBeFalse();
        runs.ShouldBe(1);
    }

    [Fact]
    public async Task Deliveries_are_remembered_for_a_while_only()
    {
        var deduplicator = new SlackDeliveryDeduplicator(_clock);
        await deduplicator.RunOnceAsync("Ev1", _ => Task.CompletedTask, CancellationToken.None);
        _clock.Advance(SlackDeliveryDeduplicator.Remember + TimeSpan.FromSeconds(1));
        (await deduplicator.RunOnceAsync("Ev1", _ => Task.CompletedTask, CancellationToken.None)).ShouldBeTrue();
    }

    [Fact]
    public async Task Deliveries_without_an_id_always_run()
    {
        var deduplicator = new SlackDeliveryDeduplicator(_clock);
        (await deduplicator.RunOnceAsync(null, _ => Task.CompletedTask, CancellationToken.None)).ShouldBeTrue();
        (await deduplicator.RunOnceAsync(null, _ => Task.CompletedTask, CancellationToken.None)).ShouldBeTrue();
    }
}
