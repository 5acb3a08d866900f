using IncidentBot.Host.Sandbox;

namespace IncidentBot.Host.Tests;

/// <summary>What the sandbox adds for reviews: @mentions as sandbox users.</summary>
public sealed class SandboxReviewRenderingTests
{
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
