using IncidentBot.Host.Web;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace IncidentBot.Host.Sandbox;

/// <summary>
/// The bot's Markdown → HTML for the sandbox page, through <see cref="MarkdownHtml"/>: raw HTML disabled, and
/// every link that is not an action (<c>#cmd=…</c>), an http(s) URL or a site-relative path turned back into
/// plain text, as are images.
/// </summary>
internal static class SandboxHtml
{
    private static readonly MarkdownPipeline Pipeline = MarkdownHtml.NewPipeline();

    public static string Render(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var document = Markdown.Parse(markdown, Pipeline);
        MarkdownHtml.NeutraliseLinks(document, keep: link =>
        {
            if (link.Url?.StartsWith(SandboxMarkdown.CommandLinkPrefix, StringComparison.Ordinal) != true)
            {
                return false;
            }

            link.GetAttributes().AddClass("action");
            return true;
        });

        foreach (var quote in document.Descendants<QuoteBlock>())
        {
            quote.GetAttributes().AddClass("error");
        }

        foreach (var table in document.Descendants<Table>())
        {
            table.GetAttributes().AddClass("timeline");
        }

        return MarkdownHtml.ToHtml(document, Pipeline);
    }
}
