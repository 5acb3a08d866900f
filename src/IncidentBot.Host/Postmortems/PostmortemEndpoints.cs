using System.Globalization;
using System.Text;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Postmortems;
using IncidentBot.Host.Sandbox;
using IncidentBot.Host.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace IncidentBot.Host.Postmortems;

/// <summary>
/// An incident's postmortem on the web (issue 4, delivery): <c>GET /incidents/{workspace}/{number}/postmortem.md</c>
/// is the Markdown of the latest version (<c>?version=N</c> for another), <c>GET …/postmortem</c> the same as a
/// readable page with the list of versions. <c>{workspace}</c> is the platform-qualified workspace key as one path
/// segment (<c>sandbox:sandbox</c>, <c>slack:T123</c>; the colon may be sent as <c>%3A</c>), see
/// <see cref="PostmortemLinks"/>. Until the web archive adds sign-in, these pages follow the sandbox's access rule
/// (<see cref="SandboxGate"/>): on while the host listens on loopback only or with <c>Sandbox:Enabled=true</c>,
/// otherwise 404 as if they did not exist.
/// </summary>
public static class PostmortemEndpoints
{
    public static WebApplication MapPostmortems(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var gate = app.Services.GetRequiredService<SandboxGate>();
        var postmortem = app.MapGroup("/incidents/{workspace}/{number:int}")
            .WithTags("Postmortems")
            .AddEndpointFilter(async (context, next) =>
                gate.Allows(context.HttpContext.Request) ? await next(context) : TypedResults.NotFound());
        postmortem.MapGet("/postmortem.md", GetMarkdownAsync);
        postmortem.MapGet("/postmortem", GetPageAsync);
        return app;
    }

    internal static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> GetMarkdownAsync(
        [AsParameters] PostmortemRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var (found, invalid, missing) = await FindAsync(request, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        if (missing is not null)
        {
            return missing;
        }

        DocumentPage.SetFileHeaders(response);
        var disposition = new ContentDispositionHeaderValue("inline");
        disposition.SetHttpFileName(PostmortemLinks.FileName(found!.Incident.Reference, found.Draft.Version));
        response.Headers.ContentDisposition = disposition.ToString();
        return TypedResults.Content(found!.Draft.Markdown, "text/markdown; charset=utf-8");
    }

    internal static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> GetPageAsync(
        [AsParameters] PostmortemRequest request, WorkspaceClock clock, HttpResponse response, CancellationToken cancellationToken)
    {
        var (found, invalid, missing) = await FindAsync(request, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        if (missing is not null)
        {
            return missing;
        }

        DocumentPage.SetHeaders(response);
        return TypedResults.Content(Page(found!, clock), "text/html; charset=utf-8");
    }

    private static async Task<(Found? Found, ValidationProblem? Invalid, ProblemHttpResult? Missing)> FindAsync(PostmortemRequest request, CancellationToken cancellationToken)
    {
        int? version = null;
        if (!string.IsNullOrEmpty(request.Version))
        {
            if (!int.TryParse(request.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
            {
                return (null, TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal)
                {
                    ["version"] = ["'version' is a version number: 1, 2, 3 …"],
                }), null);
            }

            version = parsed;
        }

        var reference = string.Create(CultureInfo.InvariantCulture, $"INC-{request.Number}");
        var incident = await request.Incidents.FindByNumberAsync(request.Workspace, request.Number, cancellationToken);
        if (incident is null)
        {
            return (null, null, NotFound("Unknown incident", $"Workspace '{request.Workspace}' has no {reference}. The workspace is its platform-qualified key, such as sandbox:sandbox or slack:T123."));
        }

        var versions = await request.Postmortems.ListDraftsAsync(request.Workspace, incident.Id, cancellationToken);
        if (versions.Count == 0)
        {
            return (null, null, NotFound("No postmortem yet", $"{reference} has no postmortem yet: run /postmortem draft in its channel."));
        }

        var draft = version is { } wanted ? versions.FirstOrDefault(v => v.Version == wanted) : versions[0];
        if (draft is null)
        {
            return (null, null, NotFound(
                "Unknown version",
                string.Create(CultureInfo.InvariantCulture, $"{reference}'s postmortem has no version {version}; the versions are 1 to {versions[0].Version}.")));
        }

        return (new Found(incident, draft, versions), null, null);
    }

    private static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: title);

    private static string Page(Found found, WorkspaceClock clock)
    {
        var (incident, draft, versions) = found;
        var latest = versions[0];
        string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

        var bar = new StringBuilder()
            .Append("<span class=\"brand\">IncidentBot</span>")
            .Append("<span class=\"muted\">").Append(DocumentPage.Encode(incident.Workspace)).Append("</span>")
            .Append("<span>").Append(DocumentPage.Encode($"{incident.Reference} {incident.Title}")).Append("</span>")
            .Append("<span class=\"muted\">").Append(draft.Published ? "published version " : "draft version ").Append(Num(draft.Version))
            .Append(" of ").Append(Num(latest.Version)).Append("</span>")
            .Append("<a href=\"").Append(DocumentPage.Encode(PostmortemLinks.Markdown(incident.Workspace, incident.Number, draft.Version)))
            .Append("\">Markdown</a>");

        var aside = new StringBuilder("<h2>Versions</h2>\n<ol>\n");
        foreach (var version in versions)
        {
            aside.Append("<li><a href=\"").Append(DocumentPage.Encode(PostmortemLinks.Page(incident.Workspace, incident.Number, version.Version))).Append('"');
            if (version.Version == draft.Version)
            {
                aside.Append(" aria-current=\"page\"");
            }

            aside.Append(">Version ").Append(Num(version.Version)).Append("</a>");
            if (version.Published)
            {
                aside.Append("<span class=\"tag\">published</span>");
            }

            if (version.NamesReplaced)
            {
                aside.Append("<span class=\"tag\">roles, no names</span>");
            }

            aside.Append("<br><span class=\"muted\">").Append(DocumentPage.Encode(clock.Format(version.CreatedAt, withDate: true)))
                .Append(" · ").Append(DocumentPage.Encode(version.CreatedBy.Name)).Append("</span></li>\n");
        }

        aside.Append("</ol>\n<p class=\"muted\">Times in ").Append(DocumentPage.Encode(clock.ZoneName)).Append(".</p>\n");

        var article = new StringBuilder();
        if (draft.Version != latest.Version)
        {
            article.Append("<p class=\"muted\">This is version ").Append(Num(draft.Version)).Append("; the latest is <a href=\"")
                .Append(DocumentPage.Encode(PostmortemLinks.Page(incident.Workspace, incident.Number, latest.Version)))
                .Append("\">version ").Append(Num(latest.Version)).Append("</a>.</p>\n");
        }

        article.Append(MarkdownHtml.RenderDocument(draft.Markdown));
        var title = $"{incident.Reference} postmortem v{Num(draft.Version)}: {incident.Title}";
        return DocumentPage.Render(title, bar.ToString(), article.ToString(), aside.ToString());
    }

    private sealed record Found(Incident Incident, PostmortemDraft Draft, IReadOnlyList<PostmortemDraft> Versions);
}

/// <summary>The route's workspace key and incident number, the optional <c>?version=</c>, and the stores to read.</summary>
internal readonly record struct PostmortemRequest(
    string Workspace,
    int Number,
    string? Version,
    IIncidentStore Incidents,
    IPostmortemStore Postmortems);
