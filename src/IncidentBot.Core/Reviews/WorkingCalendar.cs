using IncidentBot.Core.Incidents;

namespace IncidentBot.Core.Reviews;

/// <summary>
/// Working days and hours in the workspace's zone. All arithmetic is on local dates and wall-clock times, turned
/// into instants only at the end, so a daylight-saving change never shifts a booking or a reminder by an hour:
/// 09:00 stays 09:00 on both sides of the change, and a wall-clock time the clocks skip is never produced.
/// </summary>
public sealed class WorkingCalendar
{
    private readonly HashSet<DayOfWeek> _days;

    public WorkingCalendar(WorkspaceClock clock, TimeOnly workdayStart, TimeOnly workdayEnd, IEnumerable<DayOfWeek> workingDays)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (workdayEnd <= workdayStart)
        {
            throw new ArgumentException("The working day must end after it starts.", nameof(workdayEnd));
        }

        Clock = clock;
        WorkdayStart = workdayStart;
        WorkdayEnd = workdayEnd;
        _days = [.. workingDays];
        if (_days.Count == 0)
        {
            throw new ArgumentException("At least one working day is needed.", nameof(workingDays));
        }
    }

    public WorkspaceClock Clock { get; }
    public TimeOnly WorkdayStart { get; }
    public TimeOnly WorkdayEnd { get; }

    public static WorkingCalendar From(WorkspaceClock clock, ReviewOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new WorkingCalendar(clock, TimeOnly.FromTimeSpan(options.WorkdayStart), TimeOnly.FromTimeSpan(options.WorkdayEnd), options.EffectiveWorkingDays);
    }

    public bool IsWorkingDay(DateOnly date) => _days.Contains(date.DayOfWeek);

    public DateOnly Today(DateTimeOffset now) => Clock.LocalDate(now);

    /// <summary>The first working day on or after <paramref name="date"/>.</summary>
    public DateOnly WorkingDayOnOrAfter(DateOnly date)
    {
        while (!IsWorkingDay(date))
        {
            date = date.AddDays(1);
        }

        return date;
    }

    /// <summary>The last working day on or before <paramref name="date"/>.</summary>
    public DateOnly WorkingDayOnOrBefore(DateOnly date)
    {
        while (!IsWorkingDay(date))
        {
            date = date.AddDays(-1);
        }

        return date;
    }

    /// <summary><paramref name="at"/>'s local wall-clock time on <paramref name="date"/> (moved forward if the clocks skip it there).</summary>
    public DateTimeOffset SameTimeOn(DateOnly date, DateTimeOffset at) => InstantOf(date, TimeOnly.FromDateTime(Clock.LocalDateTime(at)));

    /// <summary><paramref name="at"/> when it falls in working hours, else the start of the next working day's hours.</summary>
    public DateTimeOffset WorkingMomentOnOrAfter(DateTimeOffset at)
    {
        if (IsInWorkingHours(at, TimeSpan.Zero))
        {
            return at;
        }

        var local = Clock.LocalDateTime(at);
        var date = DateOnly.FromDateTime(local);
        var day = IsWorkingDay(date) && TimeOnly.FromDateTime(local) < WorkdayStart ? date : WorkingDayOnOrAfter(date.AddDays(1));
        return InstantOf(day, WorkdayStart);
    }

    /// <summary><paramref name="at"/> when it falls in working hours, else the end of the last working day's hours before it.</summary>
    public DateTimeOffset WorkingMomentOnOrBefore(DateTimeOffset at)
    {
        if (IsInWorkingHours(at, TimeSpan.Zero))
        {
            return at;
        }

        var local = Clock.LocalDateTime(at);
        var date = DateOnly.FromDateTime(local);
        var day = IsWorkingDay(date) && TimeOnly.FromDateTime(local) > WorkdayEnd ? date : WorkingDayOnOrBefore(date.AddDays(-1));
        return EndOfWorkday(day);
    }

    /// <summary><paramref name="count"/> working days after <paramref name="date"/> (which need not be one itself).</summary>
    public DateOnly AddWorkingDays(DateOnly date, int count)
    {
        for (var added = 0; added < count;)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date))
            {
                added++;
            }
        }

        return date;
    }

    /// <summary>The instant of a wall-clock time; a time the clocks skipped moves forward to the first one that exists.</summary>
    public DateTimeOffset InstantOf(DateOnly date, TimeOnly time)
    {
        // Clocks skip at most a few hours (usually one), so a bounded walk finds the first time that exists.
        var local = date.ToDateTime(time);
        for (var minutes = 0; minutes <= 24 * 60; minutes++)
        {
            var probe = local.AddMinutes(minutes);
            if (Clock.InstantOf(DateOnly.FromDateTime(probe), TimeOnly.FromDateTime(probe)) is { } instant)
            {
                return instant;
            }
        }

        throw new InvalidOperationException($"No wall-clock time after {local:O} exists in {Clock.ZoneName}.");
    }

    /// <summary>The end of the working day on <paramref name="date"/>.</summary>
    public DateTimeOffset EndOfWorkday(DateOnly date) => InstantOf(date, WorkdayEnd);

    /// <summary>
    /// The first start at or after <paramref name="earliest"/> on a working day, on a <paramref name="step"/> boundary
    /// of the local clock (10:00, 10:30 …), where a meeting of <paramref name="duration"/> fits inside working hours.
    /// Wall-clock times the clocks skip are never chosen. Null when none starts by <paramref name="latest"/>.
    /// </summary>
    public DateTimeOffset? FirstSlot(DateTimeOffset earliest, DateTimeOffset latest, TimeSpan duration, TimeSpan step)
    {
        var date = Clock.LocalDate(earliest);
        var lastDate = Clock.LocalDate(latest);
        for (; date <= lastDate; date = date.AddDays(1))
        {
            if (!IsWorkingDay(date))
            {
                continue;
            }

            for (var offset = WorkdayStart.ToTimeSpan(); offset + duration <= WorkdayEnd.ToTimeSpan(); offset += step)
            {
                var time = TimeOnly.FromTimeSpan(offset);
                if (Clock.InstantOf(date, time) is not { } start || start < earliest || start > latest)
                {
                    continue;
                }

                // The meeting ends inside the same working day in wall-clock terms, whatever the clocks did.
                var end = Clock.LocalDateTime(start + duration);
                if (DateOnly.FromDateTime(end) == date && TimeOnly.FromDateTime(end) <= WorkdayEnd)
                {
                    return start;
                }
            }
        }

        return null;
    }

    /// <summary>True when the whole meeting lies inside working hours of a working day.</summary>
    public bool IsInWorkingHours(DateTimeOffset start, TimeSpan duration)
    {
        var local = Clock.LocalDateTime(start);
        var end = Clock.LocalDateTime(start + duration);
        var date = DateOnly.FromDateTime(local);
        return IsWorkingDay(date)
            && DateOnly.FromDateTime(end) == date
            && TimeOnly.FromDateTime(local) >= WorkdayStart
            && TimeOnly.FromDateTime(end) <= WorkdayEnd;
    }
}
