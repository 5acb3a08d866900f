using System.Globalization;
using IncidentBot.Core.Incidents;

namespace IncidentBot.Core.Reviews;

/// <summary>A chosen review start, or why none could be chosen, and what people should know about the choice.</summary>
public sealed record ReviewTime(DateTimeOffset? At, string? Error, IReadOnlyList<string> Notes)
{
    public static ReviewTime Failed(string error) => new(null, error, []);

    public static ReviewTime Chosen(DateTimeOffset at, params string[] notes) => new(at, null, notes);
}

/// <summary>
/// Turns <c>/postmortem schedule &lt;when&gt;</c> into an instant, in the workspace's zone and working hours. Pure:
/// the clock is an argument.
/// </summary>
public sealed class ReviewTimes(WorkingCalendar calendar, ReviewOptions options)
{
    /// <summary>Slots start on the hour or half hour.</summary>
    public static readonly TimeSpan SlotStep = TimeSpan.FromMinutes(30);

    /// <summary>A review booked for a given day or with <c>auto</c> starts at least this far ahead.</summary>
    public static readonly TimeSpan ShortestNotice = TimeSpan.FromMinutes(30);

    /// <summary>Nothing is booked further ahead than this.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(366);

    private WorkspaceClock Clock => calendar.Clock;

    private TimeSpan Duration => options.ReviewDuration;

    /// <summary>The latest start that meets the severity's deadline, counted from <paramref name="since"/> (the resolution).</summary>
    public DateTimeOffset Deadline(Severity severity, DateTimeOffset since)
    {
        var deadline = options.DeadlineFor(severity);
        var from = Clock.LocalDate(since);
        var day = deadline.BusinessDays ? calendar.AddWorkingDays(from, deadline.Days) : from.AddDays(deadline.Days);
        return calendar.EndOfWorkday(day) - Duration;
    }

    /// <summary>
    /// <c>auto</c>: the first working-hours slot that leaves <see cref="ReviewOptions.MinimumNotice"/> for people to
    /// write their accounts and meets the deadline; with no such slot, the first slot before the deadline at all;
    /// with none of those either (the deadline has passed), the first slot with notice, and a note saying so.
    /// </summary>
    public ReviewTime Auto(Severity severity, DateTimeOffset since, DateTimeOffset now)
    {
        var latest = Deadline(severity, since);
        var soonest = now + ShortestNotice;
        var withNotice = now + (options.MinimumNotice > ShortestNotice ? options.MinimumNotice : ShortestNotice);
        var rule = $"{IncidentLifecycle.Name(severity)} reviews meet within {options.DeadlineFor(severity)} of resolution";
        if (calendar.FirstSlot(withNotice, latest, Duration, SlotStep) is { } comfortable)
        {
            return ReviewTime.Chosen(comfortable, $"{rule}: by {Clock.Format(latest + Duration, withDate: true)}.");
        }

        if (calendar.FirstSlot(soonest, latest, Duration, SlotStep) is { } tight)
        {
            return ReviewTime.Chosen(tight, $"{rule}: by {Clock.Format(latest + Duration, withDate: true)}, which leaves less than {Hours(options.MinimumNotice)} to prepare.");
        }

        return calendar.FirstSlot(withNotice, now + Horizon, Duration, SlotStep) is { } late
            ? ReviewTime.Chosen(late, $"{rule}: that was {Clock.Format(latest + Duration, withDate: true)}, so this is the first slot now.")
            : ReviewTime.Failed("There is no working-hours slot in the next year; check Reviews:WorkingDays and the working hours.");
    }

    /// <summary>An explicit time: refuses the past, wall-clock times the clocks skip, and anything more than a year ahead.</summary>
    public ReviewTime Resolve(ReviewWhen when, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(when);
        if (when.From is { } from)
        {
            var at = now + from;
            return ReviewTime.Chosen(at.AddTicks(-(at.UtcTicks % TimeSpan.TicksPerMinute)), WorkingHoursNote(at));
        }

        var today = calendar.Today(now);
        if (when.Day is null)
        {
            var at = Clock.InstantOf(today, when.Time!.Value);
            if (at is null)
            {
                return ReviewTime.Failed($"{When(today, when.Time.Value)} doesn't exist in {Clock.ZoneName}: the clocks skip it.");
            }

            return at <= now
                ? ReviewTime.Failed($"{Time(when.Time.Value)} today has passed (it's {Clock.Format(now, withDate: false)} in {Clock.ZoneName}). Did you mean tomorrow {Time(when.Time.Value)}?")
                : ReviewTime.Chosen(at.Value, WorkingHoursNote(at.Value));
        }

        var date = when.Day.Resolve(today);
        if (date < today)
        {
            var typed = when.Time is { } at ? When(date, at) : Day(date);
            return ReviewTime.Failed($"{typed} is in the past (it's {Clock.Format(now, withDate: true)} in {Clock.ZoneName} now).");
        }

        if (date.ToDateTime(TimeOnly.MinValue) - today.ToDateTime(TimeOnly.MinValue) > Horizon)
        {
            return ReviewTime.Failed($"{Day(date)} is more than a year ahead; book something closer.");
        }

        return when.Time is { } time ? OnDayAt(date, time, now) : OnDay(when.Day, date, now);
    }

    private ReviewTime OnDayAt(DateOnly date, TimeOnly time, DateTimeOffset now)
    {
        if (Clock.InstantOf(date, time) is not { } at)
        {
            return ReviewTime.Failed($"{When(date, time)} doesn't exist in {Clock.ZoneName}: the clocks skip it.");
        }

        return at <= now
            ? ReviewTime.Failed($"{When(date, time)} is in the past (it's {Clock.Format(now, withDate: true)} in {Clock.ZoneName} now).")
            : ReviewTime.Chosen(at, WorkingHoursNote(at));
    }

    /// <summary>
    /// A day without a time: the current time of day (to the next half hour) when it falls in working hours, as
    /// <c>in 3 days</c> suggests; otherwise the day's first working-hours slot. A day off moves to the next working day.
    /// </summary>
    private ReviewTime OnDay(DateSpec spec, DateOnly date, DateTimeOffset now)
    {
        var notes = new List<string>();
        var working = calendar.WorkingDayOnOrAfter(date);
        if (working != date)
        {
            notes.Add($"{date.ToString("dddd yyyy-MM-dd", CultureInfo.InvariantCulture)} isn't a working day, so this is the next one.");
        }

        var earliest = now + ShortestNotice;
        if (spec.Kind is DateSpecKind.InDays or DateSpecKind.InWeeks or DateSpecKind.InMonths)
        {
            var sameTime = Clock.LocalDateTime(now);
            var rounded = TimeOnly.FromDateTime(sameTime).Add(TimeSpan.FromMinutes((30 - (sameTime.Minute % 30)) % 30));
            if (Clock.InstantOf(working, rounded) is { } candidate && candidate >= earliest && calendar.IsInWorkingHours(candidate, Duration))
            {
                return new ReviewTime(candidate, null, notes);
            }
        }

        var dayStart = calendar.InstantOf(working, TimeOnly.MinValue);
        var from = dayStart > earliest ? dayStart : earliest;
        var slot = calendar.FirstSlot(from, calendar.EndOfWorkday(working), Duration, SlotStep)
            ?? calendar.FirstSlot(from, now + Horizon, Duration, SlotStep);
        if (slot is null)
        {
            return ReviewTime.Failed("There is no working-hours slot in the next year; check Reviews:WorkingDays and the working hours.");
        }

        if (Clock.LocalDate(slot.Value) != working)
        {
            notes.Add("No time is left that day, so this is the next working-hours slot.");
        }

        return new ReviewTime(slot, null, notes);
    }

    private string[] WorkingHoursNote(DateTimeOffset at) =>
        calendar.IsInWorkingHours(at, Duration)
            ? []
            : [$"That is outside working hours ({Time(calendar.WorkdayStart)}–{Time(calendar.WorkdayEnd)} on working days); the bot booked it as asked."];

    private static string When(DateOnly date, TimeOnly time) => string.Create(CultureInfo.InvariantCulture, $"{date:yyyy-MM-dd} {time:HH\\:mm}");

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(TimeOnly time) => time.ToString("HH\\:mm", CultureInfo.InvariantCulture);

    private static string Hours(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#} h");
}
