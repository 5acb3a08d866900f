using System.Globalization;

namespace IncidentBot.Slack.Inbound;

/// <summary>
/// Slack message timestamps (<c>ts</c>): decimal Unix seconds with up to six fractional digits
/// (<c>1663966382.046509</c>), unique per channel. Converted exactly, to the microsecond.
/// </summary>
internal static class SlackTimestamp
{
    private const int MaxFractionDigits = 6;

    public static bool TryParse(string? ts, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrEmpty(ts))
        {
            return false;
        }

        var dot = ts.IndexOf('.', StringComparison.Ordinal);
        var wholePart = dot < 0 ? ts.AsSpan() : ts.AsSpan(0, dot);
        var fractionPart = dot < 0 ? [] : ts.AsSpan(dot + 1);
        if (wholePart.IsEmpty || fractionPart.Length > MaxFractionDigits || (dot >= 0 && fractionPart.IsEmpty)
            || !long.TryParse(wholePart, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds() - 1)
        {
            return false;
        }

        long micros = 0;
        if (!fractionPart.IsEmpty)
        {
            if (!long.TryParse(fractionPart, NumberStyles.None, CultureInfo.InvariantCulture, out micros))
            {
                return false;
            }

            for (var i = fractionPart.Length; i < MaxFractionDigits; i++)
            {
                micros *= 10;
            }
        }

        value = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(micros * 10);
        return true;
    }

    public static DateTimeOffset Parse(string? ts, string field) =>
        TryParse(ts, out var value) ? value : throw new SlackPayloadException($"'{field}' is not a Slack timestamp.");

    /// <summary>An instant as a Slack <c>ts</c> (for <c>oldest</c>/<c>latest</c>): Unix seconds with six fractional digits.</summary>
    public static string Format(DateTimeOffset instant)
    {
        var micros = (instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        return string.Create(CultureInfo.InvariantCulture, $"{micros / 1_000_000}.{micros % 1_000_000:D6}");
    }

    /// <summary>Core's message id for a Slack message: <c>&lt;channel&gt;/&lt;ts&gt;</c>, unique in the workspace.</summary>
    public static string MessageId(string channelId, string ts) => string.Concat(channelId, "/", ts);
}
