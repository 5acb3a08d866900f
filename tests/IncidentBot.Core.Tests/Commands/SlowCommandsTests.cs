using IncidentBot.Core.Commands;
using IncidentBot.TestKit;

namespace IncidentBot.Core.Tests.Commands;

public sealed class SlowCommandsTests
{
    private static Reply? Acknowledgement(string command, string text, bool opensNewChannels = true) =>
        SlowCommands.Acknowledgement(Builders.AnIncidentCommand(text) with { Command = command }, opensNewChannels);

    [Fact]
    public void A_declare_that_opens_a_channel_is_acknowledged_in_the_channel_with_its_title_and_severity()
    {
        var reply = Acknowledgement("incident", "declare DB latency sev2").ShouldNotBeNull();

        reply.Visibility.ShouldBe(ReplyVisibility.InChannel);
        reply.FallbackText.ShouldBe("Declaring “DB latency” (SEV2)… the incident channel is being opened.");
        Acknowledgement("/incident", "declare Queue backlog").ShouldNotBeNull().FallbackText.ShouldContain("(SEV3)");
    }

    [Fact]
    public void A_declare_that_stays_in_the_channel_runs_at_once() =>
        Acknowledgement("incident", "declare DB latency sev2", opensNewChannels: false).ShouldBeNull();

    [Theory]
    [InlineData("draft", "Compiling the draft of this incident's postmortem; it will be posted here in a moment.")]
    [InlineData("INC-4 draft", "Compiling the draft of INC-4's postmortem; it will be posted in the incident's channel in a moment.")]
    [InlineData("draft #4", "Compiling the draft of INC-4's postmortem; it will be posted in the incident's channel in a moment.")]
    [InlineData("publish", "Publishing this incident's postmortem; it will be posted here in a moment.")]
    [InlineData("publish --roles", "Publishing this incident's postmortem with names replaced by incident roles; it will be posted here in a moment.")]
    public void Drafting_and_publishing_a_postmortem_are_acknowledged_privately(string text, string expected)
    {
        foreach (var opensNewChannels in new[] { true, false })
        {
            var reply = Acknowledgement("postmortem", text, opensNewChannels).ShouldNotBeNull();
            reply.Visibility.ShouldBe(ReplyVisibility.Private);
            reply.FallbackText.ShouldBe(expected);
        }
    }

    [Theory]
    [InlineData("incident", "declare sev2")]
    [InlineData("incident", "declare")]
    [InlineData("incident", "frobnicate the database")]
    [InlineData("postmortem", "draft now")]
    [InlineData("postmortem", "publish --everyone")]
    [InlineData("postmortem", "frobnicate")]
    [InlineData("standup", "draft")]
    public void Input_that_does_not_parse_is_answered_at_once_with_its_usage(string command, string text) =>
        Acknowledgement(command, text).ShouldBeNull();

    [Theory]
    [InlineData("incident", "timeline Rolled back deploy 4411")]
    [InlineData("incident", "status resolved")]
    [InlineData("incident", "INC-3 show")]
    [InlineData("postmortem", "contribute I saw the 502s first")]
    [InlineData("postmortem", "schedule tomorrow 15:00")]
    [InlineData("postmortem", "help draft")]
    public void Quick_commands_run_at_once(string command, string text) =>
        Acknowledgement(command, text).ShouldBeNull();
}
