using System.Globalization;

namespace IncidentBot.Storage;

/// <summary>
/// How instants are stored: in UTC, to the microsecond (PostgreSQL's timestamptz precision, and finer than
/// any chat platform's timestamps), so that every dialect and the in-memory fake give back the same value.
/// In SQLite the text form is round-trip ISO-8601, fixed width (seven fraction digits, <c>+00:00</c>), so
/// comparing the text compares the instants and <c>ORDER BY</c> works.
/// </summary>
internal static class UtcInstant
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'+00:00'";
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMicrosecond;

    public static DateTimeOffset Normalize(DateTimeOffset instant)
    {
        var ticks = instant.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TicksPerMicrosecond), TimeSpan.Zero);
    }

    public static DateTimeOffset? Normalize(DateTimeOffset? instant) => instant is { } value ? Normalize(value) : null;

    public static string ToText(DateTimeOffset instant) =>
        Normalize(instant).UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset FromText(string text) =>
        DateTimeOffset.ParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();
}
