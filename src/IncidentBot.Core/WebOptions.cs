namespace IncidentBot.Core;

/// <summary>The host's web pages as people reach them from outside (<c>Web</c> section).</summary>
public sealed class WebOptions
{
    public const string SectionName = "Web";

    /// <summary>
    /// The absolute http(s) URL people use to reach this host's web pages, behind whatever proxy serves it
    /// (<c>https://incidentbot.example.com/</c>, or with a path prefix). Chat messages link to pages under it, such as a
    /// postmortem's page beside its file. Unset: messages carry no links to the host.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// The public base URL when it is usable: absolute, http or https, without credentials, query or fragment.
    /// Null when unset or unusable (start-up validation rejects the latter).
    /// </summary>
    public Uri? PublicBase =>
        string.IsNullOrWhiteSpace(PublicBaseUrl) ? null
        : Uri.TryCreate(PublicBaseUrl.Trim(), UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && uri.UserInfo.Length == 0 && uri.Query.Length == 0 && uri.Fragment.Length == 0
            ? uri
            : null;

    /// <summary>
    /// The absolute URL of a site-relative path (<c>/incidents/slack%3AT1/7/postmortem?version=2</c>) under the public
    /// base URL, keeping the base's own path prefix; null when there is no usable base or no path.
    /// </summary>
    public string? Absolute(string? sitePath)
    {
        if (PublicBase is not { } root || string.IsNullOrEmpty(sitePath) || !sitePath.StartsWith('/') || sitePath.StartsWith("//", StringComparison.Ordinal))
        {
            return null;
        }

        return string.Concat(root.GetLeftPart(UriPartial.Path).TrimEnd('/'), sitePath);
    }
}
