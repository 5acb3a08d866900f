using IncidentBot.Core.ActionItems;
using IncidentBot.Core.Commands;
using IncidentBot.Core.Tests.Reviews;
using IncidentBot.TestKit;
using static IncidentBot.Core.Tests.Reviews.ReviewScenario;

namespace IncidentBot.Core.Tests.ActionItems;

public sealed class ActionItemServiceTests
{
    private readonly ReviewHarness _harness = new(now: Monday);

    [Fact]
    public async Task A_vague_item_is_recorded_and_its_author_gets_specific_smart_advice_privately()
    {
        var incident = await _harness.ResolvedIncidentAsync();

        var result = await _harness.PostmortemAsync($"action Investigate the outage owner:{Mention(Builders.Bob)} due:friday");

        result.Reply.Visibility.ShouldBe(ReplyVisibility.Private);
        result.Reply.FallbackText.ShouldContain("AI-1 added to INC-1: Investigate the outage");
        result.Reply.FallbackText.ShouldContain("SMART check: 1 suggestion");
        result.Reply.FallbackText.ShouldContain("Specific (“Investigate”): \"Investigate\" describes an activity, not a result.");
        var announcement = result.Announcements.ShouldHaveSingleItem();
        announcement.Channel.ShouldBe(incident.Channel);
        announcement.Message.FallbackText.ShouldContain("AI-1 · due in 4 days (Fri 2026-11-27) · bob · P2 · prevent · Investigate the outage");
        announcement.Message.FallbackText.ShouldNotContain("SMART");
        (await _harness.ActionItems.FindAsync(Builders.WorkspaceKey, 1, CancellationToken.None))!.ShouldSatisfyAllConditions(
            i => i.Owner.ShouldBe(Builders.Bob),
            i => i.DueOn.ShouldBe(new DateOnly(2026, 11, 27)),
            i => i.IncidentId.ShouldBe(incident.Id));
    }

    [Fact]
    public async Task A_good_item_linked_to_a_factor_is_thanked_and_shows_in_the_draft()
    {
        await _harness.ResolvedIncidentAsync();
        var factor = await _harness.PostmortemAsync("factor No alert on connection-pool saturation");
        factor.Reply.FallbackText.ShouldContain("It is factor 1 in the draft; link action items that address it with factor:1.");

        var result = await _harness.PostmortemAsync($"action Alert when the pool is above 90% for 5 minutes owner:me due:in 2 weeks type:detect priority:p1 factor:1");

        result.Reply.FallbackText.ShouldContain("SMART check: owned, dated, specific and measurable as far as the bot can tell.");
        var draft = (await _harness.PostmortemAsync("draft")).Reply.Blocks.OfType<AttachmentBlock>().Single().Content;
        draft.ShouldContain("| AI-1 | Alert when the pool is above 90% for 5 minutes (factor 1) | detect | alice | P1 | 2026-12-07 | open |  |");
    }

    [Theory]
    [InlineData("due:2026-11-20", "2026-11-20 is in the past (today is 2026-11-23); a due date is today or later.")]
    [InlineData("due:2029-01-01", "more than two years ahead")]
    [InlineData("due:friday factor:3", "INC-1 has no contributing factors yet, so factor:3 points at nothing.")]
    public async Task Impossible_items_are_refused_with_a_clear_message_and_nothing_is_stored(string options, string message)
    {
        await _harness.ResolvedIncidentAsync();

        var reply = (await _harness.PostmortemAsync($"action Alert when the pool is above 90% owner:me {options}")).Reply;

        reply.Blocks.OfType<ErrorBlock>().Single().Message.ShouldContain(message);
        (await _harness.ActionItems.FindAsync(Builders.WorkspaceKey, 1, CancellationToken.None)).ShouldBeNull();
        (await _harness.Reminders.ListAsync(Builders.WorkspaceKey, null, CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Items_change_by_their_number_from_anywhere_and_the_incident_channel_hears()
    {
        var incident = await _harness.ResolvedIncidentAsync();
        await _harness.PostmortemAsync($"action Alert when the pool is above 90% for 5 minutes owner:{Mention(Carol)} due:friday");
        var elsewhere = ReviewHarness.ChannelFor("random");

        var reassigned = await _harness.PostmortemAsync($"reassign AI-1 {Mention(Erin)}", channel: elsewhere);
        var moved = await _harness.PostmortemAsync("due #1 in 2 weeks", channel: elsewhere);
        var done = await _harness.PostmortemAsync("done ai-1", Erin, elsewhere);
        var again = await _harness.PostmortemAsync("drop AI-1 no longer needed", channel: elsewhere);

        reassigned.Announcements.Single().Message.FallbackText.ShouldContain("alice gave AI-1 to erin");
        moved.Announcements.Single().Message.FallbackText.ShouldContain("alice moved AI-1 to Mon 2026-12-07");
        done.Announcements.Single().ShouldSatisfyAllConditions(
            a => a.Channel.ShouldBe(incident.Channel),
            a => a.Message.FallbackText.ShouldContain("erin marked AI-1 done"));
        again.Reply.Blocks.OfType<ErrorBlock>().Single().Message.ShouldBe("AI-1 is done already; it no longer changes.");
        (await _harness.PostmortemAsync("done AI-9")).Reply.FallbackText.ShouldContain("There is no AI-9 in this workspace");
        var item = (await _harness.ActionItems.FindAsync(Builders.WorkspaceKey, 1, CancellationToken.None))!;
        (item.Status, item.Owner, item.DueOn, item.ClosedAt).ShouldBe((ActionItemStatus.Done, Erin, new DateOnly(2026, 12, 7), Monday));
    }

    [Fact]
    public async Task Actions_lists_this_incidents_items_mine_lists_your_open_items_across_incidents()
    {
        await _harness.ResolvedIncidentAsync();
        await _harness.PostmortemAsync($"action Alert when the pool is above 90% for 5 minutes owner:{Mention(Carol)} due:tomorrow");
        await _harness.PostmortemAsync($"action Add a pool size check to config review owner:{Mention(Builders.Bob)} due:friday");
        var other = ReviewHarness.ChannelFor("inc-other");
        await _harness.DeclareAsync("Search stale", "sev3", other);
        await _harness.PostmortemAsync($"action Split the indexer queue by priority owner:{Mention(Carol)} due:2026-12-15", channel: other);
        await _harness.PostmortemAsync("done AI-1", Carol);

        var incidentList = (await _harness.PostmortemAsync("actions")).Reply;
        var mine = (await _harness.PostmortemAsync("actions mine", Carol, ReviewHarness.ChannelFor("random"))).Reply;

        incidentList.Blocks.OfType<ListBlock>().Single().Items.Select(i => i[..4]).ShouldBe(["AI-1", "AI-2"]);
        incidentList.FallbackText.ShouldContain("AI-1 · done");
        mine.Visibility.ShouldBe(ReplyVisibility.Private);
        mine.Blocks.OfType<ListBlock>().Single().Items.ShouldHaveSingleItem()
            .ShouldBe("AI-3 · due in 22 days (Tue 2026-12-15) · carol · P2 · prevent · INC-2 · Split the indexer queue by priority");
        (await _harness.PostmortemAsync("actions all")).Reply.Blocks.OfType<ListBlock>().Single().Items.Count.ShouldBe(2);
    }
}
