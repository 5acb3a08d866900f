using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Slack.Inbound;
using IncidentBot.Slack.Outbound;
using IncidentBot.Slack.Rendering;
using IncidentBot.TestKit;
using IncidentBot.TestKit.Slack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static IncidentBot.TestKit.Slack.SlackBodies;

namespace IncidentBot.Slack.Tests;

/// <summary>
/// Core's <see cref="AttachmentBlock"/> (a postmortem draft's Markdown) in Slack: messages say where the file is, and
/// the file goes through the durable outbox and Slack's external upload flow, so an outage delays it but never loses it.
/// </summary>
public sealed class SlackAttachmentTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly AttachmentBlock Draft = new("INC-7-postmortem-v1.md", "INC-7 <!here> postmortem draft v1", "text/markdown", "# INC-7 Checkout latency\n\n## TL;DR\n");
    private SlackTestApp _app = null!;

    public async Task InitializeAsync() => _app = await SlackTestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static List<string> ContextLines(JsonNode message) =>
        [.. message["blocks"]!.AsArray()
            .Where(block => block!["type"]!.GetValue<string>() == "context")
            .Select(block => block!["elements"]![0]!["text"]!.GetValue<string>())];

    [Fact]
    public void An_in_channel_message_says_the_file_follows_and_a_private_one_where_it_is_shared()
    {
        var inChannel = SlackMessageRenderer.Render(Reply.InChannel(new TextBlock("Draft ready"), Draft)).ShouldHaveSingleItem();
        var privately = SlackMessageRenderer.Render(Reply.Private(new TextBlock("Done"), Draft)).ShouldHaveSingleItem();

        var line = inChannel.Blocks[1]!;
        line["type"]!.GetValue<string>().ShouldBe("context");
        line["elements"]![0]!["text"]!.GetValue<string>().ShouldBe(":page_facing_up: *INC-7 &lt;!here&gt; postmortem draft v1* follows in this channel as the file `INC-7-postmortem-v1.md`.");
        privately.Blocks[1]!["elements"]![0]!["text"]!.GetValue<string>().ShouldContain("is shared as a file with the channel announcement");
        inChannel.ToPayload().ToJsonString().ShouldNotContain("## TL;DR");
    }

    [Fact]
    public void With_a_page_url_the_file_line_links_to_the_page_escaped_and_only_for_http()
    {
        var linked = Draft with { PageUrl = "https://bot.example.com/incidents/slack%3AT1/7/postmortem?version=1&x=<!here>|y" };

        var inChannel = ContextLines(SlackMessageRenderer.Render(Reply.InChannel(linked)).ShouldHaveSingleItem().ToPayload()).ShouldHaveSingleItem();
        var privately = ContextLines(SlackMessageRenderer.Render(Reply.Private(linked)).ShouldHaveSingleItem().ToPayload()).ShouldHaveSingleItem();
        var unsafeScheme = ContextLines(SlackMessageRenderer.Render(Reply.InChannel(Draft with { PageUrl = "javascript:alert(1)" })).ShouldHaveSingleItem().ToPayload()).ShouldHaveSingleItem();

        inChannel.ShouldEndWith(" <https://bot.example.com/incidents/slack%3AT1/7/postmortem?version=1&amp;x=%3C!here%3E%7Cy|View in browser>");
        inChannel.ShouldStartWith(":page_facing_up: *INC-7 &lt;!here&gt; postmortem draft v1* follows in this channel as the file");
        privately.ShouldEndWith("|View in browser>");
        unsafeScheme.ShouldNotContain("View in browser");
        unsafeScheme.ShouldNotContain("javascript");
    }

    [Fact]
    public void A_reply_to_the_channel_is_its_messages_then_its_files_and_an_ephemeral_one_has_no_file()
    {
        var reply = Reply.InChannel(new TextBlock("Draft ready"), Draft);

        var forChannel = SlackOutbound.FromReply("C1", reply).ToList();
        var forOne = SlackOutbound.FromReply("C1", reply, ephemeralUserId: "U1").ToList();

        forChannel.Select(item => item.GetType()).ShouldBe([typeof(SlackOutboundMessage), typeof(SlackOutboundFile)]);
        forChannel[1].ShouldBe(new SlackOutboundFile("C1", Draft.FileName, Draft.Title, Draft.Content));
        forOne.ShouldHaveSingleItem().ShouldBeOfType<SlackOutboundMessage>();
    }

    [Fact]
    public async Task A_queued_file_is_uploaded_with_the_three_step_flow_and_shared_in_the_channel()
    {
        await using var app = await SlackTestApp.StartAsync(outboxWorker: false);
        var outbox = app.App.Services.GetRequiredService<SlackOutbox>();
        await outbox.EnqueueAsync("T1", [new SlackOutboundFile("C1", Draft.FileName, Draft.Title, Draft.Content)], dedupeKey: null, None);

        (await app.CreateWorker().RunOnceAsync(app.Clock.GetUtcNow(), None)).ShouldBe(1);

        var ticket = app.Slack.RequestsTo("files.getUploadURLExternal").ShouldHaveSingleItem();
        (ticket.Fields["filename"], ticket.Fields["length"]).ShouldBe((Draft.FileName, Encoding.UTF8.GetByteCount(Draft.Content).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Encoding.UTF8.GetString(app.Slack.Uploads.ShouldHaveSingleItem()).ShouldBe(Draft.Content);
        var complete = app.Slack.RequestsTo("files.completeUploadExternal").ShouldHaveSingleItem();
        complete.Fields["channel_id"].ShouldBe("C1");
        complete.Fields["initial_comment"].ShouldBe("INC-7 &lt;!here&gt; postmortem draft v1");
        JsonNode.Parse(complete.Fields["files"])![0]!["title"]!.GetValue<string>().ShouldBe(Draft.Title);
        app.Outbox.All.ShouldHaveSingleItem().Kind.ShouldBe(SlackOutbox.FileUploadKind);
        (await app.Outbox.ListUndeliveredAsync("slack:T1", 10, None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_upload_interrupted_by_an_outage_completes_the_same_file_once_a_late_share_cannot_still_come()
    {
        await using var app = await SlackTestApp.StartAsync(outboxWorker: false);
        var outbox = app.App.Services.GetRequiredService<SlackOutbox>();
        await outbox.EnqueueAsync("T1", [new SlackOutboundFile("C1", Draft.FileName, Draft.Title, Draft.Content)], dedupeKey: null, None);
        app.Slack.Enqueue("files.completeUploadExternal", FakeSlackAnswer.ServerError(503));
        var now = app.Clock.GetUtcNow();
        var worker = app.CreateWorker();

        await worker.RunOnceAsync(now, None);
        var waiting = (await app.Outbox.ListUndeliveredAsync("slack:T1", 10, None)).ShouldHaveSingleItem();
        await worker.RunOnceAsync(waiting.NextAttemptAt, None);
        var pending = (await app.Outbox.ListUndeliveredAsync("slack:T1", 10, None)).ShouldHaveSingleItem();
        await worker.RunOnceAsync(pending.NextAttemptAt, None);

        (waiting.LastError, waiting.OutcomeUnknown).ShouldBe(("http_503", true));
        (pending.LastError, pending.NextAttemptAt).ShouldBe(("file_share_pending", now + new SlackOutboxTimings().FileShareGrace));
        app.Slack.RequestsTo("files.getUploadURLExternal").ShouldHaveSingleItem();
        app.Slack.Uploads.ShouldHaveSingleItem();
        app.Slack.RequestsTo("files.completeUploadExternal").Count.ShouldBe(2);
        (await app.Outbox.ListUndeliveredAsync("slack:T1", 10, None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Postmortem_draft_in_the_incident_channel_is_posted_there_with_the_markdown_as_a_file()
    {
        await _app.PostFormAsync("/slack/commands", SlashCommand("declare Checkout latency sev2", triggerId: "t-declare"));

        using var response = await _app.PostFormAsync("/slack/commands", SlashCommand("draft", command: "/postmortem", triggerId: "t-draft"));

        // The answer is the acknowledgement (see SlackDeferredCommandTests); the outbox worker runs the draft and posts it.
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["response_type"]!.GetValue<string>().ShouldBe("ephemeral");
        var posted = await _app.Slack.WaitForAsync("chat.postMessage", Wait);
        posted.Json["channel"]!.GetValue<string>().ShouldBe("C1");
        ContextLines(posted.Json).ShouldContain(line => line.Contains("follows in this channel as the file `INC-1-postmortem-v1.md`", StringComparison.Ordinal));
        var complete = await _app.Slack.WaitForAsync("files.completeUploadExternal", Wait);
        complete.Fields["channel_id"].ShouldBe("C1");
        var markdown = Encoding.UTF8.GetString(_app.Slack.Uploads.ShouldHaveSingleItem());
        markdown.ShouldStartWith("# ");
        markdown.ShouldContain("Checkout latency");
        _app.Outbox.All.Select(m => (m.Kind, m.DedupeKey)).ShouldBe([
            (SlackOutbox.JoinKind, "t-declare/join/0"),
            (SlackDeferredCommands.Kind, "t-draft"), (SlackOutbox.PostMessageKind, "t-draft/0"), (SlackOutbox.FileUploadKind, "t-draft/1"),
        ]);
    }

    [Fact]
    public async Task With_a_public_base_url_a_postmortem_draft_links_to_its_web_page_in_what_is_posted()
    {
        await using var app = await SlackTestApp.StartAsync(new Dictionary<string, string?>(StringComparer.Ordinal) { ["Web:PublicBaseUrl"] = "https://bot.example.com/ib/" });
        await app.PostFormAsync("/slack/commands", SlashCommand("declare Checkout latency sev2", channelId: "CINC", triggerId: "t-declare"));
        const string Page = "https://bot.example.com/ib/incidents/slack%3AT1/1/postmortem?version=";

        (await app.PostFormAsync("/slack/commands", SlashCommand("draft", command: "/postmortem", channelId: "CINC", triggerId: "t-draft-1"))).Dispose();
        var inChannel = await app.Slack.WaitForAsync("chat.postMessage", Wait);
        (await app.PostFormAsync("/slack/commands", SlashCommand("INC-1 draft", command: "/postmortem", channelId: "C2", triggerId: "t-draft-2"))).Dispose();
        var calls = await app.Slack.WaitForEachAsync(Wait, "chat.postEphemeral", "chat.postMessage");
        var (confirmation, announced) = (calls["chat.postEphemeral"], calls["chat.postMessage"]);

        inChannel.Json["channel"]!.GetValue<string>().ShouldBe("CINC");
        ContextLines(inChannel.Json).ShouldContain(line => line.EndsWith($"<{Page}1|View in browser>", StringComparison.Ordinal));
        confirmation.Json["channel"]!.GetValue<string>().ShouldBe("C2");
        ContextLines(confirmation.Json).ShouldContain(line => line.EndsWith($"<{Page}2|View in browser>", StringComparison.Ordinal));
        announced.Json["channel"]!.GetValue<string>().ShouldBe("CINC");
        ContextLines(announced.Json).ShouldContain(line => line.EndsWith($"<{Page}2|View in browser>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_public_base_url_a_postmortem_draft_has_no_link()
    {
        await _app.PostFormAsync("/slack/commands", SlashCommand("declare Checkout latency sev2", channelId: "CINC", triggerId: "t-declare"));

        (await _app.PostFormAsync("/slack/commands", SlashCommand("draft", command: "/postmortem", channelId: "CINC", triggerId: "t-draft-1"))).Dispose();
        var inChannel = await _app.Slack.WaitForAsync("chat.postMessage", Wait);
        (await _app.PostFormAsync("/slack/commands", SlashCommand("INC-1 draft", command: "/postmortem", channelId: "C2", triggerId: "t-draft-2"))).Dispose();
        var calls = await _app.Slack.WaitForEachAsync(Wait, "chat.postEphemeral", "chat.postMessage");
        var (confirmation, announced) = (calls["chat.postEphemeral"], calls["chat.postMessage"]);

        ContextLines(inChannel.Json).ShouldContain(line => line.Contains("follows in this channel as the file", StringComparison.Ordinal));
        foreach (var posted in new[] { inChannel, confirmation, announced })
        {
            posted.Body.ShouldNotContain("View in browser");
            posted.Body.ShouldNotContain("/incidents/");
        }
    }

    [Fact]
    public async Task Postmortem_draft_from_another_channel_confirms_privately_and_posts_message_and_file_in_the_incident_channel()
    {
        await _app.PostFormAsync("/slack/commands", SlashCommand("declare Checkout latency sev2", channelId: "CINC", triggerId: "t-declare"));

        using var response = await _app.PostFormAsync("/slack/commands", SlashCommand("INC-1 draft", command: "/postmortem", channelId: "C2", triggerId: "t-draft"));

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        body["response_type"]!.GetValue<string>().ShouldBe("ephemeral");
        body["text"]!.GetValue<string>().ShouldContain("INC-1's postmortem");
        var calls = await _app.Slack.WaitForEachAsync(Wait, "chat.postEphemeral", "chat.postMessage", "files.completeUploadExternal");
        var confirmation = calls["chat.postEphemeral"];
        (confirmation.Json["channel"]!.GetValue<string>(), confirmation.Json["user"]!.GetValue<string>()).ShouldBe(("C2", "U1"));
        ContextLines(confirmation.Json).ShouldContain(line => line.Contains("is shared as a file with the channel announcement", StringComparison.Ordinal));
        calls["chat.postMessage"].Json["channel"]!.GetValue<string>().ShouldBe("CINC");
        calls["files.completeUploadExternal"].Fields["channel_id"].ShouldBe("CINC");
        _app.Outbox.All.Select(m => (m.ChannelId, m.Kind)).ShouldBe([
            ("CINC", SlackOutbox.JoinKind), ("C2", SlackDeferredCommands.Kind), ("C2", SlackOutbox.PostEphemeralKind), ("CINC", SlackOutbox.PostMessageKind), ("CINC", SlackOutbox.FileUploadKind),
        ]);
    }
}
