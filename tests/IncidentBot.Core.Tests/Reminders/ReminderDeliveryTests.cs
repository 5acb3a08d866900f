using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Reminders;
using IncidentBot.Core.Reviews;
using IncidentBot.Core.Tests.Reviews;
using IncidentBot.TestKit;
using static IncidentBot.Core.Tests.Reviews.ReviewScenario;

namespace IncidentBot.Core.Tests.Reminders;

/// <summary>
/// The reminder job, driven directly with the fake clock's time: what goes out, to whom, when, and only once.
/// </summary>
public sealed class ReminderDeliveryTests
{
    private readonly ReviewHarness _harness = new(now: Monday);

    private static ChannelRef Dm(Person person) => DirectMessage.To(Platform.Sandbox, person);

    [Fact]
    public async Task Booking_asks_every_participant_privately_for_their_account_once()
    {
        await _harness.ResolvedIncidentAsync();
        await _harness.PostmortemAsync("schedule auto facilitator " + Mention(Dave));

        var first = await _harness.DeliverAsync();
        var second = await _harness.DeliverAsync();

        first.Sent.ShouldBe(3);
        second.ShouldBe(DeliveryReport.None);
        foreach (var person in new[] { Builders.Alice, Builders.Bob, Carol })
        {
            var request = _harness.DirectMessagesTo(person).ShouldHaveSingleItem();
            request.Channel.ShouldBe(Dm(person));
            request.Text.ShouldContain("Your account of INC-1, before its review");
            request.Text.ShouldContain("what you saw first");
            request.Text.ShouldContain("what made it harder");
            request.Text.ShouldContain("/postmortem INC-1 contribute <your account>");
        }
    }

    [Fact]
    public async Task Each_reminder_is_posted_in_its_workspace_under_a_key_naming_it_so_posting_it_again_is_a_no_op()
    {
        var incident = await _harness.ResolvedIncidentAsync();
        await _harness.PostmortemAsync("schedule auto facilitator " + Mention(Dave));

        await _harness.DeliverAsync();

        var sent = (await _harness.Reminders.ListAsync(incident.Workspace, null, CancellationToken.None)).Where(r => r.SentAt != null).ToList();
        sent.ShouldNotBeEmpty();
        _harness.Notifier.Posted.ShouldAllBe(p => p.Workspace == incident.Workspace);
        _harness.Notifier.Posted.Select(p => p.DedupeKey).ShouldBe(sent.Select(r => $"reminder:{r.Id}:{r.Kind}"), ignoreOrder: true);
        ReminderDelivery.OutboundKey(sent[0]).ShouldBe($"reminder:{sent[0].Id}:{sent[0].Kind}");
    }

    [Fact]
    public async Task The_day_before_only_those_without_an_account_are_reminded_and_everyone_gets_the_review_reminder()
    {
        var incident = await _harness.ResolvedIncidentAsync();
        await _harness.PostmortemAsync("schedule 2026-11-26 14:00 facilitator " + Mention(Dave));
        await _harness.DeliverAsync();
        await _harness.PostmortemAsync("INC-1 contribute I saw the pool alarm first and assumed a slow query", Builders.Bob, Dm(Builders.Bob));
        _harness.Notifier.Clear();

        _harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero));
        await _harness.DeliverAsync();
        await _harness.DeliverAsync();

        var bobs = _harness.DirectMessagesTo(Builders.Bob).Select(m => m.Text).ShouldHaveSingleItem();
        bobs.ShouldContain("The INC-1 review starts in 1 d");
        bobs.ShouldNotContain("Your account is not in yet");
        foreach (var person in new[] { Builders.Alice, Carol })
        {
            var texts = _harness.DirectMessagesTo(person).Select(m => m.Text).ToList();
            texts.Count.ShouldBe(2);
            texts.ShouldContain(t => t.Contains("your account is not in yet", StringComparison.Ordinal));
            texts.ShouldContain(t => t.Contains("Read the draft before you come", StringComparison.Ordinal) && t.Contains("Your account is not in yet", StringComparison.Ordinal));
        }

        var daves = _harness.DirectMessagesTo(Dave).ShouldHaveSingleItem().Text;
        daves.ShouldContain("You are facilitating");
        daves.ShouldNotContain("Your account is not in yet");
        var draft = (await _harness.PostmortemAsync("draft")).Reply.Blocks.OfType<AttachmentBlock>().Single().Content;
        draft.ShouldContain("I saw the pool alarm first and assumed a slow query");
        (await _harness.Reminders.ListAsync(incident.Workspace, null, CancellationToken.None))
            .Where(r => r.Kind == ReminderKind.InputFollowUp && r.Recipient.Id == Builders.Bob.Id).ShouldHaveSingleItem().Note.ShouldBe("they have given their account");
    }

    [Fact]
    public async Task A_review_booked_on_friday_afternoon_for_monday_morning_asks_for_missing_accounts_in_its_last_reminder()
    {
        // The follow-up would be due on Sunday 10:00, which moves to Friday 10:00, before the booking: it is left out.
        var friday = new DateTimeOffset(2026, 11, 27, 15, 0, 0, TimeSpan.Zero);
        _harness.Clock.SetUtcNow(friday);
        var incident = await _harness.ResolvedIncidentAsync();
        await _harness.PostmortemAsync("schedule 2026-11-30 10:00 facilitator " + Mention(Dave));
        await _harness.DeliverAsync();
        await _harness.PostmortemAsync("INC-1 contribute I saw the pool alarm first", Builders.Bob, Dm(Builders.Bob));
        (await _harness.Reminders.ListAsync(incident.Workspace, null, CancellationToken.None)).ShouldNotContain(r => r.Kind == ReminderKind.InputFollowUp);
        _harness.Notifier.Clear();

        _harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        await _harness.DeliverAsync();

        var alices = _harness.DirectMessagesTo(Builders.Alice).ShouldHaveSingleItem().Text;
        alices.ShouldContain("The INC-1 review starts in 1 h");
        alices.ShouldContain("Your account is not in yet. A few sentences on what you saw, assumed and found surprising help the group more than a perfect write-up: /postmortem INC-1 contribute <your account>");
        _harness.DirectMessagesTo(Builders.Bob).ShouldHaveSingleItem().Text.ShouldNotContain("Your account is not in yet");
        _harness.DirectMessagesTo(Dave).ShouldHaveSingleItem().Text.ShouldNotContain("Your account is not in yet");
    }

    [Fact]
    public async Task A_request_for_accounts_that_went_out_late_is_not_followed_at_once_by_a_reminder_of_it()
    {
        // The host stops right after the booking and starts again on Wednesday at 14:30: the requests for accounts,
        // their follow-ups and the 24 h reminders are all due at once.
        var incident = await _harness.ResolvedIncidentAsync();
        await _harness.PostmortemAsync("schedule 2026-11-26 14:00 facilitator " + Mention(Dave));
        _harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 14, 30, 0, TimeSpan.Zero));

        await _harness.DeliverAsync();

        var alices = _harness.DirectMessagesTo(Builders.Alice).Select(m => m.Text).ToList();
        alices.Count.ShouldBe(2);
        alices.ShouldContain(t => t.Contains("Your account of INC-1, before its review", StringComparison.Ordinal));
        alices.ShouldContain(t => t.Contains("The INC-1 review starts in 23 h 30 min", StringComparison.Ordinal) && !t.Contains("Your account is not in yet", StringComparison.Ordinal));
        (await _harness.Reminders.ListAsync(incident.Workspace, null, CancellationToken.None))
            .Where(r => r.Kind == ReminderKind.InputFollowUp).ShouldAllBe(r => r.Note == "the request for their account went out less than 4 h ago");
    }

    [Fact]
    public async Task A_reminder_due_while_the_host_was_stopped_goes_out_at_start_up_marked_late()
    {
        await _harness.ResolvedIncidentAsync();
        await _harness.PostmortemAsync("schedule 2026-11-26 14:00 facilitator " + Mention(Dave));
        await _harness.DeliverAsync();
        _harness.Notifier.Clear();

        // The host is down from Tuesday evening until Thursday 13:30: the 24 h reminders were due on Wednesday at 14:00.
        _harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 13, 30, 0, TimeSpan.Zero));
        var restarted = _harness.NewDelivery();
        var report = await restarted.DeliverDueAsync(_harness.Clock.GetUtcNow(), CancellationToken.None);

        // One reminder that is true now (the 1 h one, half an hour late), not a backlog: the 24 h one is overtaken.
        report.Late.ShouldBeGreaterThan(0);
        var late = _harness.DirectMessagesTo(Dave).ShouldHaveSingleItem();
        late.Text.ShouldContain("The INC-1 review starts in 30 min");
        late.Text.ShouldContain("Sent late: this was due at 2026-11-26 13:00 (UTC), when the bot could not send it.");
        var stored = (await _harness.Reminders.ListAsync(Builders.WorkspaceKey, null, CancellationToken.None)).Where(r => r.Kind == ReminderKind.ReviewUpcoming && r.Recipient.Id == Dave.Id).ToList();
        stored.Single(r => r.SentAt != null).Late.ShouldBeTrue();
        stored.Single(r => r.SkippedAt != null).Note.ShouldBe("a later reminder replaces it");
        (await restarted.DeliverDueAsync(_harness.Clock.GetUtcNow(), CancellationToken.None)).ShouldBe(DeliveryReport.None);
    }

    [Fact]
    public async Task A_platform_outage_delays_a_reminder_with_back_off_and_it_goes_out_once_when_the_platform_is_back()
    {
        await _harness.ResolvedIncidentAsync();
        await _harness.PostmortemAsync("schedule auto facilitator " + Mention(Dave));
        _harness.Notifier.FailWith = new HttpRequestException("chat platform unavailable");

        var failed = await _harness.DeliverAsync();
        _harness.Clock.Advance(TimeSpan.FromSeconds(30));
        var tooSoon = await _harness.DeliverAsync();
        _harness.Notifier.FailWith = null;
        _harness.Clock.Advance(TimeSpan.FromMinutes(1));
        var recovered = await _harness.DeliverAsync();

        failed.Failed.ShouldBe(3);
        tooSoon.ShouldBe(DeliveryReport.None);
        recovered.Sent.ShouldBe(3);
        _harness.DirectMessagesTo(Carol).ShouldHaveSingleItem();
        var stored = (await _harness.Reminders.ListAsync(Builders.WorkspaceKey, null, CancellationToken.None)).Single(r => r.Kind == ReminderKind.InputRequest && r.Recipient.Id == Carol.Id);
        (stored.Attempts, stored.Note).ShouldBe((2, "chat platform unavailable"));
    }

    [Fact]
    public async Task A_post_that_times_out_is_a_failed_attempt_retried_later_not_the_end_of_the_batch()
    {
        await _harness.ResolvedIncidentAsync();
        await _harness.PostmortemAsync("schedule auto facilitator " + Mention(Dave));
        _harness.Notifier.FailWith = new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 30 seconds elapsing.");

        var timedOut = await _harness.DeliverAsync();
        _harness.Notifier.FailWith = null;
        _harness.Clock.Advance(TimeSpan.FromMinutes(1));
        var recovered = await _harness.DeliverAsync();

        timedOut.Failed.ShouldBe(3);
        recovered.Sent.ShouldBe(3);
        var stored = (await _harness.Reminders.ListAsync(Builders.WorkspaceKey, null, CancellationToken.None)).Single(r => r.Kind == ReminderKind.InputRequest && r.Recipient.Id == Carol.Id);
        (stored.Attempts, stored.IsPending).ShouldBe((2, false));
    }

    [Fact]
    public async Task After_the_review_time_the_channel_gets_reflection_prompts_and_the_facilitator_is_asked_to_mark_it_done()
    {
        var incident = await _harness.ResolvedIncidentAsync();
        await _harness.PostmortemAsync("schedule 2026-11-24 10:00 facilitator " + Mention(Dave));
        _harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 24, 11, 0, 0, TimeSpan.Zero));

        await _harness.DeliverAsync();

        var reflection = _harness.Notifier.To(incident.Channel.Id).ShouldHaveSingleItem();
        reflection.Text.ShouldContain("Reflections on the INC-1 review");
        foreach (var prompt in new[] { "What went well?", "Where did we get lucky?", "What surprised you?", "One thing you learned" })
        {
            reflection.Text.ShouldContain(prompt);
        }

        reflection.Text.ShouldContain("dave, once the review has met, please mark it done: /postmortem INC-1 review done");
        reflection.Message.Blocks.OfType<ActionsBlock>().Single().Actions.Single().CommandText.ShouldBe("/postmortem INC-1 review done");
    }

    [Fact]
    public async Task Owners_are_reminded_before_and_on_the_due_date_and_a_done_item_is_not_reminded()
    {
        var incident = await _harness.ResolvedIncidentAsync();
        await _harness.PostmortemAsync($"action Alert when the pool is above 90% for 5 minutes owner:{Mention(Carol)} due:2026-12-02");
        await _harness.PostmortemAsync($"action Page on checkout 5xx above 1% for 3 minutes owner:{Mention(Carol)} due:2026-12-02");
        await _harness.PostmortemAsync("done AI-2", Carol);

        _harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        await _harness.DeliverAsync();
        _harness.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        await _harness.DeliverAsync();

        var texts = _harness.DirectMessagesTo(Carol).Where(m => m.Text.Contains("AI-", StringComparison.Ordinal)).Select(m => m.Text).ToList();
        texts.Count.ShouldBe(2);
        texts[0].ShouldStartWith("AI-1 is due in 2 days");
        texts[1].ShouldStartWith("AI-1 is due today");
        texts.ShouldAllBe(t => t.Contains("(from INC-1: Checkout errors)", StringComparison.Ordinal) && t.Contains("/postmortem done AI-1", StringComparison.Ordinal));
        (await _harness.Reminders.ListAsync(incident.Workspace, 2, CancellationToken.None)).ShouldAllBe(r => r.CancelledAt != null);
    }

    [Fact]
    public async Task A_reassigned_or_redated_item_reminds_its_new_owner_on_its_new_date()
    {
        await _harness.ResolvedIncidentAsync();
        await _harness.PostmortemAsync($"action Alert when the pool is above 90% for 5 minutes owner:{Mention(Carol)} due:2026-12-02");
        await _harness.PostmortemAsync($"reassign AI-1 {Mention(Erin)}");
        await _harness.PostmortemAsync("due AI-1 2026-12-09");

        foreach (var day in new[] { 2, 7, 9 })
        {
            _harness.Clock.SetUtcNow(new DateTimeOffset(2026, 12, day, 9, 0, 0, TimeSpan.Zero));
            await _harness.DeliverAsync();
        }

        _harness.DirectMessagesTo(Carol).ShouldNotContain(m => m.Text.Contains("AI-1", StringComparison.Ordinal));
        _harness.DirectMessagesTo(Erin).Select(m => m.Text[..m.Text.IndexOf('\n', StringComparison.Ordinal)]).ShouldBe(["AI-1 is due in 2 days", "AI-1 is due today"]);
    }

    [Theory]
    [InlineData("America/New_York", 14)] // 09:00 EST is 14:00 UTC
    [InlineData("Asia/Tokyo", 0)]        // 09:00 JST is 00:00 UTC
    public async Task The_overdue_digest_goes_to_the_digest_channel_at_0900_local_on_working_days_only_once_a_day(string zone, int utcHour)
    {
        var harness = new ReviewHarness(zone, now: new DateTimeOffset(2026, 11, 23, 0, 30, 0, TimeSpan.Zero));
        var digest = ReviewHarness.ChannelFor("incidents");
        await harness.PostmortemAsync("digest here", channel: digest);
        await harness.ResolvedIncidentAsync();
        await harness.PostmortemAsync($"action Alert when the pool is above 90% for 5 minutes owner:{Mention(Carol)} due:tomorrow");
        var dueOn = (await harness.ActionItems.FindAsync(Builders.WorkspaceKey, 1, CancellationToken.None))!.DueOn!.Value;
        var firstOverdueDay = dueOn.AddDays(1);
        while (!harness.Calendar.IsWorkingDay(firstOverdueDay))
        {
            firstOverdueDay = firstOverdueDay.AddDays(1);
        }

        // 09:00 local on that date, in UTC: the same date in both zones (New York is behind UTC, Tokyo 9 h ahead).
        var nine = new DateTimeOffset(firstOverdueDay.ToDateTime(new TimeOnly(utcHour, 0)), TimeSpan.Zero);

        harness.Clock.SetUtcNow(nine.AddMinutes(-1));
        await harness.DeliverAsync();
        harness.Notifier.To("incidents").ShouldBeEmpty();

        harness.Clock.SetUtcNow(nine);
        await harness.DeliverAsync();
        harness.Clock.Advance(TimeSpan.FromHours(3));
        await harness.DeliverAsync();

        var sent = harness.Notifier.To("incidents").ShouldHaveSingleItem();
        sent.Channel.ShouldBe(digest);
        sent.Text.ShouldStartWith("1 overdue action item");
        sent.Text.ShouldContain("AI-1 · 1 day overdue");
        sent.Text.ShouldContain("carol");
        sent.Text.ShouldContain("INC-1 (resolved)");
        sent.Text.ShouldContain($"Posted on working days at 09:00 ({zone})");
    }

    [Fact]
    public async Task The_digest_keeps_coming_after_the_incident_is_closed_skips_weekends_and_stops_when_the_item_is_done()
    {
        var digest = ReviewHarness.ChannelFor("incidents");
        await _harness.PostmortemAsync("digest here", channel: digest);
        await _harness.ResolvedIncidentAsync();
        await _harness.PostmortemAsync($"action Alert when the pool is above 90% for 5 minutes owner:{Mention(Carol)} due:2026-11-24");
        var days = new List<DateOnly>();

        for (var day = new DateOnly(2026, 11, 25); day <= new DateOnly(2026, 12, 2); day = day.AddDays(1))
        {
            _harness.Clock.SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 5)), TimeSpan.Zero));
            var before = _harness.Notifier.To("incidents").Count;
            await _harness.DeliverAsync();
            if (_harness.Notifier.To("incidents").Count > before)
            {
                days.Add(day);
            }

            if (day == new DateOnly(2026, 11, 30))
            {
                await _harness.PostmortemAsync("done AI-1", Carol);
            }
        }

        // Wed, Thu, Fri, then Monday (the day it was done, before it was): never on the weekend, never after.
        days.ShouldBe([new DateOnly(2026, 11, 25), new DateOnly(2026, 11, 26), new DateOnly(2026, 11, 27), new DateOnly(2026, 11, 30)]);
        _harness.Notifier.To("incidents")[^1].Text.ShouldContain("6 days overdue");
    }

    [Fact]
    public async Task Two_deliveries_on_the_same_stores_never_both_send_a_reminder()
    {
        await _harness.ResolvedIncidentAsync();
        await _harness.PostmortemAsync("schedule auto facilitator " + Mention(Dave));
        _harness.Notifier.OnPost = async _ => await Task.Yield();

        var reports = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => _harness.NewDelivery().DeliverDueAsync(_harness.Clock.GetUtcNow(), CancellationToken.None))));

        reports.Sum(r => r.Sent).ShouldBe(3);
        _harness.Notifier.Posted.Count.ShouldBe(3);
    }
}
