using System.Text.RegularExpressions;

namespace IncidentBot.Slack.Inbound;

/// <summary>
/// Slack message text as plain text for the transcript: <c>&lt;@U123|alice&gt;</c> → <c>@alice</c>,
/// <c>&lt;#C1|ops&gt;</c> → <c>#ops</c>, <c>&lt;!here&gt;</c> → <c>@here</c>, <c>&lt;https://x|label&gt;</c> →
/// <c>label (https://x)</c>, and the three escapes decoded. Core keeps plain text; renderers escape it again.
/// </summary>
internal static partial class SlackText
{
    public static string ToPlain(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var plain = Special().Replace(text, match => Describe(match.Groups["body"].Value));
        return plain.Replace("&lt;", "<", StringComparison.Ordinal)
            .Replace("&gt;", ">", StringComparison.Ordinal)
            .Replace("&amp;", "&", StringComparison.Ordinal);
    }

    private static string Describe(string body)
    {
        var bar = body.IndexOf('|', StringComparison.Ordinal);
        var target = bar < 0 ? body : body[..bar];
        var label = bar < 0 ? null : body[(bar + 1)..];
        return target switch
        {
            ['@', ..] => "@" + (label ?? target[1..]),
            ['#', ..] => "#" + (label ?? target[1..]),
            ['!', ..] when target.StartsWith("!subteam^", StringComparison.Ordinal) => label ?? "@group",
            ['!', ..] when target.StartsWith("!date^", StringComparison.Ordinal) => label ?? string.Empty,
            ['!', ..] => "@" + target[1..],
            _ when label is not null && !string.Equals(label, target, StringComparison.Ordinal) => $"{label} ({target})",
            _ => target,
        };
    }

    [GeneratedRegex("<(?<body>[^<>]+)>", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex Special();
}
