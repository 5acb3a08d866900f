using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Reminders;
using IncidentBot.Core.Reviews;
using IncidentBot.TestKit;
using static IncidentBot.Core.Tests.Reviews.ReviewScenario;

namespace IncidentBot.Core.Tests.Reviews;

/// <summary>Booking, moving and cancelling reviews, and choosing their facilitator, through the command path.</summary>
public sealed class ReviewServiceTests
{
    private readonly ReviewHarness _harness = new(now: Monday);

    [Fact]
    public async Task Schedule_auto_books_by_severity_announces_with_an_invite_and_asks_a_rotated_facilitator_privately()
    {
        var incident = await _harness.ResolvedIncidentAsync();

        var result = await _harness.PostmortemAsync("schedule auto");

        var reply = result.Reply;
        reply.Visibility.ShouldBe(ReplyVisibility.InChannel);
        reply.FallbackText.ShouldContain("INC-1 review booked for Tue 2026-11-24 10:00–11:00 (UTC)");
        reply.FallbackText.ShouldContain("Facilitator: asking dave privately");
        reply.FallbackText.ShouldContain("Accounts asked from: alice, bob, carol");
        var invite = reply.Blocks.OfType<AttachmentBlock>().Single();
        (invite.FileName, invite.MediaType).ShouldBe(("INC-1-review.ics", "text/calendar"));
        invite.Content.ShouldContain("DTSTART:20261124T100000Z\r\n");

        var review = (await _harness.ReviewOfAsync(incident))!;
        (review.FacilitatorState, review.Facilitator).ShouldBe((FacilitatorState.Asked, Dave));
        await _harness.DeliverAsync();
        var ask = _harness.DirectMessagesTo(Dave).ShouldHaveSingleItem();
        ask.Channel.ShouldBe(DirectMessage.To(incident.Channel.Platform, Dave));
        ask.Text.ShouldContain("Will you facilitate the INC-1 review?");
        ask.Message.Blocks.OfType<ActionsBlock>().Single().Actions.Select(a => a.CommandText)
            .ShouldBe(["/postmortem INC-1 facilitate accept", "/postmortem INC-1 facilitate pass"]);
    }

    [Fact]
    public async Task The_commander_and_heavy_participants_are_not_asked_to_facilitate()
    {
        var incident = await _harness.ResolvedIncidentAsync(pool: false);
        await _harness.PostmortemAsync($"facilitators add {Mention(Builders.Alice)} {Mention(Builders.Bob)} {Mention(Carol)}");

        await _harness.PostmortemAsync("schedule auto");

        // alice commanded and bob wrote most of the channel; carol said one thing.
        (await _harness.ReviewOfAsync(incident))!.Facilitator.ShouldBe(Carol);
    }

    [Fact]
    public async Task A_pass_asks_the_next_in_line_and_when_nobody_is_left_the_channel_hears()
    {
        var incident = await _harness.ResolvedIncidentAsync();
        await _harness.PostmortemAsync("schedule auto");

        await _harness.DeliverAsync();
        _harness.DirectMessagesTo(Dave).ShouldHaveSingleItem().Text.ShouldContain("Will you facilitate");

        var pass = await _harness.PostmortemAsync("INC-1 facilitate pass", Dave, ReviewHarness.ChannelFor(Dave.Id));
        pass.Reply.Visibility.ShouldBe(ReplyVisibility.Private);
        (await _harness.ReviewOfAsync(incident))!.Facilitator.ShouldBe(Erin);
        await _harness.DeliverAsync();
        _harness.DirectMessagesTo(Erin).ShouldHaveSingleItem().Text.ShouldContain("Will you facilitate");
        (await _harness.PostmortemAsync("INC-1 facilitate pass", Dave)).Reply.FallbackText.ShouldContain("You weren't asked to facilitate the INC-1 review (erin was)");
        await _harness.PostmortemAsync("INC-1 facilitate pass", Erin);
        var last = await _harness.PostmortemAsync("INC-1 facilitate pass", Frank);

        var review = (await _harness.ReviewOfAsync(incident))!;
        (review.FacilitatorState, review.Facilitator).ShouldBe((FacilitatorState.None, null));
        last.Announcements.ShouldHaveSingleItem().Message.FallbackText.ShouldContain("has no facilitator: everyone in the pool passed");
        await _harness.DeliverAsync();
        _harness.DirectMessagesTo(Frank).ShouldBeEmpty(); // he answered before the job ran: his ask was withdrawn
    }

    [Fact]
    public async Task Accepting_confirms_in_the_incident_channel_and_plans_the_facilitators_reminders()
    {
        var incident = await _harness.ResolvedIncidentAsync();
        await _harness.PostmortemAsync("schedule auto");
        await _harness.DeliverAsync();

        var accept = await _harness.PostmortemAsync("INC-1 facilitate accept", Dave, ReviewHarness.ChannelFor(Dave.Id));

        accept.Announcements.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            a => a.Channel.ShouldBe(incident.Channel),
            a => a.Message.FallbackText.ShouldContain("dave will facilitate the INC-1 review, Tue 2026-11-24 10:00–11:00 (UTC)"));
        var review = (await _harness.ReviewOfAsync(incident))!;
        review.HasFacilitator.ShouldBeTrue();
        var reminders = await _harness.Reminders.ListAsync(incident.Workspace, review.Id, CancellationToken.None);
        reminders.Where(r => r.Kind == ReminderKind.ReviewUpcoming && r.Recipient.Id == Dave.Id && r.IsPending).Select(r => r.DueAt)
            .ShouldBe([review.At.AddHours(-1)]); // 24 h before is now: too late to plan
        (await _harness.PostmortemAsync("INC-1 facilitate accept", Dave)).Reply.FallbackText.ShouldContain("already");
    }

    [Fact]
    public async Task Rescheduling_moves_the_review_raises_the_invite_sequence_and_replans_its_reminders()
    {
        var incident = await _harness.ResolvedIncidentAsync();
        await _harness.PostmortemAsync("schedule auto facilitator " + Mention(Erin));
        var first = (await _harness.ReviewOfAsync(incident))!;

        var moved = await _harness.PostmortemAsync("schedule 2026-11-26 14:00");

        moved.Reply.FallbackText.ShouldContain("INC-1 review moved to Thu 2026-11-26 14:00–15:00 (UTC)");
        moved.Reply.FallbackText.ShouldContain("Facilitator: erin");
        var review = (await _harness.ReviewOfAsync(incident))!;
        (review.Id, review.Sequence, review.Facilitator).ShouldBe((first.Id, 1, Erin));
        moved.Reply.Blocks.OfType<AttachmentBlock>().Single().Content.ShouldContain("SEQUENCE:1\r\n");
        var reminders = await _harness.Reminders.ListAsync(incident.Workspace, review.Id, CancellationToken.None);
        reminders.Where(r => r.Kind == ReminderKind.ReviewUpcoming && r.IsPending).ShouldAllBe(r => r.Revision == 1);
        reminders.Where(r => r.Kind == ReminderKind.ReviewUpcoming && r.Revision == 0).ShouldAllBe(r => r.CancelledAt != null);
        reminders.Count(r => r.Kind == ReminderKind.InputRequest).ShouldBe(3); // asked once, not again on a move
    }

    [Fact]
    public async Task Naming_a_facilitator_later_keeps_the_time_and_withdraws_the_pending_ask()
    {
        var incident = await _harness.ResolvedIncidentAsync();
        (await _harness.PostmortemAsync("schedule facilitator " + Mention(Frank))).Reply.FallbackText.ShouldContain("There is no upcoming review");
        await _harness.PostmortemAsync("schedule auto");
        var booked = (await _harness.ReviewOfAsync(incident))!;

        var named = await _harness.PostmortemAsync("schedule facilitator " + Mention(Frank));

        named.Reply.FallbackText.ShouldContain("Facilitator: frank");
        var review = (await _harness.ReviewOfAsync(incident))!;
        (review.At, review.Facilitator, review.FacilitatorState, review.Sequence).ShouldBe((booked.At, Frank, FacilitatorState.Accepted, 1));
        await _harness.DeliverAsync();
        _harness.DirectMessagesTo(Dave).ShouldBeEmpty();
    }

    [Fact]
    public async Task Cancelling_sends_a_cancel_invite_and_withdraws_the_reminders()
    {
        var incident = await _harness.ResolvedIncidentAsync();
        await _harness.PostmortemAsync("schedule auto");

        var cancelled = await _harness.PostmortemAsync("schedule cancel");

        cancelled.Reply.FallbackText.ShouldContain("INC-1 review cancelled");
        var invite = cancelled.Reply.Blocks.OfType<AttachmentBlock>().Single().Content;
        invite.ShouldContain("METHOD:CANCEL\r\n");
        invite.ShouldContain("SEQUENCE:1\r\n");
        var review = (await _harness.ReviewOfAsync(incident))!;
        (await _harness.Reminders.ListAsync(incident.Workspace, review.Id, CancellationToken.None))
            .Where(r => r.Kind != ReminderKind.InputRequest).ShouldAllBe(r => !r.IsPending);
        (await _harness.PostmortemAsync("schedule cancel")).Reply.FallbackText.ShouldContain("nothing to cancel");
        (await _harness.PostmortemAsync("schedule")).Reply.FallbackText.ShouldContain("No review is booked for INC-1");
    }

    [Fact]
    public async Task Schedule_refuses_the_past_with_a_clear_message_and_changes_nothing()
    {
        var incident = await _harness.ResolvedIncidentAsync();

        var reply = (await _harness.PostmortemAsync("schedule 2026-11-20 10:00")).Reply;

        reply.Blocks.OfType<ErrorBlock>().Single().Message.ShouldBe("2026-11-20 10:00 is in the past (it's 2026-11-23 10:00 in UTC now).");
        (await _harness.ReviewOfAsync(incident)).ShouldBeNull();
        (await _harness.Reminders.ListAsync(incident.Workspace, null, CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Review_done_is_recorded_once_and_the_draft_shows_the_booking()
    {
        var incident = await _harness.ResolvedIncidentAsync();
        await _harness.PostmortemAsync("schedule auto facilitator " + Mention(Frank));

        var draft = (await _harness.PostmortemAsync("draft")).Reply.Blocks.OfType<AttachmentBlock>().Single().Content;
        draft.ShouldContain("| Facilitator | frank |");
        draft.ShouldContain("| Review | 2026-11-24 10:00 (UTC) |");

        (await _harness.PostmortemAsync("review done")).Reply.FallbackText.ShouldContain("INC-1 review held");
        (await _harness.PostmortemAsync("review done")).Reply.FallbackText.ShouldContain("marked done at 2026-11-23 10:00 already");
        (await _harness.ReviewOfAsync(incident))!.DoneAt.ShouldBe(Monday);
    }

    [Fact]
    public async Task Facilitators_list_shows_the_rotation_order_and_who_facilitated_when()
    {
        await _harness.ResolvedIncidentAsync();
        await _harness.PostmortemAsync("schedule auto facilitator " + Mention(Erin));

        var list = (await _harness.PostmortemAsync("facilitators list")).Reply;

        list.Visibility.ShouldBe(ReplyVisibility.Private);
        list.Blocks.OfType<ListBlock>().Single().Items.ShouldBe(
        [
            "dave · has not facilitated yet",
            "frank · has not facilitated yet",
            "erin · 1 review: INC-1 (2026-11-24 10:00)",
        ]);
        (await _harness.PostmortemAsync($"facilitators remove {Mention(Frank)}")).Reply.FallbackText.ShouldContain("Removed from the facilitator pool: frank.");
    }

    [Fact]
    public async Task Facilitators_list_counts_every_review_and_shows_the_latest_five()
    {
        for (var n = 1; n <= 7; n++)
        {
            var room = new ChannelRef(Platform.Sandbox, $"inc-room-{n}", $"inc-room-{n}");
            await _harness.ResolvedIncidentAsync(room, pool: n == 1);
            await _harness.PostmortemAsync("schedule auto facilitator " + Mention(Erin), channel: room);
        }

        var erin = (await _harness.PostmortemAsync("facilitators list")).Reply.Blocks.OfType<ListBlock>().Single().Items.Single(line => line.StartsWith("erin", StringComparison.Ordinal));

        erin.ShouldStartWith("erin · 7 reviews: INC-3 ");
        erin.ShouldContain("INC-7 (");
        erin.ShouldNotContain("INC-2 ");
    }
}
