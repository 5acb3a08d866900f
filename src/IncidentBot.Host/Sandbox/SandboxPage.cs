using System.Collections.Frozen;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IncidentBot.Host.Sandbox;

/// <summary>The sandbox page: static HTML, CSS and JavaScript embedded in this assembly.</summary>
internal static class SandboxPage
{
    /// <summary>No inline script or style, nothing from elsewhere: injected markup could not run even if it got in.</summary>
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, (byte[] Content, string ContentType)> Files = Load();

    internal static FileContentHttpResult GetPage(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        SetHeaders(response);
        var (content, contentType) = Files["index.html"];
        return TypedResults.File(content, contentType);
    }

    internal static Results<FileContentHttpResult, NotFound> GetAsset(string file, HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (string.Equals(file, "index.html", StringComparison.Ordinal) || !Files.TryGetValue(file, out var asset))
        {
            return TypedResults.NotFound();
        }

        SetHeaders(response);
        return TypedResults.File(asset.Content, asset.ContentType);
    }

    private static void SetHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-cache";
    }

    private static FrozenDictionary<string, (byte[] Content, string ContentType)> Load()
    {
        const string prefix = "IncidentBot.Host.Sandbox.Page.";
        var assembly = typeof(SandboxPage).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var file = name[prefix.Length..];
            files[file] = (copy.ToArray(), ContentType(file));
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentType(string file) => Path.GetExtension(file) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
