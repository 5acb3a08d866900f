using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using IncidentBot.Core.Sandbox;
using IncidentBot.Host.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentBot.Host.Tests;

/// <summary>Files that go with the bot's messages: stored, listed as chips, viewed, downloaded, kept private, never markup.</summary>
public sealed partial class SandboxAttachmentTests(IncidentBotApp app) : IClassFixture<IncidentBotApp>
{
    private const string Hostile = """
        # Notes <script>alert(1)</script>

        <div onclick="steal()">raw block</div>

        [click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) [proto](//evil.example/x)
        ![pixel](https://evil.example/pixel.png) <img src=x onerror=alert(1)> <javascript:alert(1)>

        [fine](https://example.com/runbook) and [here](/?channel=ops)
        """;

    [Fact]
    public async Task Postmortem_draft_in_the_sandbox_posts_the_draft_as_a_file_to_view_and_download()
    {
        using var fresh = new IncidentBotApp();
        var sandbox = new SandboxClient(fresh.CreateClient());
        await sandbox.RanAsync("alice", "ops", "/incident declare Checkout is slow sev2");
        const string channel = "inc-1-checkout-is-slow";
        await sandbox.RanAsync("alice", channel, "/postmortem factor No saturation alert on the connection pool");

        var draft = await sandbox.RanAsync("alice", channel, "/postmortem draft");

        draft.Reply.Private.ShouldBeFalse();
        draft.Reply.Html.ShouldNotBeNull().ShouldContain("Postmortem draft v1");
        var file = draft.Reply.Attachments.ShouldHaveSingleItem();
        file.FileName.ShouldBe("INC-1-postmortem-v1.md");
        file.Title.ShouldBe("INC-1 postmortem draft v1");
        file.MediaType.ShouldBe("text/markdown");
        file.ViewUrl.ShouldBe($"/sandbox/attachments/{file.Id}");
        file.DownloadUrl.ShouldBe($"/sandbox/attachments/{file.Id}?download=1");
        file.PageUrl.ShouldBe("/incidents/sandbox%3Asandbox/1/postmortem?version=1");

        // Everyone in the channel sees the same chip.
        var listed = (await sandbox.MessagesAsync(channel, "bob")).Messages.Single(m => m.Id == draft.Reply.Id);
        listed.Attachments.ShouldBe([file]);

        var download = await sandbox.Http.GetAsync(new Uri(file.DownloadUrl, UriKind.Relative));
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("text/markdown");
        download.Content.Headers.ContentType.CharSet.ShouldBe("utf-8");
        download.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        download.Content.Headers.ContentDisposition.FileName.ShouldBe("INC-1-postmortem-v1.md");
        download.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        var bytes = await download.Content.ReadAsByteArrayAsync();
        bytes.LongLength.ShouldBe(file.Size);
        var markdown = Encoding.UTF8.GetString(bytes);
        markdown.ShouldStartWith("# Postmortem: INC-1");
        markdown.ShouldContain("No saturation alert on the connection pool");

        var view = await sandbox.Http.GetAsync(new Uri(file.ViewUrl, UriKind.Relative));
        view.StatusCode.ShouldBe(HttpStatusCode.OK);
        view.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        view.Content.Headers.ContentDisposition.ShouldBeNull();
        var html = await view.Content.ReadAsStringAsync();
        html.ShouldContain("<h1>Postmortem: INC-1 Checkout is slow</h1>");
        html.ShouldContain("<table>");
        html.ShouldContain($"href=\"{file.DownloadUrl}\"");
        html.ShouldContain("href=\"/incidents/sandbox%3Asandbox/1/postmortem?version=1\"");
        ShouldForbidScript(view);

        (await sandbox.Http.GetAsync(new Uri(file.PageUrl!, UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_private_replys_file_is_served_only_to_the_person_it_is_for()
    {
        var sandbox = Client();
        var channel = NewChannel();
        var post = await PostBotMessageAsync(channel, "text/markdown", "only-alice.md", "# For alice only", visibleTo: "u-alice");
        var id = post.Attachments.Single().Id;

        var forAlice = (await sandbox.MessagesAsync(channel, "Alice")).Messages.ShouldHaveSingleItem();
        var chip = forAlice.Attachments.ShouldHaveSingleItem();
        chip.ViewUrl.ShouldBe($"/sandbox/attachments/{id}?viewer=Alice");
        chip.DownloadUrl.ShouldBe($"/sandbox/attachments/{id}?download=1&viewer=Alice");
        (await sandbox.MessagesAsync(channel, "bob")).Messages.ShouldBeEmpty();

        (await sandbox.Http.GetAsync(new Uri(chip.ViewUrl, UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var download = await sandbox.Http.GetAsync(new Uri(chip.DownloadUrl, UriKind.Relative));
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await download.Content.ReadAsStringAsync()).ShouldBe("# For alice only");

        foreach (var url in new[] { $"/sandbox/attachments/{id}?viewer=bob", $"/sandbox/attachments/{id}?download=1&viewer=bob", $"/sandbox/attachments/{id}", $"/sandbox/attachments/{id}?download=1" })
        {
            var refused = await sandbox.Http.GetAsync(new Uri(url, UriKind.Relative));
            refused.StatusCode.ShouldBe(HttpStatusCode.NotFound, url);
            refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            (await refused.Content.ReadAsStringAsync()).ShouldNotContain("alice only");
        }
    }

    [Fact]
    public async Task A_draft_run_from_another_channel_is_private_to_its_author_there_and_public_in_the_incident_channel()
    {
        using var fresh = new IncidentBotApp();
        var sandbox = new SandboxClient(fresh.CreateClient());
        await sandbox.RanAsync("alice", "ops", "/incident declare Search is down sev1");

        var result = await sandbox.RanAsync("alice", "ops", "/postmortem INC-1 draft");

        result.Reply.Private.ShouldBeTrue();
        var mine = result.Reply.Attachments.ShouldHaveSingleItem();
        mine.ViewUrl.ShouldContain("viewer=alice");
        var announced = result.Announcements.ShouldHaveSingleItem();
        announced.Channel.ShouldBe("inc-1-search-is-down");
        var everyone = announced.Attachments.ShouldHaveSingleItem();
        everyone.ViewUrl.ShouldNotContain("viewer=");

        (await sandbox.Http.GetAsync(new Uri(mine.DownloadUrl, UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await sandbox.Http.GetAsync(new Uri($"/sandbox/attachments/{mine.Id}?download=1&viewer=bob", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await sandbox.Http.GetAsync(new Uri(everyone.DownloadUrl + "&viewer=bob", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Hostile_markdown_in_a_file_cannot_inject_html_or_script_into_its_view()
    {
        var sandbox = Client();
        var post = await PostBotMessageAsync(NewChannel(), "text/markdown", "notes.md", Hostile, visibleTo: null, title: "<b>Title</b> <script>x()</script>");

        var view = await sandbox.Http.GetAsync(new Uri($"/sandbox/attachments/{post.Attachments[0].Id}", UriKind.Relative));

        view.StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldForbidScript(view);
        var html = await view.Content.ReadAsStringAsync();
        ShouldBeInert(html);
        html.ShouldContain("&lt;b&gt;Title&lt;/b&gt;");
        html.ShouldContain("&lt;div onclick=&quot;steal()&quot;&gt;raw block&lt;/div&gt;");
    }

    [Fact]
    public async Task A_calendar_file_is_viewed_as_plain_text_and_downloaded_as_a_calendar()
    {
        var sandbox = Client();
        const string invite = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:<script>alert(1)</script> review\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        var post = await PostBotMessageAsync(NewChannel(), "text/calendar", "INC-1-review.ics", invite, visibleTo: null);
        var id = post.Attachments[0].Id;

        var view = await sandbox.Http.GetAsync(new Uri($"/sandbox/attachments/{id}", UriKind.Relative));
        view.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        view.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("inline");
        view.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        string.Join(' ', view.Headers.GetValues("Content-Security-Policy")).ShouldContain("sandbox");
        (await view.Content.ReadAsStringAsync()).ShouldBe(invite);

        var download = await sandbox.Http.GetAsync(new Uri($"/sandbox/attachments/{id}?download=1", UriKind.Relative));
        download.Content.Headers.ContentType!.MediaType.ShouldBe("text/calendar");
        download.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        download.Content.Headers.ContentDisposition.FileName.ShouldBe("INC-1-review.ics");
        (await download.Content.ReadAsStringAsync()).ShouldBe(invite);
    }

    [Theory]
    [InlineData("text/html", "a.html", "application/octet-stream", "a.html")]
    [InlineData("image/svg+xml", "a.svg", "application/octet-stream", "a.svg")]
    [InlineData("not a type", "../../etc/passwd", "application/octet-stream", "etc-passwd")]
    [InlineData("text/markdown", "we\"ird\r\nname.md", "text/markdown", "we-ird--name.md")]
    public async Task A_download_never_serves_an_active_type_or_a_path(string mediaType, string fileName, string servedType, string servedName)
    {
        var sandbox = Client();
        var post = await PostBotMessageAsync(NewChannel(), mediaType, fileName, "<script>alert(1)</script>", visibleTo: null);

        var download = await sandbox.Http.GetAsync(new Uri($"/sandbox/attachments/{post.Attachments[0].Id}?download=1", UriKind.Relative));

        download.Content.Headers.ContentType!.MediaType.ShouldBe(servedType);
        download.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        (download.Content.Headers.ContentDisposition.FileNameStar ?? download.Content.Headers.ContentDisposition.FileName).ShouldBe(servedName);
    }

    [Theory]
    [InlineData("/sandbox/attachments/987654321")]
    [InlineData("/sandbox/attachments/0")]
    [InlineData("/sandbox/attachments/-1")]
    public async Task Unknown_attachments_are_404_problems(string path)
    {
        var response = await Client().Http.GetAsync(new Uri(path, UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task An_invalid_viewer_is_a_400_problem()
    {
        var post = await PostBotMessageAsync(NewChannel(), "text/plain", "a.txt", "x", visibleTo: null);

        var response = await Client().Http.GetAsync(new Uri($"/sandbox/attachments/{post.Attachments[0].Id}?viewer=%21%21", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task With_the_sandbox_off_attachments_do_not_exist()
    {
        using var off = new IncidentBotApp(new Dictionary<string, string?>(StringComparer.Ordinal) { ["Sandbox:Enabled"] = "false" });
        using var client = off.CreateClient();
        var store = off.Services.GetRequiredService<ISandboxChannelStore>();
        var post = await store.PostAsync(BotMessage("ops", null), [new NewSandboxAttachment("a.md", "A", "text/markdown", "# A", null)], CancellationToken.None);

        (await client.GetAsync(new Uri($"/sandbox/attachments/{post.Attachments[0].Id}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync(new Uri($"/sandbox/attachments/{post.Attachments[0].Id}?download=1", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    /// <summary>No element, attribute or link that could run script or load anything from elsewhere.</summary>
    internal static void ShouldBeInert(string html)
    {
        html.ShouldNotContain("<script", Case.Insensitive);
        html.ShouldNotContain("<img", Case.Insensitive);
        html.ShouldNotContain("<div onclick", Case.Insensitive);
        EventHandlerAttributePattern().IsMatch(html).ShouldBeFalse();
        Hrefs(html).ShouldAllBe(href => href.StartsWith('/') && !href.StartsWith("//", StringComparison.Ordinal) || href.StartsWith("https://", StringComparison.Ordinal));
        Hrefs(html).ShouldNotContain(href => href.Contains("evil", StringComparison.Ordinal));
    }

    /// <summary>The page may run no script at all and load nothing but its own inline style.</summary>
    internal static void ShouldForbidScript(HttpResponseMessage response)
    {
        var policy = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        policy.ShouldContain("default-src 'none'");
        policy.ShouldNotContain("script-src");
        policy.ShouldNotContain("unsafe-inline");
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
    }

    internal static IEnumerable<string> Hrefs(string html) =>
        HrefPattern().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups["href"].Value));

    private static SandboxMessage BotMessage(string channel, string? visibleTo) =>
        new(0, channel, "incidentbot", "IncidentBot", FromBot: true, "### A file", new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero), visibleTo);

    private Task<SandboxPost> PostBotMessageAsync(string channel, string mediaType, string fileName, string content, string? visibleTo, string title = "A file") =>
        app.Services.GetRequiredService<ISandboxChannelStore>().PostAsync(
            BotMessage(channel, visibleTo),
            [new NewSandboxAttachment(fileName, title, mediaType, content, PagePath: null)],
            CancellationToken.None);

    private SandboxClient Client() => new(app.CreateClient());

    private static string NewChannel() => "files-" + Guid.NewGuid().ToString("N")[..12];

    [GeneratedRegex("href=\"(?<href>[^\"]*)\"", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex HrefPattern();

    /// <summary>A tag with an <c>on…=</c> attribute (text that merely mentions one is encoded, so it has no tag).</summary>
    [GeneratedRegex(@"<[a-z][^>]*\son[a-z]+\s*=", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex EventHandlerAttributePattern();
}
