using IncidentBot.Slack.Inbound;

namespace IncidentBot.Slack.Tests;

public sealed class SlackTextTests
{
    [Theory]
    [InlineData("<@U043H11ES4V|alice> restarted it", "@alice restarted it")]
    [InlineData("<@U043H11ES4V> restarted it", "@U043H11ES4V restarted it")]
    [InlineData("see <#C123|ops>", "see #ops")]
    [InlineData("<!here> db down", "@here db down")]
    [InlineData("<!subteam^S1|@oncall> paged", "@oncall paged")]
    [InlineData("<https://status.example.com|status page>", "status page (https://status.example.com)")]
    [InlineData("<https://status.example.com>", "https://status.example.com")]
    [InlineData("p99 &gt; 2s &amp; &lt;rising&gt;", "p99 > 2s & <rising>")]
    [InlineData("<!date^1392734382^{date}|Feb 18, 2014>", "Feb 18, 2014")]
    [InlineData("", "")]
    public void Slack_markup_becomes_plain_text(string text, string expected) => SlackText.ToPlain(text).ShouldBe(expected);
}
