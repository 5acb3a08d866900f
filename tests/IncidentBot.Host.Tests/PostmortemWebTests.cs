using System.Net;
using System.Text.Json;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Postmortems;
using IncidentBot.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentBot.Host.Tests;

/// <summary>
/// An incident run in the sandbox, once for the class: INC-1 with two draft versions, and INC-2 whose captured
/// text is hostile. Plus, straight in the stores, a Slack workspace's incident whose stored draft is hostile Markdown.
/// </summary>
public sealed class PostmortemWebApp : IAsyncLifetime
{
    public const string SlackWorkspace = "slack:T123";

    public IncidentBotApp App { get; } = new();

    public async Task InitializeAsync()
    {
        var sandbox = new SandboxClient(App.CreateClient());
        await sandbox.RanAsync("alice", "ops", "/incident declare Checkout is slow sev2");
        await sandbox.RanAsync("alice", "inc-1-checkout-is-slow", "/postmortem factor No saturation alert on the connection pool");
        await sandbox.RanAsync("alice", "inc-1-checkout-is-slow", "/postmortem draft");
        App.Time.Advance(TimeSpan.FromMinutes(5));
        await sandbox.RanAsync("bob", "inc-1-checkout-is-slow", "/postmortem factor Review tooling shows only diffs");
        await sandbox.RanAsync("bob", "inc-1-checkout-is-slow", "/postmortem draft");

        await sandbox.RanAsync("alice", "ops", "/incident declare Search <script>alert(1)</script> down sev3");
        await sandbox.RanAsync("alice", "ops", "/incident INC-2 timeline <img src=x onerror=alert(1)> [x](javascript:alert(1)) <div onclick=\"y()\">z</div>");
        await sandbox.RanAsync("alice", "ops", "/postmortem INC-2 draft");

        await sandbox.RanAsync("alice", "ops", "/incident declare Nothing drafted yet sev4");

        var incidents = App.Services.GetRequiredService<IIncidentStore>();
        var postmortems = App.Services.GetRequiredService<IPostmortemStore>();
        var slack = await incidents.CreateIncidentAsync(
            Builders.AnIncident() with { Workspace = SlackWorkspace, Channel = new ChannelRef(Platform.Slack, "C1", "inc-1-slack") },
            [],
            CancellationToken.None);
        await postmortems.SaveDraftAsync(
            new PostmortemDraft
            {
                Workspace = SlackWorkspace,
                IncidentId = slack.Id,
                Markdown = HostileMarkdown,
                CreatedAt = Builders.Noon,
                CreatedBy = Builders.Alice,
            },
            CancellationToken.None);
    }

    public const string HostileMarkdown = """
        # Postmortem: INC-1 <script>alert(1)</script>

        <iframe src="https://evil.example"></iframe>

        [click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) [proto](//evil.example/x) <vbscript:msgbox>
        ![pixel](https://evil.example/pixel.png) <img src=x onerror=alert(1)> <b onmouseover="x()">bold</b>

        | a | b |
        |---|---|
        | <script>x()</script> | [ok](https://example.com/runbook) |
        """;

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary><c>GET /incidents/{workspace}/{number}/postmortem(.md)</c>: versions, problems, safe HTML and the access rule.</summary>
public sealed class PostmortemWebTests(PostmortemWebApp fixture) : IClassFixture<PostmortemWebApp>
{
    private const string Inc1 = "/incidents/sandbox:sandbox/1";

    [Fact]
    public async Task The_markdown_route_serves_the_latest_version()
    {
        var response = await GetAsync($"{Inc1}/postmortem.md");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/markdown");
        response.Content.Headers.ContentType.CharSet.ShouldBe("utf-8");
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("inline");
        response.Content.Headers.ContentDisposition.FileName.ShouldBe("INC-1-postmortem-v2.md");
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        var markdown = await response.Content.ReadAsStringAsync();
        markdown.ShouldStartWith("# Postmortem: INC-1 Checkout is slow");
        markdown.ShouldContain("Review tooling shows only diffs");
    }

    [Fact]
    public async Task The_markdown_route_serves_an_older_version_when_asked()
    {
        var response = await GetAsync($"{Inc1}/postmortem.md?version=1");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.FileName.ShouldBe("INC-1-postmortem-v1.md");
        var markdown = await response.Content.ReadAsStringAsync();
        markdown.ShouldContain("No saturation alert on the connection pool");
        markdown.ShouldNotContain("Review tooling shows only diffs");
    }

    [Theory]
    [InlineData("/incidents/sandbox%3Asandbox/1/postmortem.md")]
    [InlineData("/incidents/sandbox%3asandbox/1/postmortem.md?version=2")]
    [InlineData("/incidents/sandbox:sandbox/01/postmortem.md")]
    public async Task The_workspace_key_may_be_percent_encoded(string path) =>
        (await GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.OK);

    [Theory]
    [InlineData("/incidents/sandbox:sandbox/99/postmortem.md", "Unknown incident")]
    [InlineData("/incidents/sandbox:sandbox/99/postmortem", "Unknown incident")]
    [InlineData("/incidents/slack:T999/1/postmortem.md", "Unknown incident")]
    [InlineData("/incidents/sandbox/1/postmortem.md", "Unknown incident")]
    [InlineData("/incidents/sandbox:sandbox/1/postmortem.md?version=9", "Unknown version")]
    [InlineData("/incidents/sandbox:sandbox/1/postmortem?version=3", "Unknown version")]
    [InlineData("/incidents/sandbox:sandbox/3/postmortem.md", "No postmortem yet")]
    [InlineData("/incidents/sandbox:sandbox/3/postmortem", "No postmortem yet")]
    public async Task Unknown_incidents_and_versions_are_404_problems_that_say_which(string path, string title)
    {
        var response = await GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("title").GetString().ShouldBe(title);
        problem.RootElement.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("two")]
    [InlineData("1.5")]
    public async Task A_version_that_is_not_a_version_number_is_a_400_problem(string version)
    {
        var response = await GetAsync($"{Inc1}/postmortem.md?version={version}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldContain("version");
    }

    [Fact]
    public async Task The_page_renders_the_latest_version_with_links_to_every_version()
    {
        var response = await GetAsync($"{Inc1}/postmortem");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        SandboxAttachmentTests.ShouldForbidScript(response);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("<title>INC-1 postmortem v2: Checkout is slow</title>");
        html.ShouldContain("<h1>Postmortem: INC-1 Checkout is slow</h1>");
        html.ShouldContain("<h2>Contributing factors</h2>");
        html.ShouldContain("Review tooling shows only diffs");
        html.ShouldContain("<a href=\"/incidents/sandbox%3Asandbox/1/postmortem?version=2\" aria-current=\"page\">Version 2</a>");
        html.ShouldContain("<a href=\"/incidents/sandbox%3Asandbox/1/postmortem?version=1\">Version 1</a>");
        html.ShouldContain("href=\"/incidents/sandbox%3Asandbox/1/postmortem.md?version=2\"");
        html.ShouldContain("bob");
    }

    [Fact]
    public async Task The_page_of_an_older_version_says_which_is_latest()
    {
        var html = await (await GetAsync($"{Inc1}/postmortem?version=1")).Content.ReadAsStringAsync();

        html.ShouldContain("<a href=\"/incidents/sandbox%3Asandbox/1/postmortem?version=1\" aria-current=\"page\">Version 1</a>");
        html.ShouldContain("This is version 1; the latest is");
        html.ShouldNotContain("Review tooling shows only diffs");
    }

    [Fact]
    public async Task Hostile_text_captured_in_the_incident_cannot_inject_html_into_the_page()
    {
        var response = await GetAsync("/incidents/sandbox:sandbox/2/postmortem");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        SandboxAttachmentTests.ShouldBeInert(html);
        html.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    [Fact]
    public async Task Hostile_markdown_stored_as_a_draft_cannot_inject_html_or_links_into_the_page()
    {
        var response = await GetAsync($"/incidents/{Uri.EscapeDataString(PostmortemWebApp.SlackWorkspace)}/1/postmortem");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        SandboxAttachmentTests.ShouldForbidScript(response);
        var html = await response.Content.ReadAsStringAsync();
        SandboxAttachmentTests.ShouldBeInert(html);
        html.ShouldNotContain("<iframe", Case.Insensitive);
        html.ShouldNotContain("<b ", Case.Insensitive);
        html.ShouldContain("<table>");
        html.ShouldContain("href=\"https://example.com/runbook\"");
        SandboxAttachmentTests.Hrefs(html).ShouldNotContain(href => href.StartsWith("javascript", StringComparison.OrdinalIgnoreCase) || href.StartsWith("data", StringComparison.OrdinalIgnoreCase));

        // The Markdown itself is served as it is stored, as text that no browser may run.
        var markdown = await GetAsync($"/incidents/{Uri.EscapeDataString(PostmortemWebApp.SlackWorkspace)}/1/postmortem.md");
        (await markdown.Content.ReadAsStringAsync()).ShouldBe(PostmortemWebApp.HostileMarkdown);
        markdown.Content.Headers.ContentType!.MediaType.ShouldBe("text/markdown");
        string.Join(' ', markdown.Headers.GetValues("Content-Security-Policy")).ShouldContain("sandbox");
    }

    [Theory]
    [InlineData("false")]
    [InlineData(null)]
    public async Task With_the_sandbox_gate_off_the_routes_do_not_exist(string? enabled)
    {
        using var off = new IncidentBotApp(new Dictionary<string, string?>(StringComparer.Ordinal) { ["Sandbox:Enabled"] = enabled });
        using var client = off.CreateClient();
        var incidents = off.Services.GetRequiredService<IIncidentStore>();
        var incident = await incidents.CreateIncidentAsync(Builders.AnIncident(), [], CancellationToken.None);
        await off.Services.GetRequiredService<IPostmortemStore>().SaveDraftAsync(
            new PostmortemDraft { Workspace = incident.Workspace, IncidentId = incident.Id, Markdown = "# Postmortem", CreatedBy = Builders.Alice },
            CancellationToken.None);
        var prefix = $"/incidents/{Uri.EscapeDataString(incident.Workspace)}/{incident.Number}";

        foreach (var path in new[] { $"{prefix}/postmortem.md", $"{prefix}/postmortem", $"{prefix}/postmortem.md?version=1", $"{prefix}/postmortem?version=x" })
        {
            var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, path);
            (await response.Content.ReadAsStringAsync()).ShouldBeEmpty(path);
        }
    }

    private async Task<HttpResponseMessage> GetAsync(string path)
    {
        using var client = fixture.App.CreateClient();
        return await client.GetAsync(new Uri(path, UriKind.Relative));
    }
}
