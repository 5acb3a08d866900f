using System.Text;

namespace IncidentBot.Slack.Rendering;

/// <summary>
/// Slack's control characters in <c>text</c> and mrkdwn are <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c>; escaping
/// exactly those (ampersand first) keeps user text from becoming a mention, a channel link, <c>&lt;!here&gt;</c> or a link.
/// </summary>
internal static class Mrkdwn
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (text.AsSpan().IndexOfAny('&', '<', '>') < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => null,
            } ?? c.ToString());
        }

        return escaped.ToString();
    }

    /// <summary>
    /// A link for an http(s) URL, or null for anything else (no <c>javascript:</c>, no Slack specials). The URL
    /// is escaped too and <c>|</c> percent-encoded so it cannot close the link early.
    /// </summary>
    public static string? Link(string? url, string label)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return null;
        }

        var target = Escape(uri.AbsoluteUri).Replace("|", "%7C", StringComparison.Ordinal);
        return $"<{target}|{Escape(label)}>";
    }

    /// <summary>Cuts to at most <paramref name="max"/> characters without splitting an escape or a surrogate pair.</summary>
    public static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = SafeCut(text, max - 1);
        return string.Concat(text.AsSpan(0, cut), "…");
    }

    /// <summary>The largest length ≤ <paramref name="max"/> that ends neither inside <c>&amp;amp;</c>-style escapes nor inside a surrogate pair.</summary>
    public static int SafeCut(string text, int max)
    {
        if (text.Length <= max)
        {
            return text.Length;
        }

        var cut = Math.Max(max, 0);
        var amp = text.LastIndexOf('&', Math.Max(cut - 1, 0));
        if (amp >= 0 && cut - amp < 5)
        {
            var semicolon = text.IndexOf(';', amp);
            if (semicolon >= cut)
            {
                cut = amp;
            }
        }

        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return cut;
    }
}
