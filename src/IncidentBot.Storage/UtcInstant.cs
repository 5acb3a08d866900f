using System.Globalization;

namespace IncidentBot.Storage;

/// <summary>
/// The text form of an instant in SQLite: round-trip ISO-8601, always UTC. Fixed width (seven fraction
/// digits, <c>+00:00</c>), so comparing the text compares the instants and <c>ORDER BY</c> works.
/// </summary>
internal static class UtcInstant
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'+00:00'";

    public static string ToText(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset FromText(string text) =>
        DateTimeOffset.ParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();
}
