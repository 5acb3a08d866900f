using IncidentBot.Core.Ports;
using IncidentBot.Storage.Tests.Postgres;
using static IncidentBot.TestKit.Builders;

namespace IncidentBot.Storage.Tests.Contracts;

/// <summary>
/// What every <see cref="IDeliveryLedger"/> must do, on SQLite, the in-memory fake and PostgreSQL (when configured).
/// "Replicas" are separate ledgers over the same data.
/// </summary>
public abstract class DeliveryLedgerContract : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private const string Team = "slack:T1";
    private IReadOnlyList<IDeliveryLedger>? _replicas;

    private IDeliveryLedger Ledger => Replicas[0];

    private IReadOnlyList<IDeliveryLedger> Replicas => _replicas ?? throw new InvalidOperationException("Created in InitializeAsync.");

    public async Task InitializeAsync() => _replicas = await CreateReplicasAsync(4);

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected abstract Task<IReadOnlyList<IDeliveryLedger>> CreateReplicasAsync(int count);

    [ContractFact]
    public async Task A_delivery_is_begun_once_then_seen_in_progress_then_done()
    {
        (await Ledger.TryBeginAsync(Team, "Ev1", "first", Noon, Lease, None)).ShouldBe(DeliveryStart.Begun);
        (await Ledger.TryBeginAsync(Team, "Ev1", "retry", Noon.AddSeconds(3), Lease, None)).ShouldBe(DeliveryStart.InProgress);
        (await Ledger.CompleteAsync(Team, "Ev1", "first", Noon.AddSeconds(4), None)).ShouldBeTrue();
        (await Ledger.TryBeginAsync(Team, "Ev1", "retry", Noon.AddMinutes(1), Lease, None)).ShouldBe(DeliveryStart.AlreadyDone);
        (await Ledger.TryBeginAsync(Team, "Ev1", "later", Noon.AddDays(1), Lease, None)).ShouldBe(DeliveryStart.AlreadyDone);
    }

    [ContractFact]
    public async Task A_released_delivery_is_processed_again_by_the_next_retry()
    {
        await Ledger.TryBeginAsync(Team, "Ev1", "first", Noon, Lease, None);

        (await Ledger.ReleaseAsync(Team, "Ev1", "first", None)).ShouldBeTrue();

        (await Replicas[1].TryBeginAsync(Team, "Ev1", "retry", Noon.AddSeconds(1), Lease, None)).ShouldBe(DeliveryStart.Begun);
        (await Replicas[1].CompleteAsync(Team, "Ev1", "retry", Noon.AddSeconds(2), None)).ShouldBeTrue();
    }

    [ContractFact]
    public async Task A_stale_lease_is_taken_over_and_its_first_holder_can_no_longer_complete_or_release()
    {
        await Ledger.TryBeginAsync(Team, "Ev1", "crashed", Noon, Lease, None);

        (await Replicas[1].TryBeginAsync(Team, "Ev1", "retry", Noon + Lease - TimeSpan.FromSeconds(1), Lease, None)).ShouldBe(DeliveryStart.InProgress);
        (await Replicas[1].TryBeginAsync(Team, "Ev1", "retry", Noon + Lease, Lease, None)).ShouldBe(DeliveryStart.Begun);
        (await Ledger.CompleteAsync(Team, "Ev1", "crashed", Noon + Lease, None)).ShouldBeFalse();
        (await Ledger.ReleaseAsync(Team, "Ev1", "crashed", None)).ShouldBeFalse();
        (await Replicas[2].TryBeginAsync(Team, "Ev1", "third", Noon + Lease + TimeSpan.FromSeconds(1), Lease, None)).ShouldBe(DeliveryStart.InProgress);
        (await Replicas[1].CompleteAsync(Team, "Ev1", "retry", Noon + Lease, None)).ShouldBeTrue();
    }

    [ContractFact]
    public async Task Concurrent_deliveries_of_one_id_begin_exactly_once()
    {
        var attempts = Replicas.SelectMany((ledger, r) => Enumerable.Range(0, 4).Select(w =>
            Task.Run(() => ledger.TryBeginAsync(Team, "Ev1", $"replica-{r}-{w}", Noon, Lease, None))));

        var starts = await Task.WhenAll(attempts);

        starts.Count(start => start == DeliveryStart.Begun).ShouldBe(1);
        starts.Count(start => start == DeliveryStart.InProgress).ShouldBe(starts.Length - 1);
    }

    [ContractFact]
    public async Task Ids_are_per_workspace()
    {
        await Ledger.TryBeginAsync(Team, "Ev1", "a", Noon, Lease, None);
        (await Ledger.TryBeginAsync("slack:T2", "Ev1", "b", Noon, Lease, None)).ShouldBe(DeliveryStart.Begun);
    }

    [ContractFact]
    public async Task Only_the_holder_completes_or_releases()
    {
        await Ledger.TryBeginAsync(Team, "Ev1", "holder", Noon, Lease, None);

        (await Ledger.CompleteAsync(Team, "Ev1", "someone-else", Noon, None)).ShouldBeFalse();
        (await Ledger.ReleaseAsync(Team, "Ev1", "someone-else", None)).ShouldBeFalse();
        (await Ledger.CompleteAsync(Team, "Ev404", "holder", Noon, None)).ShouldBeFalse();
        (await Ledger.CompleteAsync(Team, "Ev1", "holder", Noon, None)).ShouldBeTrue();
        (await Ledger.ReleaseAsync(Team, "Ev1", "holder", None)).ShouldBeFalse();
        (await Ledger.TryBeginAsync(Team, "Ev1", "retry", Noon.AddMinutes(5), Lease, None)).ShouldBe(DeliveryStart.AlreadyDone);
    }

    [ContractFact]
    public async Task Old_deliveries_are_forgotten()
    {
        await Ledger.TryBeginAsync(Team, "Ev-old", "a", Noon, Lease, None);
        await Ledger.CompleteAsync(Team, "Ev-old", "a", Noon, None);
        await Ledger.TryBeginAsync(Team, "Ev-new", "a", Noon.AddDays(2), Lease, None);

        (await Ledger.ForgetBeforeAsync(Noon.AddDays(1), None)).ShouldBe(1);

        (await Ledger.TryBeginAsync(Team, "Ev-old", "b", Noon.AddDays(2), Lease, None)).ShouldBe(DeliveryStart.Begun);
        (await Ledger.TryBeginAsync(Team, "Ev-new", "b", Noon.AddDays(2), Lease, None)).ShouldBe(DeliveryStart.InProgress);
    }
}
