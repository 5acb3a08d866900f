using IncidentBot.Core.Postmortems;

namespace IncidentBot.Core.Tests.Postmortems;

public sealed class PostmortemLinksTests
{
    [Fact]
    public void The_workspace_key_is_one_percent_encoded_path_segment()
    {
        PostmortemLinks.Page("sandbox:sandbox", 1, version: null).ShouldBe("/incidents/sandbox%3Asandbox/1/postmortem");
        PostmortemLinks.Page("slack:T123", 42, version: 3).ShouldBe("/incidents/slack%3AT123/42/postmortem?version=3");
        PostmortemLinks.Markdown("teams:a/b?c", 7, version: 2).ShouldBe("/incidents/teams%3Aa%2Fb%3Fc/7/postmortem.md?version=2");
    }
}
