using System.Globalization;
using System.Text.Json.Nodes;
using IncidentBot.Core.Commands;
using IncidentBot.Slack.Rendering;

namespace IncidentBot.Slack.Tests;

public sealed class SlackMessageRendererTests
{
    private static SlackMessage RenderOne(params ReplyBlock[] blocks)
    {
        var messages = SlackMessageRenderer.Render(Reply.InChannel(blocks));
        messages.Count.ShouldBe(1);
        return messages[0];
    }

    private static IEnumerable<string> AllText(JsonNode node) => node switch
    {
        JsonObject obj => obj.SelectMany(pair => pair.Key == "text" && pair.Value is JsonValue value ? [value.GetValue<string>()] : pair.Value is null ? [] : AllText(pair.Value)),
        JsonArray array => array.SelectMany(item => item is null ? [] : AllText(item)),
        _ => [],
    };

    [Theory]
    [InlineData("<!here> the db is down", "&lt;!here&gt; the db is down")]
    [InlineData("ping <@U123> and <#C1|ops>", "ping &lt;@U123&gt; and &lt;#C1|ops&gt;")]
    [InlineData("<https://evil.example|click me>", "&lt;https://evil.example|click me&gt;")]
    [InlineData("p99 > 2s & rising", "p99 &gt; 2s &amp; rising")]
    [InlineData("already &lt; escaped", "already &amp;lt; escaped")]
    public void User_text_is_escaped_so_it_cannot_mention_or_link(string text, string expected)
    {
        var message = RenderOne(new TextBlock(text));
        message.Blocks[0]!["text"]!["text"]!.GetValue<string>().ShouldBe(expected);
        message.Text.ShouldBe(expected);
    }

    [Fact]
    public void Every_kind_of_block_escapes_its_text()
    {
        const string Hostile = "<!channel>";
        var message = RenderOne(
            new HeadingBlock("Incident " + Hostile),
            new FieldsBlock([new ReplyField(Hostile, Hostile)]),
            new ListBlock([Hostile]),
            new TimelineBlock([new TimelineLine(Hostile, Hostile, Hostile, Hostile, true, null)], "Europe/Berlin"),
            new ContextBlock(Hostile),
            new ErrorBlock(Hostile),
            new UsageBlock(Hostile));
        var mrkdwn = AllText(message.Blocks).Where(text => !text.StartsWith("Incident", StringComparison.Ordinal)).ToList();
        mrkdwn.ShouldNotBeEmpty();
        mrkdwn.ShouldAllBe(text => !text.Contains("<!channel>", StringComparison.Ordinal));
        message.Text.ShouldNotContain("<!channel>");
        message.Blocks[0]!["type"]!.GetValue<string>().ShouldBe("header");
        message.Blocks[0]!["text"]!["type"]!.GetValue<string>().ShouldBe("plain_text");
    }

    [Fact]
    public void Headers_are_cut_to_150_characters()
    {
        var header = RenderOne(new HeadingBlock(new string('h', 400))).Blocks[0]!["text"]!["text"]!.GetValue<string>();
        header.Length.ShouldBe(SlackMessageRenderer.MaxHeaderText);
        header.ShouldEndWith("…");
    }

    [Fact]
    public void Long_text_is_split_into_sections_of_at_most_3000_characters()
    {
        var lines = Enumerable.Range(0, 200).Select(i => $"line {i} " + new string('x', 50));
        var message = RenderOne(new TextBlock(string.Join('\n', lines)));
        message.Blocks.Count.ShouldBeGreaterThan(3);
        message.Blocks.ShouldAllBe(block => block!["text"]!["text"]!.GetValue<string>().Length <= SlackMessageRenderer.MaxSectionText);
        string.Join('\n', message.Blocks.Select(block => block!["text"]!["text"]!.GetValue<string>())).ShouldBe(string.Join('\n', lines));
    }

    [Fact]
    public void A_single_huge_line_is_cut_without_breaking_an_escape()
    {
        var text = new string('a', 2998) + "&&&&" + new string('b', 3000);
        var sections = SlackMessageRenderer.Render(Reply.Private(new TextBlock(text)))[0].Blocks
            .Select(block => block!["text"]!["text"]!.GetValue<string>()).ToList();
        sections.ShouldAllBe(section => section.Length <= SlackMessageRenderer.MaxSectionText);
        string.Concat(sections).ShouldBe(Mrkdwn.Escape(text));
        sections[0].ShouldEndWith("aa");
        sections[1].ShouldStartWith("&amp;");
    }

    [Fact]
    public void A_long_timeline_becomes_several_messages_within_slacks_limits()
    {
        var lines = Enumerable.Range(0, 600)
            .Select(i => new TimelineLine(string.Create(CultureInfo.InvariantCulture, $"14:{i % 60:D2}"), "Note", "alice", $"step {i}: " + new string('z', 80), false, "https://acme.slack.com/archives/C1/p1"))
            .ToList();
        var messages = SlackMessageRenderer.Render(Reply.Private(new HeadingBlock("Timeline"), new TimelineBlock(lines, "UTC")));

        messages.Count.ShouldBeGreaterThan(1);
        foreach (var message in messages)
        {
            message.Blocks.Count.ShouldBeLessThanOrEqualTo(SlackMessageRenderer.MaxBlocksPerMessage);
            AllText(message.Blocks).Sum(text => text.Length).ShouldBeLessThanOrEqualTo(SlackMessageRenderer.MaxBlockTextPerMessage);
            message.Text.Length.ShouldBeLessThanOrEqualTo(SlackMessageRenderer.MaxFallbackText);
        }

        var rendered = string.Join('\n', messages.SelectMany(message => AllText(message.Blocks)));
        for (var i = 0; i < lines.Count; i++)
        {
            rendered.ShouldContain($"step {i}: ");
        }

        rendered.ShouldContain("<https://acme.slack.com/archives/C1/p1|view>");
        rendered.ShouldContain("Times in UTC");
    }

    [Fact]
    public void More_than_fifty_blocks_are_split_across_messages()
    {
        var blocks = Enumerable.Range(0, 120).Select(i => (ReplyBlock)new TextBlock("block " + i.ToString(CultureInfo.InvariantCulture))).ToArray();
        var messages = SlackMessageRenderer.Render(Reply.InChannel(blocks));
        messages.Select(message => message.Blocks.Count).ShouldBe([50, 50, 20]);
    }

    [Fact]
    public void Timeline_lines_show_time_label_text_author_and_edits()
    {
        var message = RenderOne(new TimelineBlock([new TimelineLine("14:05", "Pinned", "bob", "rolled back", true, null)], "Europe/Berlin"));
        message.Blocks[0]!["text"]!["text"]!.GetValue<string>().ShouldBe("`14:05` *Pinned* rolled back — bob _(edited)_");
        message.Blocks[1]!["type"]!.GetValue<string>().ShouldBe("context");
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("<!here>")]
    [InlineData("not a url")]
    public void Only_http_links_become_links(string link) => Mrkdwn.Link(link, "view").ShouldBeNull();

    [Fact]
    public void A_link_cannot_close_itself_early() =>
        Mrkdwn.Link("https://x.example/a|b>c", "view").ShouldBe("<https://x.example/a%7Cb%3Ec|view>");

    [Fact]
    public void Actions_become_buttons_carrying_the_command_text()
    {
        var message = RenderOne(new ActionsBlock([
            new ReplyAction("draft", "Draft the postmortem", "/postmortem draft"),
            new ReplyAction("draft", "Schedule the review <!here>", "/postmortem schedule auto"),
        ]));
        var elements = message.Blocks[0]!["elements"]!.AsArray();
        elements.Count.ShouldBe(2);
        elements[0]!["type"]!.GetValue<string>().ShouldBe("button");
        elements[0]!["value"]!.GetValue<string>().ShouldBe("/postmortem draft");
        elements[1]!["value"]!.GetValue<string>().ShouldBe("/postmortem schedule auto");
        elements.Select(e => e!["action_id"]!.GetValue<string>()).ShouldBe(["draft", "draft-2"]);
        elements[1]!["text"]!["type"]!.GetValue<string>().ShouldBe("plain_text");
    }

    [Fact]
    public void More_than_25_buttons_use_several_action_blocks_and_long_labels_are_cut()
    {
        var actions = Enumerable.Range(0, 30).Select(i => new ReplyAction($"a{i}", new string('L', 100), "/incident show")).ToList();
        var message = RenderOne(new ActionsBlock(actions));
        message.Blocks.Select(block => block!["elements"]!.AsArray().Count).ShouldBe([25, 5]);
        message.Blocks[0]!["elements"]![0]!["text"]!["text"]!.GetValue<string>().Length.ShouldBe(SlackMessageRenderer.MaxButtonText);
    }

    [Fact]
    public void Fields_use_at_most_ten_per_section()
    {
        var fields = Enumerable.Range(0, 13).Select(i => new ReplyField($"k{i}", $"v{i}")).ToList();
        var message = RenderOne(new FieldsBlock(fields));
        message.Blocks.Select(block => block!["fields"]!.AsArray().Count).ShouldBe([10, 3]);
        message.Blocks[0]!["fields"]![0]!["text"]!.GetValue<string>().ShouldBe("*k0*\nv0");
    }

    [Fact]
    public void An_error_reply_shows_the_message_and_the_usage()
    {
        var message = SlackMessageRenderer.Render(Reply.Error("Unknown verb 'foo'.", "/incident status investigating|identified|monitoring|resolved [note]"))[0];
        message.Blocks[0]!["text"]!["text"]!.GetValue<string>().ShouldBe(":warning: Unknown verb 'foo'.");
        message.Blocks[1]!["text"]!["text"]!.GetValue<string>().ShouldStartWith("*Usage*\n```/incident status");
        message.Text.ShouldContain("Usage: /incident status");
    }

    [Fact]
    public void The_payload_is_a_fresh_copy_each_time()
    {
        var message = RenderOne(new TextBlock("hi"));
        var first = message.ToPayload();
        first["channel"] = "C1";
        message.ToPayload().ContainsKey("channel").ShouldBeFalse();
        first["blocks"]!.AsArray().Count.ShouldBe(1);
    }
}
