using System.Globalization;

namespace IncidentBot.Core.Postmortems;

/// <summary>
/// Where the host serves an incident's postmortem on the web (DESIGN §4, issue 4):
/// <c>/incidents/{workspace}/{number}/postmortem</c> (HTML) and <c>…/postmortem.md</c> (Markdown), where
/// <c>{workspace}</c> is the platform-qualified workspace key (<c>sandbox:sandbox</c>, <c>slack:T123</c>),
/// percent-encoded as one path segment.
/// </summary>
public static class PostmortemLinks
{
    /// <summary>The HTML page of a version (the latest when <paramref name="version"/> is null).</summary>
    public static string Page(string workspace, int number, int? version) => Path(workspace, number, "postmortem", version);

    /// <summary>The Markdown of a version (the latest when <paramref name="version"/> is null).</summary>
    public static string Markdown(string workspace, int number, int? version) => Path(workspace, number, "postmortem.md", version);

    /// <summary>The file name a version is attached and downloaded under: <c>INC-7-postmortem-v2.md</c>.</summary>
    public static string FileName(string incidentReference, int version) =>
        string.Create(CultureInfo.InvariantCulture, $"{incidentReference}-postmortem-v{version}.md");

    private static string Path(string workspace, int number, string document, int? version)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var path = string.Create(CultureInfo.InvariantCulture, $"/incidents/{Uri.EscapeDataString(workspace)}/{number}/{document}");
        return version is { } v ? string.Create(CultureInfo.InvariantCulture, $"{path}?version={v}") : path;
    }
}
