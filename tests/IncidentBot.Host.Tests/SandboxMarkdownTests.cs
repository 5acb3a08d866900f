using System.Net;
using System.Text.RegularExpressions;
using IncidentBot.Core.Commands;
using IncidentBot.Host.Sandbox;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using HeadingBlock = IncidentBot.Core.Commands.HeadingBlock;
using ListBlock = IncidentBot.Core.Commands.ListBlock;

namespace IncidentBot.Host.Tests;

/// <summary>Reply → Markdown → HTML: people's text can never become markup.</summary>
public sealed partial class SandboxMarkdownTests
{
    public static TheoryData<string> Hostile => new()
    {
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "**bold** and _em_ and `code`",
        "<javascript:alert(1)>",
        "<https://evil.example>",
        "![img](https://evil.example/x.png)",
        "# heading",
        "- item\n1. item\n> quote",
        "line one\n\n    indented code\n===",
        "a | b | c",
        "&lt;b&gt; &amp; &#60;",
        "[ref]: https://evil.example\n[ref]",
        "\\*escaped\\* \\",
        "``` fence\ncode\n```",
        "<img src=x onerror=alert(1)>",
        "trailing backslash \\",
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Text_blocks_render_hostile_text_as_the_same_plain_characters(string hostile)
    {
        var markdown = SandboxMarkdown.Render(Reply.InChannel(new TextBlock(hostile)));

        var document = Markdown.Parse(markdown, new MarkdownPipelineBuilder().UsePipeTables().Build());
        document.Descendants<LinkInline>().ShouldBeEmpty();
        document.Descendants<AutolinkInline>().ShouldBeEmpty();
        document.Descendants<HtmlInline>().ShouldBeEmpty();
        document.Descendants<HtmlBlock>().ShouldBeEmpty();
        document.Descendants<EmphasisInline>().ShouldBeEmpty();
        document.Descendants<CodeInline>().ShouldBeEmpty();
        document.ShouldHaveSingleItem().ShouldBeOfType<ParagraphBlock>();
        Normalise(PlainText(document)).ShouldBe(Normalise(hostile));
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void No_block_lets_hostile_text_become_html_links_or_structure(string hostile)
    {
        var reply = Reply.InChannel(
            new HeadingBlock(hostile),
            new TextBlock(hostile),
            new FieldsBlock([new ReplyField(hostile, hostile)]),
            new ListBlock([hostile, hostile]),
            new TimelineBlock([new TimelineLine(hostile, hostile, hostile, hostile, Edited: true, Link: null)], "UTC"),
            new ContextBlock(hostile),
            new ErrorBlock(hostile),
            new UsageBlock(hostile),
            new ActionsBlock([new ReplyAction("a", hostile, hostile)]));

        var html = SandboxHtml.Render(SandboxMarkdown.Render(reply));

        html.ShouldNotContain("<script", Case.Insensitive);
        html.ShouldNotContain("<img", Case.Insensitive);
        html.ShouldNotContain("href=\"javascript", Case.Insensitive);
        html.ShouldNotContain("evil.example\"");
        html.ShouldNotContain("<strong>bold</strong>");
        html.ShouldNotContain("<h1");
        html.ShouldNotContain("<blockquote>");
        Hrefs(html).ShouldAllBe(href => href.StartsWith("#cmd=", StringComparison.Ordinal));
        Occurrences(html, "<table").ShouldBe(1);
        Occurrences(html, "<tr>").ShouldBe(2);
        Occurrences(html, "<td").ShouldBe(4);
    }

    [Fact]
    public void Renders_each_block_distinguishably()
    {
        var reply = Reply.Private(
            new HeadingBlock("INC-7 Checkout latency"),
            new TextBlock("Declared by alice."),
            new FieldsBlock([new ReplyField("Severity", "SEV2"), new ReplyField("Status", "investigating")]),
            new ListBlock(["one", "two"]),
            new ContextBlock("Times in Europe/Berlin"),
            new ErrorBlock("No incident here."),
            new UsageBlock("/incident status investigating|identified|monitoring|resolved [note]"),
            new ActionsBlock([new ReplyAction("draft", "Draft postmortem", "/postmortem draft")]));

        var html = SandboxHtml.Render(SandboxMarkdown.Render(reply));

        html.ShouldContain("<h3>INC-7 Checkout latency</h3>");
        html.ShouldContain("<li><strong>Severity:</strong> SEV2</li>");
        html.ShouldContain("<li>one</li>");
        Occurrences(html, "<ul>").ShouldBe(2);
        html.ShouldContain("<em>Times in Europe/Berlin</em>");
        html.ShouldContain("<blockquote class=\"error\">");
        html.ShouldContain("No incident here.");
        html.ShouldContain("<strong>Usage:</strong> <code>/incident status investigating|identified|monitoring|resolved [note]</code>");
        html.ShouldContain("<a href=\"#cmd=%2Fpostmortem%20draft\" class=\"action\">Draft postmortem</a>");
    }

    [Fact]
    public void Renders_the_timeline_as_a_table_with_safe_links_only()
    {
        var timeline = new TimelineBlock(
            [
                new TimelineLine("14:05", "Note", "alice", "Rolled back | deploy 4711", Edited: false, Link: "/?channel=inc-1-x&message=12"),
                new TimelineLine("14:07", "Pinned", "bob", "p99 recovered", Edited: true, Link: "javascript:alert(1)"),
                new TimelineLine("14:09", "Message", "bob", "see dashboard", Edited: false, Link: "https://grafana.example/d/abc?from=now-1h"),
            ],
            "Europe/Berlin");

        var html = SandboxHtml.Render(SandboxMarkdown.Render(Reply.InChannel(timeline)));

        html.ShouldContain("<table class=\"timeline\">");
        Occurrences(html, "<tr>").ShouldBe(4);
        html.ShouldContain("Rolled back | deploy 4711");
        html.ShouldContain("<em>(edited)</em>");
        html.ShouldContain("<th>When (Europe/Berlin)</th>");
        Hrefs(html).ShouldBe(["/?channel=inc-1-x&message=12", "https://grafana.example/d/abc?from=now-1h"]);
        html.ShouldContain("rel=\"noopener noreferrer\"");
    }

    [Fact]
    public void An_empty_timeline_says_so()
    {
        var html = SandboxHtml.Render(SandboxMarkdown.Render(Reply.InChannel(new TimelineBlock([], "UTC"))));

        html.ShouldContain("No timeline events yet.");
        html.ShouldNotContain("<table");
    }

    [Fact]
    public void Multi_line_usage_is_a_code_block_that_backticks_cannot_close()
    {
        var usage = "/incident declare <title>\n```\n<script>alert(1)</script>\n/incident sev <1-4>";

        var html = SandboxHtml.Render(SandboxMarkdown.Render(Reply.Private(new UsageBlock(usage))));

        html.ShouldContain("<pre><code>");
        html.ShouldContain("&lt;script&gt;");
        html.ShouldNotContain("<script");
        Occurrences(html, "<pre>").ShouldBe(1);
    }

    [Fact]
    public void The_echoed_command_is_a_code_span_that_cannot_be_closed_early()
    {
        var markdown = SandboxMarkdown.Render(Reply.Private(new TextBlock("ok")), new SandboxEcho("**mallory**", "/incident timeline `x` <b>y</b> ``z``"));

        var html = SandboxHtml.Render(markdown);

        html.ShouldContain("<em>**mallory** ran</em>");
        html.ShouldContain("<code>/incident timeline `x` &lt;b&gt;y&lt;/b&gt; ``z``</code>");
    }

    [Theory]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](JAVASCRIPT:alert(1))")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("[x](//evil.example/path)")]
    [InlineData("[x](vbscript:msgbox)")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("![x](https://evil.example/pixel.png)")]
    [InlineData("<mailto:someone@example.com>")]
    public void The_html_renderer_drops_links_it_did_not_build(string markdown)
    {
        var html = SandboxHtml.Render(markdown);

        Hrefs(html).ShouldBeEmpty();
        html.ShouldNotContain("<img");
    }

    [Fact]
    public void The_html_renderer_never_passes_raw_html()
    {
        var html = SandboxHtml.Render("<div onclick=\"x()\">hi</div>\n\ninline <b onmouseover=alert(1)>b</b>");

        html.ShouldNotContain("<div");
        html.ShouldNotContain("<b ");
        html.ShouldContain("&lt;div onclick=&quot;x()&quot;&gt;");
    }

    private static IEnumerable<string> Hrefs(string html) =>
        HrefPattern().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups["href"].Value));

    private static string PlainText(MarkdownObject document) =>
        string.Concat(document.Descendants<Inline>().Select(inline => inline switch
        {
            LiteralInline literal => literal.Content.ToString(),
            LineBreakInline => " ",
            _ => string.Empty,
        }));

    /// <summary>Line breaks and runs of whitespace are not content: the renderer folds them.</summary>
    private static string Normalise(string text) => WhitespacePattern().Replace(text, " ").Trim();

    private static int Occurrences(string text, string needle)
    {
        var count = 0;
        for (var at = text.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = text.IndexOf(needle, at + needle.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    [GeneratedRegex("href=\"(?<href>[^\"]*)\"", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex HrefPattern();

    [GeneratedRegex(@"\s+", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex WhitespacePattern();
}
