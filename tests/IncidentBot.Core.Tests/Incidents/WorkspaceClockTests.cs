using IncidentBot.Core.Commands.Parsing;
using IncidentBot.Core.Incidents;

namespace IncidentBot.Core.Tests.Incidents;

public sealed class WorkspaceClockTests
{
    private static readonly WorkspaceClock Berlin = WorkspaceClock.For("Europe/Berlin");

    private static LocalTimeSpec At(int hour, int minute, DateOnly? date = null) => new(date, new TimeOnly(hour, minute));

    [Fact]
    public void A_bare_time_means_today_in_the_workspace_zone()
    {
        // 13:00 UTC is 14:00 in Berlin in November.
        var now = new DateTimeOffset(2026, 11, 21, 13, 0, 0, TimeSpan.Zero);
        var resolved = Berlin.Resolve(At(13, 5), now);
        resolved.Instant.ShouldBe(new DateTimeOffset(2026, 11, 21, 12, 5, 0, TimeSpan.Zero));
        resolved.OnAnotherDay.ShouldBeFalse();
    }

    [Fact]
    public void A_bare_time_later_than_now_means_yesterday()
    {
        // 00:10 in Berlin; "23:50" was ten minutes ago.
        var now = new DateTimeOffset(2026, 11, 20, 23, 10, 0, TimeSpan.Zero);
        var resolved = Berlin.Resolve(At(23, 50), now);
        resolved.Instant.ShouldBe(new DateTimeOffset(2026, 11, 20, 22, 50, 0, TimeSpan.Zero));
        resolved.OnAnotherDay.ShouldBeTrue();
    }

    [Fact]
    public void A_full_date_in_the_future_is_refused()
    {
        var now = new DateTimeOffset(2026, 11, 21, 13, 0, 0, TimeSpan.Zero);
        var resolved = Berlin.Resolve(At(9, 0, new DateOnly(2026, 11, 22)), now);
        resolved.Instant.ShouldBeNull();
        resolved.Error.ShouldBe("2026-11-22 09:00 is in the future (it's 2026-11-21 14:00 in Europe/Berlin now).");
    }

    [Fact]
    public void A_time_the_clocks_skipped_is_refused()
    {
        // Berlin jumps from 02:00 to 03:00 on 2026-03-29.
        var now = new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);
        var resolved = Berlin.Resolve(At(2, 30, new DateOnly(2026, 3, 29)), now);
        resolved.Error.ShouldBe("2026-03-29 02:30 doesn't exist in Europe/Berlin: the clocks skipped it.");
    }

    [Fact]
    public void An_ambiguous_time_is_its_first_occurrence()
    {
        // Berlin goes back from 03:00 CEST to 02:00 CET on 2026-10-25: 02:30 happens twice.
        var now = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var resolved = Berlin.Resolve(At(2, 30, new DateOnly(2026, 10, 25)), now);
        resolved.Instant.ShouldBe(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Instants_are_shown_in_the_workspace_zone()
    {
        var instant = new DateTimeOffset(2026, 7, 1, 22, 30, 0, TimeSpan.Zero);
        Berlin.Format(instant, withDate: false).ShouldBe("00:30");
        Berlin.Format(instant, withDate: true).ShouldBe("2026-07-02 00:30");
        Berlin.LocalDate(instant).ShouldBe(new DateOnly(2026, 7, 2));
    }
}
