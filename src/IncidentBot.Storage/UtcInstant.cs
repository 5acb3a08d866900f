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
    /// <summary><c>yyyy-MM-ddTHH:mm:ss.fffffff+00:00</c>.</summary>
    private const int TextLength = 33;
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMicrosecond;

    public static DateTimeOffset Normalize(DateTimeOffset instant)
    {
        var ticks = instant.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TicksPerMicrosecond), TimeSpan.Zero);
    }

    public static DateTimeOffset? Normalize(DateTimeOffset? instant) => instant is { } value ? Normalize(value) : null;

    public static string ToText(DateTimeOffset instant) =>
        string.Create(TextLength, Normalize(instant).UtcDateTime, static (text, utc) =>
        {
            // The round-trip format has a fast path of its own (every stored row formats two or more instants); it ends
            // a UTC time with 'Z', which the stored form spells +00:00.
            if (!utc.TryFormat(text, out var written, "O", CultureInfo.InvariantCulture) || written != TextLength - 5)
            {
                throw new FormatException($"The round-trip form of {utc.Ticks} ticks is not {TextLength - 5} characters.");
            }

            "+00:00".CopyTo(text[(TextLength - 6)..]);
        });

    public static DateTimeOffset FromText(string text) =>
        DateTimeOffset.ParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();
}
