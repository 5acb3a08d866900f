using IncidentBot.Core.ActionItems;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Reminders;
using IncidentBot.Core.Reviews;
using IncidentBot.Storage.Tests.Postgres;
using static IncidentBot.TestKit.Builders;

namespace IncidentBot.Storage.Tests.Contracts;

/// <summary>The review, action-item and reminder stores over one database, with the incident store they hang off.</summary>
public sealed record ReviewStores(IIncidentStore Incidents, IReviewStore Reviews, IActionItemStore ActionItems, IReminderStore Reminders);

/// <summary>
/// What every <see cref="IReviewStore"/>, <see cref="IActionItemStore"/> and <see cref="IReminderStore"/> must do.
/// Runs against SQLite on a real file, TestKit's in-memory fakes and PostgreSQL (when configured), so the fakes
/// cannot drift from the real thing.
/// </summary>
public abstract class ReviewStoresContract : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly string OtherWorkspace = Workspace.Key(Platform.Slack, "T-OTHER");
    private static readonly Person Carol = new("U-CAROL", "carol");
    private ReviewStores? _stores;

    private ReviewStores Stores => _stores ?? throw new InvalidOperationException("The stores are created in InitializeAsync.");

    private IReviewStore Reviews => Stores.Reviews;

    private IActionItemStore Items => Stores.ActionItems;

    private IReminderStore Reminders => Stores.Reminders;

    public async Task InitializeAsync() => _stores = await CreateStoresAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected abstract Task<ReviewStores> CreateStoresAsync();

    // ---- reviews -----------------------------------------------------------------------------------

    [ContractFact]
    public async Task A_review_is_stored_at_version_one_and_read_back_as_written()
    {
        var incident = await DeclareAsync();
        var review = AReview(incident) with
        {
            At = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.FromHours(1)).AddTicks(1_234_567),
            Facilitator = Bob,
            FacilitatorState = FacilitatorState.Accepted,
            FacilitatorSince = Noon.AddMinutes(5),
            Sequence = 3,
        };

        var saved = await Reviews.SaveAsync(review, None);

        saved.Id.ShouldBeGreaterThan(0);
        saved.Version.ShouldBe(1);
        saved.At.ShouldBe(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero).AddTicks(1_234_560));
        saved.At.Offset.ShouldBe(TimeSpan.Zero);
        (await Reviews.GetAsync(WorkspaceKey, incident.Id, None)).ShouldBe(saved);
        saved.ShouldBe(review with { Id = saved.Id, Version = 1, At = saved.At });
    }

    [ContractFact]
    public async Task A_second_new_review_for_one_incident_and_a_stale_save_are_conflicts()
    {
        var incident = await DeclareAsync();
        var first = await Reviews.SaveAsync(AReview(incident), None);

        await Should.ThrowAsync<ConcurrencyConflictException>(() => Reviews.SaveAsync(AReview(incident), None));
        var moved = await Reviews.SaveAsync(first with { At = first.At.AddDays(1), Sequence = 1 }, None);
        await Should.ThrowAsync<ConcurrencyConflictException>(() => Reviews.SaveAsync(first with { CancelledAt = Noon }, None));

        moved.Version.ShouldBe(2);
        (await Reviews.GetAsync(WorkspaceKey, incident.Id, None))!.ShouldBe(moved);
    }

    [ContractFact]
    public async Task Reviews_belong_to_an_incident_of_their_workspace()
    {
        var theirs = await DeclareAsync(AnIncident() with { Workspace = OtherWorkspace });

        await Should.ThrowAsync<KeyNotFoundException>(() => Reviews.SaveAsync(AReview(theirs) with { Workspace = WorkspaceKey }, None));
        await Reviews.SaveAsync(AReview(theirs), None);
        (await Reviews.GetAsync(WorkspaceKey, theirs.Id, None)).ShouldBeNull();
    }

    [ContractFact]
    public async Task Facilitations_are_accepted_reviews_that_are_not_cancelled_oldest_first()
    {
        var one = await DeclareAsync();
        var two = await DeclareAsync();
        var three = await DeclareAsync();
        var four = await DeclareAsync();
        await Reviews.SaveAsync(AReview(one) with { Facilitator = Bob, FacilitatorState = FacilitatorState.Accepted, FacilitatorSince = Noon.AddHours(2) }, None);
        await Reviews.SaveAsync(AReview(two) with { Facilitator = Carol, FacilitatorState = FacilitatorState.Accepted, FacilitatorSince = Noon.AddHours(1) }, None);
        await Reviews.SaveAsync(AReview(three) with { Facilitator = Alice, FacilitatorState = FacilitatorState.Asked }, None);
        await Reviews.SaveAsync(AReview(four) with { Facilitator = Alice, FacilitatorState = FacilitatorState.Accepted, FacilitatorSince = Noon, CancelledAt = Noon }, None);

        var facilitations = await Reviews.ListFacilitationsAsync(WorkspaceKey, None);

        facilitations.Select(f => (f.Person, f.IncidentId, f.Since)).ShouldBe([(Carol, two.Id, Noon.AddHours(1)), (Bob, one.Id, Noon.AddHours(2))]);
        (await Reviews.ListFacilitationsAsync(OtherWorkspace, None)).ShouldBeEmpty();
    }

    [ContractFact]
    public async Task The_facilitator_pool_is_per_workspace_in_the_order_people_joined()
    {
        (await Reviews.AddFacilitatorAsync(WorkspaceKey, Carol, Noon, None)).ShouldBeTrue();
        (await Reviews.AddFacilitatorAsync(WorkspaceKey, Bob, Noon.AddMinutes(1), None)).ShouldBeTrue();
        (await Reviews.AddFacilitatorAsync(WorkspaceKey, Carol with { Name = "carol again" }, Noon.AddMinutes(2), None)).ShouldBeFalse();
        (await Reviews.AddFacilitatorAsync(OtherWorkspace, Alice, Noon, None)).ShouldBeTrue();

        (await Reviews.ListFacilitatorsAsync(WorkspaceKey, None)).ShouldBe([new PoolMember(Carol, Noon), new PoolMember(Bob, Noon.AddMinutes(1))]);
        (await Reviews.RemoveFacilitatorAsync(WorkspaceKey, Carol.Id, None)).ShouldBeTrue();
        (await Reviews.RemoveFacilitatorAsync(WorkspaceKey, Carol.Id, None)).ShouldBeFalse();
        (await Reviews.RemoveFacilitatorAsync(WorkspaceKey, Alice.Id, None)).ShouldBeFalse();
        (await Reviews.ListFacilitatorsAsync(WorkspaceKey, None)).Select(m => m.Person).ShouldBe([Bob]);
        (await Reviews.ListFacilitatorsAsync(OtherWorkspace, None)).Select(m => m.Person).ShouldBe([Alice]);
    }

    [ContractFact]
    public async Task Passes_are_recorded_with_their_save_once_per_person_and_review()
    {
        var incident = await DeclareAsync();
        var review = await Reviews.SaveAsync(AReview(incident), None);

        review = await Reviews.SaveWithPassAsync(review, Carol, Noon, None);
        review = await Reviews.SaveWithPassAsync(review, Bob, Noon, None);
        review = await Reviews.SaveWithPassAsync(review, Carol, Noon.AddMinutes(1), None);

        review.Version.ShouldBe(4);
        (await Reviews.ListPassesAsync(WorkspaceKey, review.Id, None)).ShouldBe([Bob.Id, Carol.Id]);
        (await Reviews.ListPassesAsync(OtherWorkspace, review.Id, None)).ShouldBeEmpty();
        await Should.ThrowAsync<KeyNotFoundException>(() => Reviews.SaveWithPassAsync(review with { Workspace = OtherWorkspace }, Alice, Noon, None));
    }

    [ContractFact]
    public async Task A_save_that_conflicts_records_no_pass()
    {
        var incident = await DeclareAsync();
        var stale = await Reviews.SaveAsync(AReview(incident), None);
        var current = await Reviews.SaveWithPassAsync(stale, Bob, Noon, None);

        await Should.ThrowAsync<ConcurrencyConflictException>(() => Reviews.SaveWithPassAsync(stale, Carol, Noon, None));

        (await Reviews.ListPassesAsync(WorkspaceKey, current.Id, None)).ShouldBe([Bob.Id]);
        (await Reviews.GetAsync(WorkspaceKey, incident.Id, None))!.Version.ShouldBe(current.Version);
    }

    [ContractFact]
    public async Task The_digest_channel_is_set_replaced_and_cleared_per_workspace()
    {
        var ops = new ChannelRef(Platform.Sandbox, "ops", "ops");
        var incidents = new ChannelRef(Platform.Sandbox, "incidents", "incidents");
        await Reviews.SetDigestChannelAsync(WorkspaceKey, ops, Noon, None);
        await Reviews.SetDigestChannelAsync(WorkspaceKey, incidents, Noon, None);
        await Reviews.SetDigestChannelAsync(OtherWorkspace, ops with { Platform = Platform.Slack }, Noon, None);

        (await Reviews.GetDigestChannelAsync(WorkspaceKey, None)).ShouldBe(incidents);
        (await Reviews.ListDigestSubscriptionsAsync(None)).ShouldBe(
            [new DigestSubscription(WorkspaceKey, incidents), new DigestSubscription(OtherWorkspace, ops with { Platform = Platform.Slack })],
            ignoreOrder: true);

        await Reviews.SetDigestChannelAsync(WorkspaceKey, null, Noon, None);
        (await Reviews.GetDigestChannelAsync(WorkspaceKey, None)).ShouldBeNull();
        (await Reviews.ListDigestSubscriptionsAsync(None)).Select(s => s.Workspace).ShouldBe([OtherWorkspace]);
    }

    // ---- action items ------------------------------------------------------------------------------

    [ContractFact]
    public async Task Action_items_are_numbered_per_workspace_and_read_back_as_written()
    {
        var incident = await DeclareAsync();
        var theirs = await DeclareAsync(AnIncident() with { Workspace = OtherWorkspace });
        var item = AnItem(incident) with { Factor = 2, Link = "https://tracker.example/T-1", Type = ActionItemType.Detect, Priority = ActionItemPriority.P1, DueOn = new DateOnly(2026, 12, 31) };

        var first = await Items.CreateAsync(item, None);
        var second = await Items.CreateAsync(AnItem(incident), None);
        var elsewhere = await Items.CreateAsync(AnItem(theirs), None);

        (first.Number, second.Number, elsewhere.Number).ShouldBe((1, 2, 1));
        first.ShouldBe(item with { Id = first.Id, Number = 1, Version = 1 });
        first.Reference.ShouldBe("AI-1");
        (await Items.FindAsync(WorkspaceKey, 1, None)).ShouldBe(first);
        (await Items.FindAsync(WorkspaceKey, 3, None)).ShouldBeNull();
        await Should.ThrowAsync<KeyNotFoundException>(() => Items.CreateAsync(AnItem(theirs) with { Workspace = WorkspaceKey }, None));
    }

    [ContractFact]
    public async Task Concurrent_creates_get_consecutive_action_item_numbers()
    {
        var incident = await DeclareAsync();

        var created = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => Items.CreateAsync(AnItem(incident) with { Title = $"Item {i}" }, None))));

        created.Select(i => i.Number).Order().ShouldBe(Enumerable.Range(1, 20));
    }

    [ContractFact]
    public async Task Saving_bumps_the_version_and_a_stale_save_is_a_conflict()
    {
        var incident = await DeclareAsync();
        var item = await Items.CreateAsync(AnItem(incident), None);

        var done = await Items.SaveAsync(item with { Status = ActionItemStatus.Dropped, DropReason = "superseded by AI-2", ClosedAt = Noon.AddDays(1) }, None);

        done.Version.ShouldBe(2);
        done.Number.ShouldBe(1);
        (await Items.FindAsync(WorkspaceKey, 1, None)).ShouldBe(done);
        await Should.ThrowAsync<ConcurrencyConflictException>(() => Items.SaveAsync(item with { Title = "stale" }, None));
        await Should.ThrowAsync<KeyNotFoundException>(() => Items.SaveAsync(done with { Workspace = OtherWorkspace }, None));
    }

    [ContractFact]
    public async Task Open_items_are_listed_by_due_date_then_number_optionally_for_one_owner()
    {
        var one = await DeclareAsync();
        var two = await DeclareAsync();
        var late = await Items.CreateAsync(AnItem(one) with { DueOn = new DateOnly(2026, 12, 20), Owner = Bob }, None);
        var soon = await Items.CreateAsync(AnItem(two) with { DueOn = new DateOnly(2026, 11, 30), Owner = Carol }, None);
        var closed = await Items.CreateAsync(AnItem(one) with { DueOn = new DateOnly(2026, 11, 25), Owner = Bob }, None);
        await Items.SaveAsync(closed with { Status = ActionItemStatus.Done, ClosedAt = Noon }, None);
        var sameDay = await Items.CreateAsync(AnItem(two) with { DueOn = new DateOnly(2026, 11, 30), Owner = Bob }, None);

        (await Items.ListOpenAsync(WorkspaceKey, null, None)).Select(i => i.Number).ShouldBe([soon.Number, sameDay.Number, late.Number]);
        (await Items.ListOpenAsync(WorkspaceKey, Bob.Id, None)).Select(i => i.Number).ShouldBe([sameDay.Number, late.Number]);
        (await Items.ListForIncidentAsync(WorkspaceKey, one.Id, None)).Select(i => i.Number).ShouldBe([late.Number, closed.Number]);
        (await Items.ListOpenAsync(OtherWorkspace, null, None)).ShouldBeEmpty();
    }

    // ---- reminders ---------------------------------------------------------------------------------

    [ContractFact]
    public async Task Scheduling_is_idempotent_by_workspace_and_dedupe_key()
    {
        var added = await Reminders.ScheduleAsync([AReminder("a", Noon), AReminder("b", Noon), AReminder("a", Noon.AddHours(1))], None);
        var again = await Reminders.ScheduleAsync([AReminder("a", Noon), AReminder("a", Noon) with { Workspace = OtherWorkspace }], None);

        added.ShouldBe(2);
        again.ShouldBe(1);
        var stored = await Reminders.ListAsync(WorkspaceKey, null, None);
        stored.Select(r => r.DedupeKey).ShouldBe(["a", "b"]);
        stored[0].ShouldBe(AReminder("a", Noon) with { Id = stored[0].Id });
        stored[0].IsPending.ShouldBeTrue();
    }

    [ContractFact]
    public async Task Only_due_unclaimed_reminders_are_claimed_oldest_first_up_to_the_limit()
    {
        await Reminders.ScheduleAsync(
            [AReminder("later", Noon.AddMinutes(1)), AReminder("second", Noon.AddMinutes(-5)), AReminder("first", Noon.AddHours(-2)), AReminder("third", Noon), AReminder("other", Noon) with { Workspace = OtherWorkspace }],
            None);

        var claimed = await Reminders.ClaimDueAsync("replica-1", Noon, TimeSpan.FromMinutes(5), 3, None);
        var rest = await Reminders.ClaimDueAsync("replica-2", Noon, TimeSpan.FromMinutes(5), 10, None);

        claimed.Select(r => r.DedupeKey).ShouldBe(["first", "second", "third"]);
        claimed.ShouldAllBe(r => r.ClaimedBy == "replica-1" && r.ClaimedUntil == Noon.AddMinutes(5));
        rest.Select(r => (r.Workspace, r.DedupeKey)).ShouldBe([(OtherWorkspace, "other")]);
        (await Reminders.ClaimDueAsync("replica-2", Noon.AddSeconds(30), TimeSpan.FromMinutes(5), 10, None)).ShouldBeEmpty();
    }

    [ContractFact]
    public async Task A_claim_that_expires_can_be_taken_over_and_the_first_claimant_can_no_longer_complete_it()
    {
        await Reminders.ScheduleAsync([AReminder("a", Noon)], None);
        var first = (await Reminders.ClaimDueAsync("replica-1", Noon, TimeSpan.FromMinutes(5), 10, None)).Single();

        (await Reminders.ClaimDueAsync("replica-2", Noon.AddMinutes(4), TimeSpan.FromMinutes(5), 10, None)).ShouldBeEmpty();
        var taken = (await Reminders.ClaimDueAsync("replica-2", Noon.AddMinutes(5), TimeSpan.FromMinutes(5), 10, None)).Single();

        taken.Id.ShouldBe(first.Id);
        (await Reminders.MarkSentAsync(first.Id, "replica-1", Noon.AddMinutes(6), late: false, None)).ShouldBeFalse();
        (await Reminders.MarkSentAsync(taken.Id, "replica-2", Noon.AddMinutes(6), late: true, None)).ShouldBeTrue();
        (await Reminders.MarkSentAsync(taken.Id, "replica-2", Noon.AddMinutes(7), late: true, None)).ShouldBeFalse();
        var sent = (await Reminders.ListAsync(WorkspaceKey, null, None)).Single();
        (sent.SentAt, sent.Late, sent.IsPending, sent.Attempts).ShouldBe((Noon.AddMinutes(6), true, false, 1));
        (await Reminders.ClaimDueAsync("replica-3", Noon.AddDays(1), TimeSpan.FromMinutes(5), 10, None)).ShouldBeEmpty();
    }

    [ContractFact]
    public async Task A_released_reminder_waits_until_its_retry_time_and_a_skipped_one_is_done_with()
    {
        await Reminders.ScheduleAsync([AReminder("retry", Noon), AReminder("skip", Noon)], None);
        var claimed = await Reminders.ClaimDueAsync("replica-1", Noon, TimeSpan.FromMinutes(5), 10, None);

        (await Reminders.ReleaseAsync(claimed[0].Id, "replica-1", Noon.AddMinutes(2), "platform down", None)).ShouldBeTrue();
        (await Reminders.MarkSkippedAsync(claimed[1].Id, "replica-1", Noon, "the item was done", None)).ShouldBeTrue();

        (await Reminders.ClaimDueAsync("replica-2", Noon.AddMinutes(1), TimeSpan.FromMinutes(5), 10, None)).ShouldBeEmpty();
        var retried = (await Reminders.ClaimDueAsync("replica-2", Noon.AddMinutes(2), TimeSpan.FromMinutes(5), 10, None)).Single();
        (retried.DedupeKey, retried.Attempts, retried.Note).ShouldBe(("retry", 1, "platform down"));
        var skipped = (await Reminders.ListAsync(WorkspaceKey, null, None)).Single(r => r.DedupeKey == "skip");
        (skipped.SkippedAt, skipped.Note, skipped.IsPending).ShouldBe((Noon, "the item was done", false));
    }

    [ContractFact]
    public async Task Cancelling_withdraws_pending_reminders_of_the_kinds_and_subject_but_not_a_live_claim_nor_one_planned_since()
    {
        await Reminders.ScheduleAsync(
        [
            AReminder("upcoming", Noon.AddDays(1)) with { SubjectId = 7, Kind = ReminderKind.ReviewUpcoming, Revision = 1 },
            AReminder("planned since", Noon.AddDays(1)) with { SubjectId = 7, Kind = ReminderKind.ReviewUpcoming, Revision = 2 },
            AReminder("claimed", Noon) with { SubjectId = 7, Kind = ReminderKind.ReviewUpcoming },
            AReminder("input", Noon.AddDays(1)) with { SubjectId = 7, Kind = ReminderKind.InputRequest },
            AReminder("other subject", Noon.AddDays(1)) with { SubjectId = 8, Kind = ReminderKind.ReviewUpcoming },
        ],
            None);
        await Reminders.ClaimDueAsync("replica-1", Noon, TimeSpan.FromMinutes(5), 10, None);

        var cancelled = await Reminders.CancelPendingAsync(WorkspaceKey, [ReminderKind.ReviewUpcoming, ReminderKind.ReflectionPrompt], 7, throughRevision: 1, Noon.AddMinutes(1), None);

        cancelled.ShouldBe(1);
        var all = await Reminders.ListAsync(WorkspaceKey, 7, None);
        all.Where(r => !r.IsPending).Select(r => r.DedupeKey).ShouldBe(["upcoming"]);
        all.Single(r => r.DedupeKey == "upcoming").CancelledAt.ShouldBe(Noon.AddMinutes(1));
        (await Reminders.CancelPendingAsync(OtherWorkspace, [ReminderKind.ReviewUpcoming], 8, throughRevision: 1, Noon, None)).ShouldBe(0);
    }

    [ContractFact]
    public async Task Concurrent_claimers_never_claim_the_same_reminder()
    {
        await Reminders.ScheduleAsync([.. Enumerable.Range(0, 60).Select(i => AReminder($"r{i}", Noon.AddSeconds(-i)))], None);

        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(c => Task.Run(async () =>
        {
            var mine = new List<long>();
            while (true)
            {
                var batch = await Reminders.ClaimDueAsync($"replica-{c}", Noon, TimeSpan.FromMinutes(5), 4, None);
                if (batch.Count == 0)
                {
                    return mine;
                }

                mine.AddRange(batch.Select(r => r.Id));
            }
        })));

        var all = claims.SelectMany(c => c).ToList();
        all.Count.ShouldBe(60);
        all.ShouldBeUnique();
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private Task<Incident> DeclareAsync(Incident? incident = null) =>
        Stores.Incidents.CreateIncidentAsync(incident ?? AnIncident(), [], None);

    private static Review AReview(Incident incident) => new()
    {
        Workspace = incident.Workspace,
        IncidentId = incident.Id,
        At = Noon.AddDays(3),
        Duration = TimeSpan.FromHours(1),
        BookedBy = Alice,
        BookedAt = Noon,
    };

    private static ActionItem AnItem(Incident incident) => new()
    {
        Workspace = incident.Workspace,
        IncidentId = incident.Id,
        Title = "Alert when the connection pool is above 90% for 5 minutes",
        Owner = Bob,
        DueOn = new DateOnly(2026, 12, 1),
        CreatedBy = Alice,
        CreatedAt = Noon,
    };

    private static Reminder AReminder(string key, DateTimeOffset dueAt) => new()
    {
        Workspace = WorkspaceKey,
        Kind = ReminderKind.ActionDueToday,
        SubjectId = 1,
        IncidentId = 1,
        Recipient = DirectMessage.To(Platform.Sandbox, Bob),
        DueAt = dueAt,
        Revision = 1,
        DedupeKey = key,
        CreatedAt = Noon.AddHours(-3),
    };
}
