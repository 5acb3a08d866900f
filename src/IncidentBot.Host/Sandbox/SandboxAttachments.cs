using System.Globalization;
using System.Text;
using IncidentBot.Core.Sandbox;
using IncidentBot.Host.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace IncidentBot.Host.Sandbox;

/// <summary>
/// <c>GET /sandbox/attachments/{id}</c>: a file that goes with one of the bot's messages. Viewed, Markdown is a
/// page of safe HTML and anything else plain text; with <c>?download=1</c> it is the file itself, under its
/// name and media type. A private reply's file is served only for <c>?viewer=</c> its addressee, and a deleted
/// message's not at all: both answer 404 like an unknown id, so their existence does not leak.
/// </summary>
internal static class SandboxAttachments
{
    private const string PathPrefix = "/sandbox/attachments/";

    /// <summary>Types that a browser might run or render as a document of ours; they are downloaded as opaque bytes.</summary>
    private static readonly string[] ActiveTypes =
        ["text/html", "text/xml", "text/javascript", "text/ecmascript", "text/xsl", "text/vtt"];

    internal static async Task<Results<FileContentHttpResult, ContentHttpResult, ValidationProblem, ProblemHttpResult>> GetAsync(
        long id, string? viewer, string? download, ISandboxChannelStore channels, HttpResponse response, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var viewerName = SandboxEndpoints.CheckViewer(viewer, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var viewerId = viewerName is null ? string.Empty : SandboxNames.UserId(viewerName);
        if (id <= 0 || await channels.GetAttachmentAsync(id, viewerId, cancellationToken) is not { } file)
        {
            return TypedResults.Problem(
                string.Create(CultureInfo.InvariantCulture, $"There is no attachment {id} (or it is not yours to see)."),
                statusCode: StatusCodes.Status404NotFound,
                title: "Unknown attachment");
        }

        var attachment = file.Attachment;
        var links = ToDto(attachment, viewerName);
        if (download is "1" or "true")
        {
            DocumentPage.SetFileHeaders(response);
            return TypedResults.File(Encoding.UTF8.GetBytes(file.Content), DownloadContentType(attachment.MediaType), SafeFileName(attachment.FileName));
        }

        if (IsMarkdown(attachment))
        {
            DocumentPage.SetHeaders(response);
            return TypedResults.Content(Page(attachment, links, MarkdownHtml.RenderDocument(file.Content)), "text/html; charset=utf-8");
        }

        DocumentPage.SetFileHeaders(response);
        var disposition = new ContentDispositionHeaderValue("inline");
        disposition.SetHttpFileName(SafeFileName(attachment.FileName));
        response.Headers.ContentDisposition = disposition.ToString();
        return TypedResults.Content(file.Content, "text/plain; charset=utf-8");
    }

    /// <param name="viewerName">Named in the links of a private reply's files; null for public ones.</param>
    internal static SandboxAttachmentDto ToDto(SandboxAttachment attachment, string? viewerName)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        var path = PathPrefix + attachment.Id.ToString(CultureInfo.InvariantCulture);
        var viewer = viewerName is null ? null : "viewer=" + Uri.EscapeDataString(viewerName);
        return new SandboxAttachmentDto(
            attachment.Id,
            attachment.FileName,
            attachment.Title,
            attachment.MediaType,
            attachment.Length,
            viewer is null ? path : $"{path}?{viewer}",
            viewer is null ? $"{path}?download=1" : $"{path}?download=1&{viewer}",
            PageUrl: MarkdownHtml.SafeLink(attachment.PagePath) is { } page && page.StartsWith('/') ? page : null);
    }

    /// <summary><c>812 B</c>, <c>12.3 KB</c>, <c>1.2 MB</c>.</summary>
    internal static string FormatSize(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.#} MB"),
    };

    /// <summary>The stored media type when it is plain text of some kind; anything a browser might run is opaque bytes.</summary>
    internal static string DownloadContentType(string mediaType)
    {
        if (!MediaTypeHeaderValue.TryParse(mediaType, out var parsed) || parsed.MediaType.Value is not { } type
            || type.Contains('*', StringComparison.Ordinal))
        {
            return "application/octet-stream";
        }

        var isText = type.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            && !ActiveTypes.Contains(type, StringComparer.OrdinalIgnoreCase);
        return isText || string.Equals(type, "application/json", StringComparison.OrdinalIgnoreCase)
            ? type.ToLowerInvariant() + "; charset=utf-8"
            : "application/octet-stream";
    }

    /// <summary>A name that is only a name: no folders, no control characters, nothing a file system refuses.</summary>
    internal static string SafeFileName(string fileName)
    {
        var safe = new StringBuilder(fileName.Length);
        foreach (var c in fileName.Trim())
        {
            safe.Append(char.IsControl(c) || "/\\:*?\"<>|".Contains(c, StringComparison.Ordinal) ? '-' : c);
        }

        var name = safe.ToString().Trim('.', ' ', '-');
        return name.Length == 0 ? "attachment.txt" : name;
    }

    private static bool IsMarkdown(SandboxAttachment attachment) =>
        (MediaTypeHeaderValue.TryParse(attachment.MediaType, out var parsed)
            && string.Equals(parsed.MediaType.Value, "text/markdown", StringComparison.OrdinalIgnoreCase))
        || attachment.FileName.EndsWith(".md", StringComparison.OrdinalIgnoreCase);

    private static string Page(SandboxAttachment attachment, SandboxAttachmentDto links, string articleHtml)
    {
        var bar = new StringBuilder()
            .Append("<span class=\"brand\">IncidentBot sandbox</span>")
            .Append("<span>📎 ").Append(DocumentPage.Encode(attachment.Title)).Append("</span>")
            .Append("<span class=\"muted\">").Append(DocumentPage.Encode(attachment.FileName)).Append(" · ")
            .Append(FormatSize(attachment.Length)).Append("</span>")
            .Append("<a href=\"").Append(DocumentPage.Encode(links.DownloadUrl)).Append("\">Download</a>");
        if (links.PageUrl is { } page)
        {
            bar.Append("<a href=\"").Append(DocumentPage.Encode(page)).Append("\">Open as page</a>");
        }

        return DocumentPage.Render(attachment.Title, bar.ToString(), articleHtml, asideHtml: null);
    }
}
