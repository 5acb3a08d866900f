using System.Globalization;
using System.Text;
using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace IncidentBot.Host.Web;

/// <summary>
/// Markdown → HTML that is safe to put into a page, whoever wrote the Markdown. Raw HTML is disabled (it comes
/// out as text), images become their alt text, and every link that is not an http(s) URL or a site-relative
/// path (<c>javascript:</c>, <c>data:</c>, <c>//host</c>, e-mail …) is turned back into plain text.
/// </summary>
internal static class MarkdownHtml
{
    private static readonly MarkdownPipeline DocumentPipeline = NewPipeline();

    /// <summary>The pipeline every renderer here uses: CommonMark, pipe tables, no raw HTML.</summary>
    public static MarkdownPipeline NewPipeline() => new MarkdownPipelineBuilder()
        .UsePipeTables()
        .DisableHtml()
        .Build();

    /// <summary>A whole document (a postmortem, an attached file) as HTML for a page of its own.</summary>
    public static string RenderDocument(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var document = Markdown.Parse(markdown, DocumentPipeline);
        NeutraliseLinks(document, keep: null);
        return ToHtml(document, DocumentPipeline);
    }

    /// <summary>
    /// Safe links get <c>rel="noopener noreferrer"</c>; links <paramref name="keep"/> accepts stay as they are
    /// (the caller decorates them); every other link and every image becomes its text.
    /// </summary>
    public static void NeutraliseLinks(MarkdownDocument document, Func<LinkInline, bool>? keep)
    {
        ArgumentNullException.ThrowIfNull(document);
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            if (!link.IsImage && keep?.Invoke(link) == true)
            {
                continue;
            }

            if (!link.IsImage && SafeLink(link.Url) is not null)
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
            if (autolink.IsEmail || SafeLink(autolink.Url) is null)
            {
                autolink.ReplaceBy(new LiteralInline(autolink.Url));
            }
        }
    }

    public static string ToHtml(MarkdownDocument document, MarkdownPipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var renderer = new HtmlRenderer(writer);
        pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>
    /// Only absolute http(s) links and site-relative paths, percent-encoded where needed; anything else
    /// (<c>javascript:</c>, <c>data:</c>, <c>//host</c>, <c>/\host</c>) is null.
    /// </summary>
    public static string? SafeLink(string? link)
    {
        if (string.IsNullOrWhiteSpace(link))
        {
            return null;
        }

        var isRelative = link.StartsWith('/') && !link.StartsWith("//", StringComparison.Ordinal) && !link.StartsWith("/\\", StringComparison.Ordinal);
        var isHttp = Uri.TryCreate(link, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
        if (!isRelative && !isHttp)
        {
            return null;
        }

        var encoded = new StringBuilder(link.Length);
        foreach (var c in link)
        {
            if (char.IsAsciiLetterOrDigit(c) || "-._~:/?#@!$&'*+,;=%".Contains(c, StringComparison.Ordinal))
            {
                encoded.Append(c);
            }
            else
            {
                foreach (var b in Encoding.UTF8.GetBytes(c.ToString()))
                {
                    encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
            }
        }

        return encoded.ToString();
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
