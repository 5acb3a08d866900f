using IncidentBot.Core.Incidents;
using IncidentBot.Core.Reminders;
using IncidentBot.Core.Reviews;
using IncidentBot.TestKit;
using static IncidentBot.Core.Tests.Reviews.ReviewScenario;

namespace IncidentBot.Core.Tests.Reviews;

/// <summary>
/// An ask to facilitate that nobody answers: when its window closes the silence counts as a pass, the next pool
/// member is asked, and the silent person is told kindly. The review is booked Monday 10:00 for Tuesday 10:00, so
/// dave's window would close halfway, at Monday 22:00; that is after working hours, so it closes at 17:00.
/// </summary>
public sealed class FacilitatorTimeoutTests
{
    private static readonly DateTimeOffset WindowCloses = Monday.AddHours(7);

    private readonly ReviewHarness _harness = new(now: Monday);

    [Fact]
    public async Task Silence_past_the_window_counts_as_a_pass_asks_the_next_person_and_tells_the_silent_one_kindly()
    {
        var incident = await BookedAndAskedAsync();
        _harness.Clock.SetUtcNow(WindowCloses.AddMinutes(-1));
        (await _harness.DeliverAsync()).ShouldBe(DeliveryReport.None);

        _harness.Clock.SetUtcNow(WindowCloses);
        var handedOn = await _harness.DeliverAsync();
        var erinAsked = await _harness.DeliverAsync();

        (handedOn.Sent, erinAsked.Sent).ShouldBe((1, 1));
        var notice = _harness.DirectMessagesTo(Dave).ShouldHaveSingleItem().Text;
        notice.ShouldContain("The INC-1 review: nothing needed from you");
        notice.ShouldContain("Not answering is completely fine: the bot has asked the next person in the pool instead");
        notice.ShouldContain("/postmortem INC-1 schedule facilitator @you");
        _harness.DirectMessagesTo(Erin).ShouldHaveSingleItem().Text.ShouldContain("Will you facilitate the INC-1 review?");
        _harness.Notifier.To(incident.Channel.Id).ShouldBeEmpty();

        var review = (await _harness.ReviewOfAsync(incident))!;
        (review.FacilitatorState, review.Facilitator).ShouldBe((FacilitatorState.Asked, Erin));
        (await _harness.Reviews.ListPassesAsync(incident.Workspace, review.Id, CancellationToken.None)).ShouldBe([Dave.Id]);
        var asks = await AskRowsAsync(review);
        asks.Single(r => r.Kind == ReminderKind.FacilitatorAskExpired && r.Recipient.Id == Dave.Id).SentAt.ShouldBe(WindowCloses);
        asks.Single(r => r.Kind == ReminderKind.FacilitatorAsk && r.Recipient.Id == Erin.Id).SentAt.ShouldBe(WindowCloses);

        // erin's own window: halfway from her ask (17:00) to the review (10:00) is 01:30, at night, and 17:00 would
        // leave her no time, so it closes when Tuesday's working day starts.
        asks.Single(r => r.Kind == ReminderKind.FacilitatorAskExpired && r.Recipient.Id == Erin.Id).ShouldSatisfyAllConditions(
            r => r.IsPending.ShouldBeTrue(),
            r => r.DueAt.ShouldBe(WindowCloses.AddHours(16)));
        (await _harness.PostmortemAsync("schedule")).Reply.FallbackText.ShouldContain("asking erin privately");
    }

    [Fact]
    public async Task Accepting_within_the_window_withdraws_the_expiry_and_nothing_changes_when_it_would_have_closed()
    {
        var incident = await BookedAndAskedAsync();
        _harness.Clock.SetUtcNow(Monday.AddHours(1));
        await _harness.PostmortemAsync("INC-1 facilitate accept", Dave, ReviewHarness.ChannelFor(Dave.Id));
        _harness.Notifier.Clear();

        _harness.Clock.SetUtcNow(WindowCloses);
        (await _harness.DeliverAsync()).ShouldBe(DeliveryReport.None);

        _harness.Notifier.Posted.ShouldBeEmpty();
        var review = (await _harness.ReviewOfAsync(incident))!;
        (review.FacilitatorState, review.Facilitator).ShouldBe((FacilitatorState.Accepted, Dave));
        (await _harness.Reviews.ListPassesAsync(incident.Workspace, review.Id, CancellationToken.None)).ShouldBeEmpty();
        (await AskRowsAsync(review)).Single(r => r.Kind == ReminderKind.FacilitatorAskExpired).CancelledAt.ShouldBe(Monday.AddHours(1));
    }

    [Fact]
    public async Task A_typed_pass_withdraws_the_expiry_and_the_next_person_gets_a_window_of_their_own()
    {
        var incident = await BookedAndAskedAsync();
        _harness.Clock.SetUtcNow(Monday.AddHours(1));

        await _harness.PostmortemAsync("INC-1 facilitate pass", Dave, ReviewHarness.ChannelFor(Dave.Id));

        var review = (await _harness.ReviewOfAsync(incident))!;
        var expiries = (await AskRowsAsync(review)).Where(r => r.Kind == ReminderKind.FacilitatorAskExpired).ToList();
        expiries.Single(r => r.Recipient.Id == Dave.Id).CancelledAt.ShouldBe(Monday.AddHours(1));
        expiries.Single(r => r.Recipient.Id == Erin.Id).DueAt.ShouldBe(Monday.AddHours(7)); // halfway from 11:00 to Tuesday 10:00 is 22:30: the end of Monday's working day instead
        _harness.Clock.SetUtcNow(WindowCloses);
        await _harness.DeliverAsync();
        _harness.DirectMessagesTo(Dave).ShouldBeEmpty(); // no notice: he answered
    }

    [Fact]
    public async Task When_nobody_is_left_to_ask_the_incident_channel_hears_it_as_after_a_typed_pass()
    {
        var incident = await _harness.ResolvedIncidentAsync(pool: false);
        await _harness.PostmortemAsync($"facilitators add {Mention(Dave)}");
        await _harness.PostmortemAsync("schedule auto");
        await _harness.DeliverAsync();
        _harness.Notifier.Clear();

        _harness.Clock.SetUtcNow(WindowCloses);
        await _harness.DeliverAsync();

        var review = (await _harness.ReviewOfAsync(incident))!;
        (review.FacilitatorState, review.Facilitator).ShouldBe((FacilitatorState.None, null));
        _harness.Notifier.To(incident.Channel.Id).ShouldHaveSingleItem().Text
            .ShouldContain("The INC-1 review (Tue 2026-11-24 10:00–11:00 (UTC)) has no facilitator: everyone in the pool passed or was too close to the incident. Name one with /postmortem INC-1 schedule facilitator @person.");
        _harness.DirectMessagesTo(Dave).ShouldHaveSingleItem().Text
            .ShouldContain("nobody else in the pool can be asked, so the incident channel has been told the review still needs a facilitator");
        (await AskRowsAsync(review)).Where(r => r.IsPending).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_expiry_planned_before_the_review_moved_is_skipped_and_the_move_gives_a_new_window()
    {
        var incident = await BookedAndAskedAsync();
        _harness.Clock.SetUtcNow(WindowCloses);

        // Another replica has just claimed dave's expiry (so the move cannot withdraw it) when the review is moved.
        var inFlight = await _harness.Reminders.ClaimDueAsync("another-replica", WindowCloses, ReminderDelivery.Lease, 10, CancellationToken.None);
        inFlight.ShouldHaveSingleItem().Kind.ShouldBe(ReminderKind.FacilitatorAskExpired);
        await _harness.PostmortemAsync("schedule 2026-11-26 14:00");
        _harness.Clock.Advance(ReminderDelivery.Lease + TimeSpan.FromMinutes(1));
        await _harness.DeliverAsync();

        var review = (await _harness.ReviewOfAsync(incident))!;
        (review.Sequence, review.FacilitatorState, review.Facilitator).ShouldBe((1, FacilitatorState.Asked, Dave));
        (await _harness.Reviews.ListPassesAsync(incident.Workspace, review.Id, CancellationToken.None)).ShouldBeEmpty();
        var expiries = (await AskRowsAsync(review)).Where(r => r.Kind == ReminderKind.FacilitatorAskExpired).ToList();
        expiries.Single(r => r.Revision == 0).Note.ShouldBe("the review was moved since");
        expiries.Single(r => r.Revision == 1).ShouldSatisfyAllConditions(
            r => r.IsPending.ShouldBeTrue(),
            r => r.DueAt.ShouldBe(WindowCloses.AddHours(24))); // asked again with the new time, a day to answer
        _harness.DirectMessagesTo(Dave).ShouldNotContain(m => m.Text.Contains("nothing needed from you", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Running_the_job_again_sends_nothing_twice()
    {
        var incident = await BookedAndAskedAsync();
        _harness.Clock.SetUtcNow(WindowCloses);

        await _harness.DeliverAsync();
        await _harness.DeliverAsync();
        var attempts = _harness.Notifier.Attempts;
        var third = await _harness.DeliverAsync();
        var otherReplica = await _harness.NewDelivery().DeliverDueAsync(WindowCloses, CancellationToken.None);

        (third, otherReplica).ShouldBe((DeliveryReport.None, DeliveryReport.None));
        _harness.Notifier.Attempts.ShouldBe(attempts);
        _harness.DirectMessagesTo(Dave).Count(m => m.Text.Contains("nothing needed from you", StringComparison.Ordinal)).ShouldBe(1);
        _harness.DirectMessagesTo(Erin).ShouldHaveSingleItem();
        var review = (await _harness.ReviewOfAsync(incident))!;
        (await AskRowsAsync(review)).Count(r => r.Recipient.Id == Erin.Id).ShouldBe(2); // her ask and its expiry, once each
    }

    [Fact]
    public async Task A_handover_whose_notice_fails_to_post_is_finished_by_the_retry_without_asking_anyone_twice()
    {
        var incident = await BookedAndAskedAsync();
        _harness.Clock.SetUtcNow(WindowCloses);
        _harness.Notifier.FailWith = new HttpRequestException("chat platform unavailable");

        (await _harness.DeliverAsync()).Sent.ShouldBe(0);

        // The review moved on before the post failed: erin is the one asked, dave is on record as passing.
        var review = (await _harness.ReviewOfAsync(incident))!;
        review.Facilitator.ShouldBe(Erin);
        _harness.Notifier.FailWith = null;
        _harness.Clock.Advance(TimeSpan.FromMinutes(1));
        await _harness.DeliverAsync();
        await _harness.DeliverAsync();

        _harness.DirectMessagesTo(Dave).ShouldHaveSingleItem().Text.ShouldContain("nothing needed from you");
        _harness.DirectMessagesTo(Erin).ShouldHaveSingleItem().Text.ShouldContain("Will you facilitate");
        _harness.DirectMessagesTo(Frank).ShouldBeEmpty();
        (await _harness.ReviewOfAsync(incident))!.Facilitator.ShouldBe(Erin);
        (await _harness.Reviews.ListPassesAsync(incident.Workspace, review.Id, CancellationToken.None)).ShouldBe([Dave.Id]);
        (await AskRowsAsync(review)).Single(r => r.Kind == ReminderKind.FacilitatorAskExpired && r.Recipient.Id == Dave.Id).Attempts.ShouldBe(2);
    }

    [Fact]
    public async Task A_handover_that_stopped_right_after_saving_the_review_is_finished_by_the_retry()
    {
        var incident = await BookedAndAskedAsync();
        _harness.Clock.SetUtcNow(WindowCloses);

        // What a process that died just after the save leaves: the pass and the review asking erin, but no ask to her
        // yet, and dave's expiry still pending (its claim expired).
        var before = (await _harness.ReviewOfAsync(incident))!;
        await _harness.Reviews.SaveWithPassAsync(before with { Facilitator = Erin }, Dave, WindowCloses, CancellationToken.None);
        await _harness.DeliverAsync();
        await _harness.DeliverAsync();

        _harness.DirectMessagesTo(Dave).ShouldHaveSingleItem().Text.ShouldContain("the bot has asked the next person in the pool instead");
        _harness.DirectMessagesTo(Erin).ShouldHaveSingleItem().Text.ShouldContain("Will you facilitate");
        var review = (await _harness.ReviewOfAsync(incident))!;
        (review.Facilitator, review.Version).ShouldBe((Erin, before.Version + 1)); // finished, not handed on a second time
        (await AskRowsAsync(review)).Single(r => r.Kind == ReminderKind.FacilitatorAskExpired && r.Recipient.Id == Erin.Id).IsPending.ShouldBeTrue();
    }

    [Fact]
    public async Task An_answer_that_lands_while_the_ask_is_being_handed_on_wins()
    {
        var incident = await BookedAndAskedAsync();
        _harness.Clock.SetUtcNow(WindowCloses);
        var readByTheJob = (await _harness.ReviewOfAsync(incident))!;
        var expiry = (await AskRowsAsync(readByTheJob)).Single(r => r.Kind == ReminderKind.FacilitatorAskExpired);
        await _harness.PostmortemAsync("INC-1 facilitate accept", Dave, ReviewHarness.ChannelFor(Dave.Id));

        var handover = await _harness.Service.HandOverUnansweredAskAsync(expiry, incident, readByTheJob, WindowCloses, CancellationToken.None);

        (handover.SkipReason, handover.Messages.Count).ShouldBe(("the review changed while the ask was being handed on", 0));
        var review = (await _harness.ReviewOfAsync(incident))!;
        (review.FacilitatorState, review.Facilitator).ShouldBe((FacilitatorState.Accepted, Dave));
        (await AskRowsAsync(review)).ShouldNotContain(r => r.Recipient.Id == Erin.Id);
    }

    [Fact]
    public async Task An_ask_that_went_out_late_gives_the_person_their_window_from_then_instead_of_arriving_with_its_expiry()
    {
        // The host was down from the booking until after dave's window would have closed: his ask and its expiry are
        // both due when it starts again.
        var incident = await _harness.ResolvedIncidentAsync();
        await _harness.PostmortemAsync("schedule auto");
        _harness.Clock.SetUtcNow(WindowCloses);

        (await _harness.DeliverAsync()).Skipped.ShouldBe(1); // the expiry; the ask and the requests for accounts go out late

        _harness.DirectMessagesTo(Dave).ShouldHaveSingleItem().Text.ShouldContain("Will you facilitate");
        var review = (await _harness.ReviewOfAsync(incident))!;
        (review.FacilitatorState, review.Facilitator).ShouldBe((FacilitatorState.Asked, Dave));
        (await _harness.Reviews.ListPassesAsync(incident.Workspace, review.Id, CancellationToken.None)).ShouldBeEmpty();
        var expiries = (await AskRowsAsync(review)).Where(r => r.Kind == ReminderKind.FacilitatorAskExpired).ToList();
        expiries.Count.ShouldBe(2);
        var note = expiries.Single(r => r.SkippedAt is not null).Note.ShouldNotBeNull();
        note.ShouldStartWith("the ask reached them late, at ");
        note.ShouldContain("their window now closes at ");

        // Counted from 17:00, halfway to the review is at night, so his window closes when Tuesday's working day starts.
        var later = expiries.Single(r => r.IsPending);
        later.DueAt.ShouldBe(WindowCloses.AddHours(16));
        _harness.Clock.SetUtcNow(later.DueAt.AddMinutes(-1));
        (await _harness.DeliverAsync()).ShouldBe(DeliveryReport.None);

        _harness.Clock.SetUtcNow(later.DueAt);
        await _harness.DeliverAsync();
        await _harness.DeliverAsync();

        _harness.DirectMessagesTo(Dave)[^1].Text.ShouldContain("nothing needed from you");
        _harness.DirectMessagesTo(Erin).ShouldHaveSingleItem().Text.ShouldContain("Will you facilitate");
        (await _harness.ReviewOfAsync(incident))!.Facilitator.ShouldBe(Erin);
    }

    [Fact]
    public async Task An_ask_the_platform_keeps_refusing_is_not_handed_on_before_it_has_reached_the_person()
    {
        var incident = await _harness.ResolvedIncidentAsync();
        await _harness.PostmortemAsync("schedule auto");
        _harness.Notifier.FailWith = new HttpRequestException("chat platform unavailable");
        (await _harness.DeliverAsync()).Sent.ShouldBe(0);

        _harness.Clock.SetUtcNow(WindowCloses);
        await _harness.DeliverAsync();

        var review = (await _harness.ReviewOfAsync(incident))!;
        (review.FacilitatorState, review.Facilitator).ShouldBe((FacilitatorState.Asked, Dave));
        (await _harness.Reviews.ListPassesAsync(incident.Workspace, review.Id, CancellationToken.None)).ShouldBeEmpty();
        var rows = await AskRowsAsync(review);
        rows.Single(r => r.Kind == ReminderKind.FacilitatorAskExpired && r.SkippedAt is not null).Note
            .ShouldNotBeNull().ShouldStartWith("the ask has not reached them yet; their window now closes at ");
        rows.Single(r => r.Kind == ReminderKind.FacilitatorAskExpired && r.IsPending).DueAt.ShouldBe(WindowCloses.AddHours(16));
        rows.Single(r => r.Kind == ReminderKind.FacilitatorAsk).IsPending.ShouldBeTrue(); // still being retried

        // The platform is back: the ask goes out with its retry, and dave's window runs until Tuesday morning.
        _harness.Notifier.FailWith = null;
        _harness.Clock.Advance(TimeSpan.FromHours(1));
        await _harness.DeliverAsync();
        _harness.DirectMessagesTo(Dave).ShouldHaveSingleItem().Text.ShouldContain("Will you facilitate");
        _harness.DirectMessagesTo(Erin).ShouldBeEmpty();
        (await _harness.ReviewOfAsync(incident))!.Facilitator.ShouldBe(Dave);
    }

    [Fact]
    public async Task A_move_that_lands_during_a_handover_keeps_the_ask_it_planned()
    {
        var incident = await BookedAndAskedAsync();
        _harness.Clock.SetUtcNow(WindowCloses);

        // The handover has saved the review asking erin; before it withdraws the old asks, someone moves the review,
        // which asks erin again for the new time.
        _harness.Reminders.BeforeNextCancel(() => _harness.PostmortemAsync("schedule 2026-11-26 14:00"));
        await _harness.DeliverAsync();
        await _harness.DeliverAsync();

        var review = (await _harness.ReviewOfAsync(incident))!;
        (review.Sequence, review.FacilitatorState, review.Facilitator).ShouldBe((1, FacilitatorState.Asked, Erin));
        var erins = (await AskRowsAsync(review)).Where(r => r.Recipient.Id == Erin.Id).ToList();
        erins.Single(r => r.Kind == ReminderKind.FacilitatorAsk && r.Revision == 1).SentAt.ShouldBe(WindowCloses);
        erins.Single(r => r.Kind == ReminderKind.FacilitatorAskExpired && r.Revision == 1).IsPending.ShouldBeTrue();
        _harness.DirectMessagesTo(Erin).ShouldHaveSingleItem().Text.ShouldContain("Will you facilitate");
    }

    [Fact]
    public async Task An_accept_that_lands_during_a_handover_wins_and_leaves_no_pass_on_record()
    {
        var incident = await BookedAndAskedAsync();
        _harness.Clock.SetUtcNow(WindowCloses);

        // The handover has recorded dave's silence as a pass; before it saves the review asking erin, dave accepts.
        _harness.Reviews.BeforeNextSave(() => _harness.PostmortemAsync("INC-1 facilitate accept", Dave, ReviewHarness.ChannelFor(Dave.Id)));
        await _harness.DeliverAsync();
        await _harness.DeliverAsync();

        var review = (await _harness.ReviewOfAsync(incident))!;
        (review.FacilitatorState, review.Facilitator).ShouldBe((FacilitatorState.Accepted, Dave));
        (await _harness.Reviews.ListPassesAsync(incident.Workspace, review.Id, CancellationToken.None)).ShouldBeEmpty();
        (await AskRowsAsync(review)).Single(r => r.Kind == ReminderKind.FacilitatorAskExpired).Note.ShouldBe("the review changed while the ask was being handed on");
        _harness.DirectMessagesTo(Erin).ShouldBeEmpty();
        _harness.DirectMessagesTo(Dave).ShouldAllBe(m => !m.Text.Contains("Not answering is completely fine", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pass_typed_during_a_handover_stays_on_record()
    {
        var incident = await BookedAndAskedAsync();
        _harness.Clock.SetUtcNow(WindowCloses);

        _harness.Reviews.BeforeNextSave(() => _harness.PostmortemAsync("INC-1 facilitate pass", Dave, ReviewHarness.ChannelFor(Dave.Id)));
        await _harness.DeliverAsync();

        var review = (await _harness.ReviewOfAsync(incident))!;
        (review.FacilitatorState, review.Facilitator).ShouldBe((FacilitatorState.Asked, Erin));
        (await _harness.Reviews.ListPassesAsync(incident.Workspace, review.Id, CancellationToken.None)).ShouldBe([Dave.Id]);
    }

    /// <summary>A resolved incident (pool: dave, erin, frank), its review booked for Tuesday 10:00 and dave asked.</summary>
    private async Task<Incident> BookedAndAskedAsync()
    {
        var incident = await _harness.ResolvedIncidentAsync();
        await _harness.PostmortemAsync("schedule auto");
        await _harness.DeliverAsync();
        _harness.DirectMessagesTo(Dave).ShouldHaveSingleItem().Text.ShouldContain("Will you facilitate");
        _harness.Notifier.Clear();
        return incident;
    }

    private async Task<List<Reminder>> AskRowsAsync(Review review) =>
        [.. (await _harness.Reminders.ListAsync(review.Workspace, review.Id, CancellationToken.None)).Where(r => ReminderPolicy.AskKinds.Contains(r.Kind))];
}
