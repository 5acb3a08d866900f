using System.Globalization;

namespace IncidentBot.Core.Reviews;

public enum DateSpecKind
{
    /// <summary><c>2026-11-25</c>.</summary>
    Absolute,
    Today,
    Tomorrow,

    /// <summary><c>friday</c> or <c>next friday</c>: the next such day after today.</summary>
    Weekday,

    /// <summary><c>in 3 days</c>, <c>3d</c>.</summary>
    InDays,

    /// <summary><c>in 2 weeks</c>, <c>2w</c>.</summary>
    InWeeks,

    /// <summary><c>in 1 month</c>: the same day of the month (or the month's last day).</summary>
    InMonths,
}

/// <summary>A day as typed, resolved against the workspace's local date when the command runs.</summary>
public sealed record DateSpec(DateSpecKind Kind, DateOnly? Date = null, int Amount = 0, DayOfWeek? Weekday = null)
{
    public static DateSpec On(DateOnly date) => new(DateSpecKind.Absolute, Date: date);

    public DateOnly Resolve(DateOnly today) => Kind switch
    {
        DateSpecKind.Absolute => Date!.Value,
        DateSpecKind.Today => today,
        DateSpecKind.Tomorrow => today.AddDays(1),
        DateSpecKind.Weekday => NextWeekday(today, Weekday!.Value),
        DateSpecKind.InDays => today.AddDays(Amount),
        DateSpecKind.InWeeks => today.AddDays(7 * Amount),
        _ => today.AddMonths(Amount),
    };

    /// <summary>How it reads when typed: <c>2026-11-25</c>, <c>tomorrow</c>, <c>friday</c>, <c>in 3 days</c>.</summary>
    public override string ToString() => Kind switch
    {
        DateSpecKind.Absolute => Date!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateSpecKind.Today => "today",
        DateSpecKind.Tomorrow => "tomorrow",
        DateSpecKind.Weekday => Weekday!.Value.ToString().ToLowerInvariant(),
        DateSpecKind.InDays => In("day"),
        DateSpecKind.InWeeks => In("week"),
        _ => In("month"),
    };

    private string In(string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"in {Amount} {unit}{(Amount == 1 ? "" : "s")}");

    private static DateOnly NextWeekday(DateOnly today, DayOfWeek day)
    {
        var ahead = ((int)day - (int)today.DayOfWeek + 7) % 7;
        return today.AddDays(ahead == 0 ? 7 : ahead);
    }
}

/// <summary>
/// When to hold a review, as typed after <c>/postmortem schedule</c>: <c>auto</c>, <c>tomorrow 15:00</c>,
/// <c>2026-11-25 10:00</c>, <c>friday</c>, <c>in 3 days</c>, <c>in 2 hours</c>.
/// </summary>
/// <param name="Day">The day; null with only a time (today) or with <paramref name="From"/>.</param>
/// <param name="Time">The wall-clock time; null means "the first working-hours slot that day".</param>
/// <param name="From">An offset from now (<c>in 2 hours</c>), exact to the minute.</param>
public sealed record ReviewWhen(bool Auto, DateSpec? Day, TimeOnly? Time, TimeSpan? From)
{
    public static readonly ReviewWhen Automatic = new(true, null, null, null);

    public override string ToString()
    {
        if (Auto)
        {
            return "auto";
        }

        if (From is { } from)
        {
            return from.TotalHours >= 1 && from.Minutes == 0
                ? string.Create(CultureInfo.InvariantCulture, $"in {(int)from.TotalHours} hour{((int)from.TotalHours == 1 ? "" : "s")}")
                : string.Create(CultureInfo.InvariantCulture, $"in {(int)from.TotalMinutes} minutes");
        }

        var time = Time?.ToString("HH:mm", CultureInfo.InvariantCulture);
        return Day is null ? time ?? "" : time is null ? Day.ToString() : $"{Day} {time}";
    }
}
