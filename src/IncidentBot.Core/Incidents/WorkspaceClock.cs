using System.Globalization;
using IncidentBot.Core.Commands.Parsing;

namespace IncidentBot.Core.Incidents;

/// <summary>Turns typed wall-clock times into instants and instants into what people read, in the workspace's zone.</summary>
public sealed class WorkspaceClock(TimeZoneInfo zone)
{
    public TimeZoneInfo Zone { get; } = zone;

    public string ZoneName => Zone.Id;

    /// <summary>
    /// The instant a typed time means. A bare <c>HH:MM</c> is the most recent such moment (so at 00:10,
    /// <c>23:50</c> means yesterday); a full date that lies in the future, or a time the clocks skipped, is refused.
    /// An ambiguous time (clocks turned back) is taken as its first occurrence.
    /// </summary>
    public TimeResolution Resolve(LocalTimeSpec spec, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone).DateTime);
        if (spec.Date is { } date)
        {
            var instant = ToInstant(date, spec.Time);
            if (instant is null)
            {
                return TimeResolution.Failed($"{spec} doesn't exist in {ZoneName}: the clocks skipped it.");
            }

            return instant > now
                ? TimeResolution.Failed($"{spec} is in the future (it's {Format(now, withDate: true)} in {ZoneName} now).")
                : TimeResolution.At(instant.Value, onAnotherDay: date != today);
        }

        var sameDay = ToInstant(today, spec.Time);
        if (sameDay is { } candidate && candidate <= now)
        {
            return TimeResolution.At(candidate, onAnotherDay: false);
        }

        var yesterday = ToInstant(today.AddDays(-1), spec.Time);
        return yesterday is null
            ? TimeResolution.Failed($"{spec} yesterday doesn't exist in {ZoneName}: the clocks skipped it.")
            : TimeResolution.At(yesterday.Value, onAnotherDay: true);
    }

    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>The wall-clock date and time at <paramref name="instant"/> in this zone.</summary>
    public DateTime LocalDateTime(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;

    /// <summary>
    /// The instant a wall-clock time on a date means here; null when the clocks skipped it (spring forward).
    /// An ambiguous time (clocks turned back) is its first occurrence.
    /// </summary>
    public DateTimeOffset? InstantOf(DateOnly date, TimeOnly time) => ToInstant(date, time);

    public string Format(DateTimeOffset instant, bool withDate)
    {
        var local = TimeZoneInfo.ConvertTime(instant, Zone);
        return local.ToString(withDate ? "yyyy-MM-dd HH:mm" : "HH:mm", CultureInfo.InvariantCulture);
    }

    private DateTimeOffset? ToInstant(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            return null;
        }

        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>The zone named in options; the host validates it at start-up.</summary>
    public static WorkspaceClock For(string timeZoneId) => new(TimeZoneInfo.FindSystemTimeZoneById(timeZoneId));
}

public sealed record TimeResolution(DateTimeOffset? Instant, bool OnAnotherDay, string? Error)
{
    public static TimeResolution At(DateTimeOffset instant, bool onAnotherDay) => new(instant, onAnotherDay, null);

    public static TimeResolution Failed(string error) => new(null, false, error);
}
