using IncidentBot.Core.ActionItems;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Reminders;
using IncidentBot.Core.Reviews;
using IncidentBot.TestKit;

namespace IncidentBot.Core.Tests.Reminders;

/// <summary>The pure policy: which reminders exist, and when the digest is due, for a given time.</summary>
public sealed class ReminderPolicyTests
{
    private static ReminderPolicy Policy(string zone, ReviewOptions? options = null)
    {
        options ??= new ReviewOptions();
        return new ReminderPolicy(WorkingCalendar.From(WorkspaceClock.For(zone), options), options);
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-11-23T07:59:00Z", null)]
    [InlineData("Europe/Berlin", "2026-11-23T08:00:00Z", "2026-11-23T08:00:00Z")]
    [InlineData("Europe/Berlin", "2026-11-23T22:00:00Z", "2026-11-23T08:00:00Z")]
    [InlineData("Europe/Berlin", "2026-11-21T10:00:00Z", null)]                   // Saturday
    [InlineData("Europe/Berlin", "2026-03-30T07:00:00Z", "2026-03-30T07:00:00Z")] // summer time: 09:00 is 07:00 UTC
    [InlineData("America/Los_Angeles", "2026-11-23T16:59:00Z", null)]
    [InlineData("America/Los_Angeles", "2026-11-23T17:00:00Z", "2026-11-23T17:00:00Z")]
    public void The_digest_is_due_from_0900_local_on_working_days(string zone, string now, string? expected)
    {
        var due = Policy(zone).DigestDueAt(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        due.ShouldBe(expected is null ? null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Action_item_reminders_fall_on_working_days_at_the_digest_time_and_never_in_the_past()
    {
        var incident = Builders.AnIncident() with { Id = 1, Number = 1 };
        var item = new ActionItem
        {
            Workspace = Builders.WorkspaceKey,
            IncidentId = 1,
            Number = 4,
            Version = 1,
            Title = "Alert on pool saturation above 90%",
            Owner = Builders.Bob,
            DueOn = new DateOnly(2026, 11, 29), // a Sunday
            CreatedBy = Builders.Alice,
        };
        var policy = Policy("UTC");

        var planned = policy.ForActionItem(item, incident, new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

        // Two days before is Friday; the due date itself is a Sunday, so "on the day" moves back to Friday too and wins.
        planned.Select(r => (r.Kind, r.DueAt)).ShouldBe([(ReminderKind.ActionDueToday, new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero))]);
        planned.Single().Recipient.ShouldBe(DirectMessage.To(Platform.Sandbox, Builders.Bob));
        policy.ForActionItem(item, incident, new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero)).ShouldBeEmpty();
        policy.ForActionItem(item with { Status = ActionItemStatus.Done }, incident, new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero)).ShouldBeEmpty();
    }

    [Fact]
    public void A_booking_plans_input_requests_follow_ups_lead_time_reminders_and_the_reflection()
    {
        var incident = Builders.AnIncident() with { Id = 1, Number = 1 };
        var now = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        var review = new Review
        {
            Id = 9,
            Workspace = Builders.WorkspaceKey,
            IncidentId = 1,
            At = now.AddDays(3),
            Duration = TimeSpan.FromHours(1),
            Sequence = 2,
            BookedBy = Builders.Alice,
        };

        var planned = Policy("UTC").ForBooking(review, incident, [Builders.Alice, Builders.Bob], now);

        planned.Where(r => r.Recipient.Id == Builders.Bob.Id).Select(r => (r.Kind, r.DueAt - now)).ShouldBe(
        [
            (ReminderKind.InputRequest, TimeSpan.Zero),
            (ReminderKind.InputFollowUp, TimeSpan.FromDays(2)),
            (ReminderKind.ReviewUpcoming, TimeSpan.FromDays(2)),
            (ReminderKind.ReviewUpcoming, TimeSpan.FromHours(71)),
        ]);
        planned.Single(r => r.Kind == ReminderKind.ReflectionPrompt).ShouldSatisfyAllConditions(
            r => r.Recipient.ShouldBe(incident.Channel),
            r => r.DueAt.ShouldBe(review.EndsAt));
        planned.ShouldAllBe(r => r.Workspace == Builders.WorkspaceKey && r.SubjectId == 9);
        planned.Where(r => r.Kind != ReminderKind.InputRequest).ShouldAllBe(r => r.Revision == 2 && r.DedupeKey.Contains(":9:2", StringComparison.Ordinal));
        planned.Select(r => r.DedupeKey).Distinct(StringComparer.Ordinal).Count().ShouldBe(planned.Count);
    }

    [Fact]
    public void Reminders_before_a_monday_review_that_would_fall_on_the_weekend_come_on_friday_at_the_same_local_time()
    {
        var incident = Builders.AnIncident() with { Id = 1, Number = 1 };
        var now = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero); // Wednesday
        var review = AReview(At: new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero)); // Monday 10:00 in Berlin

        var planned = Policy("Europe/Berlin").ForBooking(review, incident, [Builders.Bob], now);

        var friday = new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero); // 10:00 in Berlin
        planned.Where(r => r.Kind != ReminderKind.ReflectionPrompt).Select(r => (r.Kind, r.DueAt)).ShouldBe(
        [
            (ReminderKind.InputRequest, now),
            (ReminderKind.InputFollowUp, friday),
            (ReminderKind.ReviewUpcoming, friday),
            (ReminderKind.ReviewUpcoming, review.At.AddHours(-1)), // Monday 09:00: the same day as the review, left alone
        ]);
    }

    [Fact]
    public void Lead_times_that_move_onto_the_same_working_day_moment_send_one_reminder_the_shorter_leads()
    {
        var options = new ReviewOptions { ReminderLeadTimes = [TimeSpan.FromHours(48), TimeSpan.FromHours(24), TimeSpan.FromHours(1)] };
        var review = AReview(At: new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero)); // Monday

        var planned = Policy("UTC", options).ForFacilitator(review with { Facilitator = Builders.Bob, FacilitatorState = FacilitatorState.Accepted }, Builders.AnIncident() with { Id = 1 }, new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));

        planned.Select(r => (r.DueAt, LeadMinutes: r.DedupeKey[(r.DedupeKey.LastIndexOf(':') + 1)..])).ShouldBe(
        [
            (new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero), "1440"),
            (new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero), "60"),
        ]);
    }

    [Fact]
    public void A_review_booked_on_a_day_off_keeps_its_reminders_where_they_fall()
    {
        var review = AReview(At: new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero)); // Sunday

        var planned = Policy("UTC").ForFacilitator(review with { Facilitator = Builders.Bob, FacilitatorState = FacilitatorState.Accepted }, Builders.AnIncident() with { Id = 1 }, new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));

        planned.Select(r => r.DueAt).ShouldBe([review.At.AddHours(-24), review.At.AddHours(-1)]); // Saturday 10:00, Sunday 09:00
    }

    [Theory]
    [InlineData("UTC", "2026-11-23T10:00:00Z", "2026-11-27T14:00:00Z", "2026-11-24T10:00:00Z")]      // a day, the review days away
    [InlineData("UTC", "2026-11-23T10:00:00Z", "2026-11-23T14:00:00Z", "2026-11-23T12:00:00Z")]      // review hours away: halfway
    [InlineData("UTC", "2026-11-23T10:00:00Z", "2026-11-24T10:00:00Z", "2026-11-23T17:00:00Z")]      // halfway at night (22:00): the end of the working day
    [InlineData("UTC", "2026-11-23T16:55:00Z", "2026-11-24T10:00:00Z", "2026-11-24T09:00:00Z")]      // …unless that leaves no time: the next working morning
    [InlineData("UTC", "2026-11-23T20:00:00Z", "2026-11-30T10:00:00Z", "2026-11-25T09:00:00Z")]      // a window closing at night runs to the next morning
    [InlineData("UTC", "2026-11-27T15:00:00Z", "2026-12-04T10:00:00Z", "2026-11-30T15:00:00Z")]      // Friday's window ends Monday
    [InlineData("UTC", "2026-11-27T15:00:00Z", "2026-11-30T09:00:00Z", null)]                        // …unless no working moment is left before the review
    [InlineData("Europe/Berlin", "2026-03-27T14:00:00Z", "2026-04-10T08:00:00Z", "2026-03-30T13:00:00Z")] // 15:00 local, across the clock change
    [InlineData("UTC", "2026-11-23T10:00:00Z", "2026-11-23T10:00:00Z", null)]                        // the review starts: nothing to hand on
    public void An_unanswered_ask_is_handed_on_after_a_working_day_and_at_the_latest_halfway_to_the_review(string zone, string asked, string review, string? expected)
    {
        var due = Policy(zone).AnswerDueAt(Instant(asked), Instant(review));

        due.ShouldBe(expected is null ? null : Instant(expected));
    }

    [Fact]
    public void The_answer_window_is_a_setting()
    {
        var policy = Policy("UTC", new ReviewOptions { FacilitatorAnswerWindow = TimeSpan.FromHours(4) });

        policy.AnswerDueAt(Instant("2026-11-23T10:00:00Z"), Instant("2026-11-27T14:00:00Z")).ShouldBe(Instant("2026-11-23T14:00:00Z"));
    }

    [Fact]
    public void An_ask_comes_with_its_expiry_both_keyed_per_review_sequence_and_person()
    {
        var incident = Builders.AnIncident() with { Id = 1 };
        var now = Instant("2026-11-23T10:00:00Z");
        var review = AReview(At: Instant("2026-11-27T14:00:00Z"));
        var policy = Policy("UTC");

        var planned = policy.ForAsk(review, incident, Builders.Bob, now);

        planned.Select(r => (r.Kind, r.DueAt, r.DedupeKey)).ShouldBe(
        [
            (ReminderKind.FacilitatorAsk, now, $"ask:9:2:{Builders.Bob.Id}"),
            (ReminderKind.FacilitatorAskExpired, Instant("2026-11-24T10:00:00Z"), $"ask-expired:9:2:{Builders.Bob.Id}"),
        ]);
        planned.ShouldAllBe(r => r.Recipient == DirectMessage.To(Platform.Sandbox, Builders.Bob) && r.Revision == 2 && r.SubjectId == 9);
        policy.ForAsk(review with { Sequence = 3 }, incident, Builders.Bob, now).Select(r => r.DedupeKey).ShouldBe([$"ask:9:3:{Builders.Bob.Id}", $"ask-expired:9:3:{Builders.Bob.Id}"]);
        policy.ForAsk(review, incident, Builders.Bob, review.At).Select(r => r.Kind).ShouldBe([ReminderKind.FacilitatorAsk]);
    }

    [Theory]
    [InlineData("still asked", null)]
    [InlineData("handed on by an earlier run", null)]
    [InlineData("accepted", "they accepted")]
    [InlineData("someone else accepted", "someone else facilitates now")]
    [InlineData("someone else asked", "someone else is asked now")]
    [InlineData("moved", "the review was moved since")]
    [InlineData("cancelled", "the review was cancelled")]
    [InlineData("held", "the review has been held")]
    [InlineData("started", "the review has started")]
    public void An_expiry_applies_only_while_the_same_person_is_asked_about_the_same_booking(string state, string? skipReason)
    {
        var incident = Builders.AnIncident() with { Id = 1 };
        var asked = Instant("2026-11-23T10:00:00Z");
        var booked = AReview(At: Instant("2026-11-24T10:00:00Z")) with { Facilitator = Builders.Bob, FacilitatorState = FacilitatorState.Asked };
        var policy = Policy("UTC");
        var expiry = policy.ForAsk(booked, incident, Builders.Bob, asked).Single(r => r.Kind == ReminderKind.FacilitatorAskExpired);
        var now = expiry.DueAt;
        var erin = new Person("U-ERIN", "erin");
        var (review, passed) = state switch
        {
            "handed on by an earlier run" => (booked with { Facilitator = erin }, new[] { Builders.Bob.Id }),
            "accepted" => (booked with { FacilitatorState = FacilitatorState.Accepted }, []),
            "someone else accepted" => (booked with { Facilitator = erin, FacilitatorState = FacilitatorState.Accepted }, []),
            "someone else asked" => (booked with { Facilitator = erin }, []),
            "moved" => (booked with { Sequence = 3 }, []),
            "cancelled" => (booked with { CancelledAt = now }, []),
            "held" => (booked with { DoneAt = now }, []),
            "started" => (booked with { At = now }, []),
            _ => (booked, Array.Empty<string>()),
        };
        var subject = new ReminderSubject(incident, review, null, new HashSet<string>(StringComparer.Ordinal), []) { Passed = passed.ToHashSet(StringComparer.Ordinal) };

        var decision = policy.Decide(expiry, subject, now);

        (decision.Send, decision.SkipReason).ShouldBe((skipReason is null, skipReason));
    }

    private static DateTimeOffset Instant(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static Review AReview(DateTimeOffset At) => new()
    {
        Id = 9,
        Workspace = Builders.WorkspaceKey,
        IncidentId = 1,
        At = At,
        Duration = TimeSpan.FromHours(1),
        Sequence = 2,
        BookedBy = Builders.Alice,
    };
}
