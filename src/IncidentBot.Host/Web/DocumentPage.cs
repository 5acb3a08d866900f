using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace IncidentBot.Host.Web;

/// <summary>
/// A plain, readable HTML page around a rendered document (a postmortem, an attached Markdown file). Its one
/// stylesheet is inline and allowed by its hash; nothing else may load or run (no script at all).
/// </summary>
internal static class DocumentPage
{
    private const string Css = """
        :root { color-scheme: light dark; --muted: #6b6f76; --line: #d9dce1; --accent: #1264a3; --soft: rgba(127, 127, 127, .08); }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
        header.bar { border-bottom: 1px solid var(--line); padding: .75rem 1.5rem; display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: baseline; font-size: .9rem; }
        header.bar .brand { font-weight: 700; }
        header.bar .muted, .muted { color: var(--muted); }
        main { display: flex; gap: 2rem; max-width: 72rem; margin: 0 auto; padding: 1.5rem; align-items: flex-start; }
        article { flex: 1; min-width: 0; max-width: 52rem; }
        aside { flex: 0 0 15rem; position: sticky; top: 1rem; font-size: .9rem; border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem; }
        aside h2 { font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: .25rem 0 .5rem; }
        aside ol { list-style: none; padding: 0; margin: 0 0 1rem; }
        aside li { padding: .3rem 0; border-top: 1px solid var(--line); }
        aside li:first-child { border-top: 0; }
        aside a[aria-current] { font-weight: 700; color: inherit; text-decoration: none; }
        .tag { font-size: .75rem; border: 1px solid var(--line); border-radius: 999px; padding: 0 .45rem; margin-left: .3rem; }
        a { color: var(--accent); }
        h1 { font-size: 1.8rem; line-height: 1.25; margin-top: 0; }
        h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
        h3 { font-size: 1.1rem; }
        table { border-collapse: collapse; margin: 1rem 0; display: block; overflow-x: auto; }
        th, td { border: 1px solid var(--line); padding: .35rem .6rem; text-align: left; vertical-align: top; }
        th { background: var(--soft); }
        blockquote { margin: 1rem 0; padding: .5rem 1rem; border-left: 4px solid var(--line); color: var(--muted); background: var(--soft); }
        code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
        pre { padding: .75rem 1rem; overflow-x: auto; background: var(--soft); border-radius: 6px; }
        pre.plain { white-space: pre-wrap; word-break: break-word; }
        @media (max-width: 50rem) { main { flex-direction: column-reverse; } aside { position: static; width: 100%; } }
        @media print { header.bar, aside { display: none; } main { display: block; padding: 0; } }
        """;

    /// <summary>Nothing loads or runs but the inline stylesheet; the page cannot be framed, and forms go nowhere.</summary>
    private static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src '{StyleHash()}'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <param name="title">The page title (plain text).</param>
    /// <param name="bar">Already-encoded HTML for the bar at the top.</param>
    /// <param name="articleHtml">The document, from <see cref="MarkdownHtml.RenderDocument"/> or encoded text.</param>
    /// <param name="asideHtml">Already-encoded HTML for the side panel; null for none.</param>
    public static string Render(string title, string bar, string articleHtml, string? asideHtml)
    {
        var html = new StringBuilder(articleHtml.Length + Css.Length + 1024);
        html.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"referrer\" content=\"no-referrer\">\n")
            .Append("<title>").Append(Encode(title)).Append("</title>\n")
            .Append("<style>").Append(Css).Append("</style>\n</head>\n<body>\n")
            .Append("<header class=\"bar\">").Append(bar).Append("</header>\n<main>\n<article>\n")
            .Append(articleHtml)
            .Append("</article>\n");
        if (asideHtml is not null)
        {
            html.Append("<aside>").Append(asideHtml).Append("</aside>\n");
        }

        return html.Append("</main>\n</body>\n</html>\n").ToString();
    }

    /// <summary>Letters of every script stay readable; everything that could start markup or end an attribute is encoded.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>Text as HTML: every character that could start markup is encoded.</summary>
    public static string Encode(string text) => Encoder.Encode(text);

    /// <summary>The headers every document page goes out with.</summary>
    public static void SetHeaders(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-cache";
    }

    /// <summary>
    /// The headers for a file served as it is (Markdown, plain text, a download): it may not run or load
    /// anything even if a browser were to render it, and the browser may not guess another type.
    /// </summary>
    public static void SetFileHeaders(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-cache";
    }

    private static string StyleHash() => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css)));
}
