using IncidentBot.Core.Commands;
using IncidentBot.Host.Sandbox;

namespace IncidentBot.Host.Tests;

/// <summary>What the sandbox adds for reviews: attachments in messages, and @mentions as sandbox users.</summary>
public sealed class SandboxReviewRenderingTests
{
    [Fact]
    public void An_attachment_shows_its_title_and_its_text_in_a_block_that_its_text_cannot_close()
    {
        var hostile = "BEGIN:VCALENDAR\r\n````\n<script>alert(1)</script>\n[x](javascript:alert(1))\r\nEND:VCALENDAR\r\n";
        var reply = Reply.InChannel(new AttachmentBlock("INC-1-review.ics", "INC-1 review <b>", "text/calendar", hostile));

        var html = SandboxHtml.Render(SandboxMarkdown.Render(reply));

        html.ShouldContain("<strong>INC-1 review &lt;b&gt;</strong>");
        html.ShouldContain("<code>INC-1-review.ics</code>");
        html.ShouldContain("<pre><code>BEGIN:VCALENDAR\n````\n&lt;script&gt;alert(1)&lt;/script&gt;\n[x](javascript:alert(1))\nEND:VCALENDAR\n</code></pre>");
        html.ShouldNotContain("<script");
        html.ShouldNotContain("href=");
    }

    [Theory]
    [InlineData("role commander @bob", "role commander <@u-bob|bob>")]
    [InlineData("action Add an alert owner:@carol due:friday", "action Add an alert owner:<@u-carol|carol> due:friday")]
    [InlineData("facilitators add @dave @Erin.", "facilitators add <@u-dave|dave> <@u-erin|Erin>.")]
    [InlineData("mail bob@example.com or <@U1|bob>", "mail bob@example.com or <@U1|bob>")]
    [InlineData("@@x and @ alone", "@@x and @ alone")]
    public void At_names_become_mentions_of_sandbox_users(string typed, string linked)
    {
        SandboxNames.LinkMentions(typed).ShouldBe(linked);
    }
}
