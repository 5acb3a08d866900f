using System.Text;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace IncidentBot.Host.Sandbox;

/// <summary>
/// The bot's Markdown → HTML for the sandbox page. Raw HTML is disabled (it comes out as text), and as a
/// second line of defence every link that is not an action (<c>#cmd=…</c>), an http(s) URL or a site-relative
/// path is turned back into plain text, as are images.
/// </summary>
internal static class SandboxHtml
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .DisableHtml()
        .Build();

    public static string Render(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var document = Markdown.Parse(markdown, Pipeline);
        Harden(document);

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    private static void Harden(MarkdownDocument document)
    {
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            var url = link.Url ?? string.Empty;
            if (!link.IsImage && url.StartsWith(SandboxMarkdown.CommandLinkPrefix, StringComparison.Ordinal))
            {
                link.GetAttributes().AddClass("action");
            }
            else if (!link.IsImage && SandboxMarkdown.SafeLink(url) is not null)
            {
                var attributes = link.GetAttributes();
                attributes.AddProperty("rel", "noopener noreferrer");
                attributes.AddProperty("target", "_blank");
            }
            else
            {
                link.ReplaceBy(new LiteralInline(PlainText(link)));
            }
        }

        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            if (autolink.IsEmail || SandboxMarkdown.SafeLink(autolink.Url) is null)
            {
                autolink.ReplaceBy(new LiteralInline(autolink.Url));
            }
        }

        foreach (var quote in document.Descendants<QuoteBlock>())
        {
            quote.GetAttributes().AddClass("error");
        }

        foreach (var table in document.Descendants<Table>())
        {
            table.GetAttributes().AddClass("timeline");
        }
    }

    private static string PlainText(ContainerInline container)
    {
        var text = new StringBuilder();
        foreach (var inline in container.Descendants<Inline>())
        {
            switch (inline)
            {
                case LiteralInline literal:
                    text.Append(literal.Content.ToString());
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
                default:
                    break;
            }
        }

        return text.ToString();
    }
}
