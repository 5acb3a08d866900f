using IncidentBot.Core.Incidents;
using IncidentBot.Core.Reviews;

namespace IncidentBot.Core.Tests.Reviews;

/// <summary>When reviews meet: <c>auto</c> by severity deadline in working hours, and explicit times, in the workspace zone.</summary>
public sealed class ReviewTimesTests
{
    // 2026-11-20 is a Friday.
    private static readonly DateTimeOffset FridayEvening = new(2026, 11, 20, 16, 0, 0, TimeSpan.Zero);

    private static ReviewTimes Times(string zone = "UTC", ReviewOptions? options = null)
    {
        options ??= new ReviewOptions();
        return new ReviewTimes(WorkingCalendar.From(WorkspaceClock.For(zone), options), options);
    }

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(Severity.Sev1, 11, 23)] // 3 calendar days: Monday
    [InlineData(Severity.Sev2, 11, 27)] // 5 business days: the weekend does not count
    [InlineData(Severity.Sev3, 12, 4)]  // 10 business days
    [InlineData(Severity.Sev4, 12, 4)]
    public void Deadlines_count_calendar_or_business_days_from_resolution_to_the_end_of_that_working_day(Severity severity, int month, int day)
    {
        Times().Deadline(severity, FridayEvening).ShouldBe(Utc(month, day, 16)); // the last start that ends by 17:00
    }

    [Theory]
    [InlineData(Severity.Sev1)]
    [InlineData(Severity.Sev2)]
    [InlineData(Severity.Sev3)]
    public void Auto_after_a_friday_evening_resolution_books_monday_morning_not_the_weekend(Severity severity)
    {
        var chosen = Times().Auto(severity, FridayEvening, FridayEvening);

        chosen.Error.ShouldBeNull();
        chosen.At.ShouldBe(Utc(11, 23, 9));
        chosen.Notes.ShouldHaveSingleItem().ShouldContain($"{IncidentLifecycle.Name(severity)} reviews meet within");
    }

    [Fact]
    public void Auto_leaves_a_day_to_prepare_when_the_deadline_allows()
    {
        var tuesdayMorning = Utc(11, 17, 10, 7);

        Times().Auto(Severity.Sev2, tuesdayMorning, tuesdayMorning).At.ShouldBe(Utc(11, 18, 10, 30));
    }

    [Fact]
    public void Auto_for_a_sev1_books_sooner_than_a_day_ahead_when_the_deadline_is_the_weekend()
    {
        // Resolved Thursday 18:00: three calendar days end on Sunday, so Friday is the only working day left.
        var thursdayEvening = Utc(11, 19, 18);

        var chosen = Times().Auto(Severity.Sev1, thursdayEvening, thursdayEvening);

        chosen.At.ShouldBe(Utc(11, 20, 9));
        chosen.Notes.Single().ShouldContain("less than 24 h to prepare");
    }

    [Fact]
    public void Auto_after_the_deadline_has_passed_books_the_next_slot_and_says_so()
    {
        var resolvedLongAgo = Utc(11, 2, 12);
        var now = Utc(11, 17, 10);

        var chosen = Times().Auto(Severity.Sev2, resolvedLongAgo, now);

        chosen.At.ShouldBe(Utc(11, 18, 10));
        chosen.Notes.Single().ShouldContain("so this is the first slot now");
    }

    [Fact]
    public void Auto_keeps_nine_oclock_local_across_the_autumn_clock_change()
    {
        // Berlin leaves summer time on Sunday 2026-10-25: Friday is UTC+2, Monday is UTC+1.
        var fridayBerlin = new DateTimeOffset(2026, 10, 23, 17, 30, 0, TimeSpan.FromHours(2));

        var chosen = Times("Europe/Berlin").Auto(Severity.Sev1, fridayBerlin, fridayBerlin);

        chosen.At.ShouldBe(new DateTimeOffset(2026, 10, 26, 9, 0, 0, TimeSpan.FromHours(1)));
        chosen.At!.Value.UtcDateTime.Hour.ShouldBe(8);
    }

    [Fact]
    public void Working_hours_follow_the_workspace_zone()
    {
        // 16:00 UTC on a Friday is 11:00 in New York: a slot today still has a day's notice only on Monday.
        var now = FridayEvening;
        var options = new ReviewOptions { MinimumNotice = TimeSpan.FromHours(2) };

        var chosen = Times("America/New_York", options).Auto(Severity.Sev1, now, now);

        chosen.At.ShouldBe(new DateTimeOffset(2026, 11, 20, 13, 0, 0, TimeSpan.FromHours(-5)));
    }

    [Fact]
    public void Configured_working_days_and_hours_are_respected()
    {
        var options = new ReviewOptions
        {
            WorkdayStart = TimeSpan.FromHours(10),
            WorkdayEnd = TimeSpan.FromHours(14),
            WorkingDays = [DayOfWeek.Tuesday, DayOfWeek.Thursday],
        };

        var chosen = Times(options: options).Auto(Severity.Sev3, FridayEvening, FridayEvening);

        chosen.At.ShouldBe(Utc(11, 24, 10));
    }

    [Fact]
    public void An_explicit_time_is_taken_in_the_workspace_zone()
    {
        var now = new DateTimeOffset(2026, 11, 17, 15, 0, 0, TimeSpan.Zero); // Tuesday, 10:00 in New York

        var chosen = Times("America/New_York").Resolve(When("tomorrow 15:00"), now);

        chosen.At.ShouldBe(new DateTimeOffset(2026, 11, 18, 15, 0, 0, TimeSpan.FromHours(-5)));
        chosen.Notes.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("2026-11-16 10:00", "is in the past")]
    [InlineData("09:00", "today has passed")]
    [InlineData("2028-01-10 10:00", "more than a year ahead")]
    public void The_past_and_the_far_future_are_refused(string when, string message)
    {
        var tuesday = Utc(11, 17, 10);

        var chosen = Times().Resolve(When(when), tuesday);

        chosen.At.ShouldBeNull();
        chosen.Error.ShouldNotBeNull().ShouldContain(message);
    }

    [Fact]
    public void A_time_the_clocks_skip_is_refused()
    {
        var before = new DateTimeOffset(2026, 3, 20, 12, 0, 0, TimeSpan.Zero);

        var chosen = Times("Europe/Berlin").Resolve(When("2026-03-29 02:30"), before);

        chosen.Error.ShouldBe("2026-03-29 02:30 doesn't exist in Europe/Berlin: the clocks skip it.");
    }

    [Fact]
    public void A_time_outside_working_hours_is_booked_as_asked_with_a_note()
    {
        var chosen = Times().Resolve(When("2026-11-21 10:00"), Utc(11, 17, 10));

        chosen.At.ShouldBe(Utc(11, 21, 10));
        chosen.Notes.Single().ShouldContain("outside working hours");
    }

    [Fact]
    public void In_three_days_keeps_the_time_of_day_and_moves_off_the_weekend()
    {
        var wednesday = Utc(11, 18, 10, 10);

        Times().Resolve(When("in 3 days"), wednesday).ShouldSatisfyAllConditions(
            r => r.At.ShouldBe(Utc(11, 23, 10, 30)),
            r => r.Notes.Single().ShouldContain("isn't a working day"));
        Times().Resolve(When("in 1 days"), Utc(11, 17, 18)).At.ShouldBe(Utc(11, 18, 9)); // 18:30 is after hours: the day's first slot
    }

    [Fact]
    public void A_day_alone_is_its_first_free_slot_and_today_is_later_today()
    {
        Times().Resolve(When("friday"), Utc(11, 17, 10)).At.ShouldBe(Utc(11, 20, 9));
        Times().Resolve(When("today"), Utc(11, 17, 10, 10)).At.ShouldBe(Utc(11, 17, 11));
        Times().Resolve(When("today"), Utc(11, 17, 16, 30)).ShouldSatisfyAllConditions(
            r => r.At.ShouldBe(Utc(11, 18, 9)),
            r => r.Notes.Single().ShouldContain("No time is left that day"));
    }

    [Fact]
    public void In_two_hours_is_exact_to_the_minute()
    {
        Times().Resolve(When("in 2 hours"), Utc(11, 17, 10, 7).AddSeconds(42)).At.ShouldBe(Utc(11, 17, 12, 7));
    }

    private static ReviewWhen When(string text)
    {
        var (when, error) = ReviewCommandParser.ParseWhen([.. text.Split(' ')]);
        error.ShouldBeNull();
        return when!;
    }
}
