using IncidentBot.Host.Reminders;
using IncidentBot.Host.Sandbox;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace IncidentBot.Host.Tests;

/// <summary>
/// Issue 5 end to end in the sandbox, through the host's HTTP API and the real storage: resolve → schedule auto →
/// the rotated facilitator is asked privately → participants are asked for their accounts → reminders arrive on
/// time and once → action items get SMART feedback → overdue items keep being reminded after the incident is closed.
/// The reminder job is run directly with the fake clock's time, as Quartz would run it.
/// </summary>
public sealed class ReviewWorkflowTests : IDisposable
{
    private const string Room = "inc-1-checkout-errors";
    private readonly IncidentBotApp _app = new();
    private readonly SandboxClient _sandbox;

    public ReviewWorkflowTests()
    {
        // Friday 2026-11-20, 15:00 UTC.
        _app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 20, 15, 0, 0, TimeSpan.Zero));
        _sandbox = new SandboxClient(_app.CreateClient());
    }

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_resolved_incident_gets_its_review_booked_facilitated_prepared_reminded_and_followed_up_after_closure()
    {
        await RunAsync("alice", "ops", "/incident declare Checkout errors sev2");
        await RunAsync("alice", Room, "/incident role commander @alice");
        for (var i = 0; i < 6; i++)
        {
            (await _sandbox.PostedAsync("bob", Room, $"pool graphs look odd, try {i}")).Capture.ShouldBe("captured");
        }

        await _sandbox.PostedAsync("carol", Room, "CDN shows 502s as well");
        (await RunAsync("alice", "ops", "/postmortem facilitators add @dave @erin")).ShouldContain("Added to the facilitator pool: dave, erin.");
        await RunAsync("alice", Room, "/incident resolve pool size restored");

        // schedule auto: SEV2 within 5 business days, a day's notice, working hours → Monday 09:00.
        var booked = await _sandbox.RanAsync("alice", Room, "/postmortem schedule auto");
        var booking = string.Join('\n', new[] { booked.Reply }.Concat(booked.Announcements).Select(m => m.Html));
        booking.ShouldContain("INC-1 review booked for Mon 2026-11-23 09:00–10:00 (UTC)");
        booking.ShouldContain("asking dave privately");
        var invite = new[] { booked.Reply }.Concat(booked.Announcements).SelectMany(m => m.Attachments).Single(a => a.MediaType == "text/calendar");
        var calendar = await _sandbox.Http.GetStringAsync(new Uri(invite.DownloadUrl, UriKind.Relative));
        calendar.ShouldContain("BEGIN:VCALENDAR");
        calendar.ShouldContain("DTSTART:20261123T090000Z");

        await RunJobAsync();
        (await PrivateAsync("dave")).ShouldHaveSingleItem().ShouldContain("Will you facilitate the INC-1 review?");
        (await _sandbox.MessagesAsync("u-dave", "bob")).Messages.ShouldBeEmpty();
        foreach (var person in new[] { "alice", "bob", "carol" })
        {
            (await PrivateAsync(person)).ShouldHaveSingleItem().ShouldContain("Your account of INC-1, before its review");
        }

        // dave passes; erin is asked next and accepts.
        (await RunAsync("dave", "u-dave", "/postmortem INC-1 facilitate pass")).ShouldContain("asking the next person");
        await RunJobAsync();
        (await PrivateAsync("erin")).ShouldHaveSingleItem().ShouldContain("Will you facilitate");
        await RunAsync("erin", "u-erin", "/postmortem INC-1 facilitate accept");
        (await ChannelAsync(Room)).ShouldContain(m => m.Contains("erin will facilitate the INC-1 review", StringComparison.Ordinal));

        // bob answers. The day-before reminders of a Monday review come on Friday at 09:00, which had passed when
        // this one was booked, so nothing goes out on Sunday (24 h before).
        (await RunAsync("bob", "u-bob", "/postmortem INC-1 contribute I saw the pool alarm first and assumed a slow query")).ShouldContain("Your account is recorded");
        _app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
        await RunJobAsync();
        foreach (var person in new[] { "alice", "bob", "carol" })
        {
            (await PrivateAsync(person)).Count.ShouldBe(1);
        }

        // Action items, with SMART feedback to whoever adds them.
        var vague = await RunAsync("alice", Room, "/postmortem action Investigate the outage owner:@bob due:tomorrow");
        vague.ShouldContain("SMART check: 1 suggestion");
        vague.ShouldContain("describes an activity, not a result");
        var good = await RunAsync("alice", Room, "/postmortem action Alert when checkout p99 > 500 ms for 5 min owner:@carol due:2026-11-25 type:detect");
        good.ShouldContain("SMART check: owned, dated, specific and measurable");
        await RunAsync("alice", "ops", "/postmortem digest here");

        // Monday 08:00, an hour before: everyone is reminded, once; the facilitator with what to do.
        _app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        await RunJobAsync();
        await RunJobAsync();
        foreach (var person in new[] { "alice", "bob", "carol" })
        {
            var messages = await PrivateAsync(person);
            messages.Count.ShouldBe(2);
            messages[1].ShouldContain("starts in 1 h");
        }

        (await PrivateAsync("erin")).Last().ShouldContain("You are facilitating");

        // Monday after the review: reflection prompts, the facilitator asked to mark it done; bob's item is due today.
        _app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 23, 10, 5, 0, TimeSpan.Zero));
        await RunJobAsync();
        var room = await ChannelAsync(Room);
        room.ShouldContain(m => m.Contains("Reflections on the INC-1 review", StringComparison.Ordinal) && m.Contains("erin, once the review has met, please mark it done", StringComparison.Ordinal));
        (await PrivateAsync("bob")).Last().ShouldContain("AI-1 is due today");
        await RunAsync("erin", Room, "/postmortem review done");

        // The incident is closed; AI-1 is overdue: the digest in #ops on working days at 09:00, once a day, until done.
        var digests = new List<string>();
        foreach (var day in new[] { 24, 25, 26 })
        {
            _app.Time.SetUtcNow(new DateTimeOffset(2026, 11, day, 9, 0, 0, TimeSpan.Zero));
            await RunJobAsync();
            await RunJobAsync();
            digests.AddRange((await ChannelAsync("ops")).Where(m => m.Contains("overdue action item", StringComparison.Ordinal)).Except(digests, StringComparer.Ordinal));
            if (day == 25)
            {
                await RunAsync("bob", "u-bob", "/postmortem done AI-1");
            }
        }

        digests.Count.ShouldBe(3);
        digests[0].ShouldContain("AI-1 · 1 day overdue");
        digests[0].ShouldContain("INC-1 (resolved)");
        digests[1].ShouldContain("AI-1 · 2 days overdue");
        digests[2].ShouldNotContain("AI-1");
        digests[2].ShouldContain("AI-2 · 1 day overdue");
        (await PrivateAsync("carol")).ShouldContain(m => m.Contains("AI-2 is due today", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_facilitator_who_does_not_answer_is_let_off_kindly_and_the_next_in_the_pool_is_asked()
    {
        // Monday 2026-11-23 10:00 UTC; the review on Friday leaves dave a working day to answer.
        _app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        await RunAsync("alice", "ops", "/incident declare Checkout errors sev2");
        await RunAsync("alice", "ops", "/postmortem facilitators add @dave @erin");
        await RunAsync("alice", Room, "/incident resolve pool size restored");
        (await RunAsync("alice", Room, "/postmortem schedule 2026-11-27 14:00")).ShouldContain("asking dave privately");
        await RunJobAsync();
        (await PrivateAsync("dave")).ShouldHaveSingleItem().ShouldContain("Will you facilitate the INC-1 review?");

        _app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 9, 59, 0, TimeSpan.Zero));
        await RunJobAsync();
        (await PrivateAsync("dave")).Count.ShouldBe(1);
        (await PrivateAsync("erin")).ShouldBeEmpty();

        _app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        await RunJobAsync();
        await RunJobAsync();
        await RunJobAsync();

        var dave = await PrivateAsync("dave");
        dave.Count.ShouldBe(2);
        dave[1].ShouldContain("Not answering is completely fine: the bot has asked the next person in the pool instead");
        dave[1].ShouldContain("/postmortem INC-1 schedule facilitator @you");
        (await PrivateAsync("erin")).ShouldHaveSingleItem().ShouldContain("Will you facilitate the INC-1 review?");
        (await RunAsync("alice", Room, "/postmortem schedule")).ShouldContain("asking erin privately");
        (await RunAsync("dave", "u-dave", "/postmortem INC-1 facilitate accept")).ShouldContain("You weren't asked to facilitate the INC-1 review (erin was)");
        await RunAsync("erin", "u-erin", "/postmortem INC-1 facilitate accept");
        (await ChannelAsync(Room)).ShouldContain(m => m.Contains("erin will facilitate the INC-1 review", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_reminder_job_is_scheduled_once_in_quartz_and_never_runs_concurrently()
    {
        var scheduler = await _app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(CancellationToken.None);

        var job = await scheduler.GetJobDetail(DueRemindersJob.Key, CancellationToken.None);
        job.ShouldNotBeNull().ConcurrentExecutionDisallowed.ShouldBeTrue();
        (await scheduler.GetTriggersOfJob(DueRemindersJob.Key, CancellationToken.None)).ShouldHaveSingleItem();
    }

    private async Task<string> RunAsync(string user, string channel, string text)
    {
        var result = await _sandbox.RanAsync(user, channel, text);
        return string.Join('\n', new[] { result.Reply }.Concat(result.Announcements).Select(m => m.Html));
    }

    /// <summary>What Quartz does every PollInterval: the thin job, at the (fake) current time.</summary>
    private async Task RunJobAsync()
    {
        var job = ActivatorUtilities.CreateInstance<DueRemindersJob>(_app.Services);
        await job.Execute(null!, CancellationToken.None);
    }

    /// <summary>The bot's messages in a person's direct-message channel, as they see them (HTML, as the page shows them).</summary>
    private async Task<List<string>> PrivateAsync(string user) =>
        [.. (await _sandbox.MessagesAsync("u-" + user, user)).Messages.Where(m => m.FromBot && m.Private).Select(m => Markdown(m)).Where(m => !IsCommandReply(m))];

    /// <summary>The bot's answer to a command someone typed starts by echoing it ("bob ran …"); reminders do not.</summary>
    private static bool IsCommandReply(string html) => html.Contains(" ran</em>", StringComparison.Ordinal);

    private async Task<List<string>> ChannelAsync(string channel) =>
        [.. (await _sandbox.MessagesAsync(channel, "zed")).Messages.Where(m => m.FromBot).Select(m => Markdown(m))];

    private static string Markdown(SandboxMessageDto message) => message.Html ?? message.Text ?? string.Empty;
}
