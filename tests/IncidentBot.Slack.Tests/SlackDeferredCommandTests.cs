using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Timeline;
using IncidentBot.Slack.Inbound;
using IncidentBot.Slack.Outbound;
using IncidentBot.Slack.WebApi;
using IncidentBot.TestKit;
using IncidentBot.TestKit.Slack;
using Microsoft.Extensions.DependencyInjection;
using static IncidentBot.TestKit.Slack.SlackBodies;

namespace IncidentBot.Slack.Tests;

/// <summary>
/// Slow commands (a declare that opens a channel, a postmortem draft or publish) are answered at once with an
/// acknowledgement, stored in the outbox before the answer, and run afterwards by the outbox worker; running one again
/// (a crash, an expired claim) changes nothing twice and posts nothing twice.
/// </summary>
public sealed class SlackDeferredCommandTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly Dictionary<string, string?> NewChannels = new(StringComparer.Ordinal) { ["Slack:CreateIncidentChannels"] = "true" };

    private static JsonObject Body(string json) => JsonNode.Parse(json)!.AsObject();

    private static Task<IReadOnlyList<Incident>> IncidentsAsync(SlackTestApp app, string teamId = "T1") =>
        app.Incidents.ListIncidentsAsync(Workspace.Key(Platform.Slack, teamId), IncidentListFilter.All, 10, None);

    /// <summary>Runs worker iterations until the outbox has nothing left to deliver; returns how many it took.</summary>
    private static async Task<int> DrainAsync(SlackTestApp app, SlackOutboxWorker worker, DateTimeOffset now)
    {
        var iterations = 0;
        while ((await app.Outbox.ListUndeliveredAsync("slack:T1", 100, None)).Count > 0)
        {
            (++iterations).ShouldBeLessThan(20);
            (await worker.RunOnceAsync(now, None)).ShouldBeGreaterThan(0);
        }

        return iterations;
    }

    private static IEnumerable<(string Channel, string Text)> Posted(SlackTestApp app) =>
        app.Slack.RequestsTo("chat.postMessage").Select(request => (request.Json["channel"]!.GetValue<string>(), request.Json["text"]!.GetValue<string>()));

    [Fact]
    public async Task A_declare_is_answered_while_slack_is_still_creating_its_channel_and_the_worker_finishes_it()
    {
        await using var app = await SlackTestApp.StartAsync(NewChannels);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Slack.Enqueue("conversations.create", FakeSlackAnswer.Held(release.Task));

        using var response = await app.PostFormAsync("/slack/commands", SlashCommand("declare DB latency sev2", triggerId: "t-declare")).WaitAsync(Wait);

        // Answered (and the command stored) before Slack has answered conversations.create, which it cannot until released.
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var answer = Body(await response.Content.ReadAsStringAsync());
        (answer["response_type"]!.GetValue<string>(), answer["text"]!.GetValue<string>()).ShouldBe(("in_channel", "Declaring “DB latency” (SEV2)… the incident channel is being opened."));
        var stored = app.Outbox.All[0];
        (stored.Kind, stored.ChannelId, stored.DedupeKey).ShouldBe((SlackDeferredCommands.Kind, "C1", "t-declare"));
        var create = await app.Slack.WaitForAsync("conversations.create", Wait);
        create.Json["name"]!.GetValue<string>().ShouldBe("inc-1-db-latency");

        // While the channel is being opened, nothing said in the declaring channel is taken for the incident.
        var pending = (await IncidentsAsync(app)).ShouldHaveSingleItem();
        PendingChannel.IsPending(pending.Channel).ShouldBeTrue();
        (await app.PostJsonAsync("/slack/events", Message("T1", "C1", "U2", "1700000100.000100", "Is the DB slow for anyone else?"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var show = await app.PostFormAsync("/slack/commands", SlashCommand("show", triggerId: "t-show"));
        Body(await show.Content.ReadAsStringAsync())["text"]!.GetValue<string>().ShouldContain("isn't an incident channel");
        (await app.TimelineAsync(pending)).ShouldHaveSingleItem().Kind.ShouldBe(TimelineEventKind.Declared);

        release.SetResult();
        var posted = new[] { await app.Slack.WaitForAsync("chat.postMessage", Wait), await app.Slack.WaitForAsync("chat.postMessage", Wait) };

        var incident = (await IncidentsAsync(app)).ShouldHaveSingleItem();
        incident.Channel.Name.ShouldBe("inc-1-db-latency");
        incident.Channel.Id.ShouldStartWith("CNEW");
        var texts = posted.ToDictionary(request => request.Json["channel"]!.GetValue<string>(), request => request.Json["text"]!.GetValue<string>(), StringComparer.Ordinal);
        texts["C1"].ShouldBe("alice declared INC-1 (SEV2): DB latency. Join #inc-1-db-latency to help.");
        texts[incident.Channel.Id].ShouldContain("INC-1: DB latency declared");
        app.Slack.RequestsTo("conversations.invite").ShouldHaveSingleItem().Json["users"]!.GetValue<string>().ShouldBe("U1");
    }

    [Fact]
    public async Task Postmortem_draft_is_acknowledged_at_once_and_the_worker_compiles_posts_and_uploads_it()
    {
        await using var app = await SlackTestApp.StartAsync(outboxWorker: false);
        await app.PostFormAsync("/slack/commands", SlashCommand("declare Checkout latency sev2", triggerId: "t-declare"));
        var incident = (await IncidentsAsync(app)).ShouldHaveSingleItem();
        await JoinAsync(app, "C1");

        using var response = await app.PostFormAsync("/slack/commands", SlashCommand("draft", command: "/postmortem", triggerId: "t-draft"));

        var answer = Body(await response.Content.ReadAsStringAsync());
        (answer["response_type"]!.GetValue<string>(), answer["text"]!.GetValue<string>()).ShouldBe(
            ("ephemeral", "Compiling the draft of this incident's postmortem; it will be posted here in a moment."));
        (await app.Postmortems.ListDraftsAsync(incident.Workspace, incident.Id, None)).ShouldBeEmpty();
        Waiting(app).ShouldHaveSingleItem().Kind.ShouldBe(SlackDeferredCommands.Kind);

        var worker = app.CreateWorker();
        (await worker.RunOnceAsync(app.Clock.GetUtcNow(), None)).ShouldBe(1);

        (await app.Postmortems.ListDraftsAsync(incident.Workspace, incident.Id, None)).ShouldHaveSingleItem().Version.ShouldBe(1);
        (await app.Outbox.ListUndeliveredAsync("slack:T1", 10, None)).Select(m => (m.ChannelId, m.Kind, m.DedupeKey)).ShouldBe([
            ("C1", SlackOutbox.PostMessageKind, "t-draft/0"), ("C1", SlackOutbox.FileUploadKind, "t-draft/1"),
        ]);
        app.Slack.RequestsTo("chat.postMessage").ShouldBeEmpty();

        await DrainAsync(app, worker, app.Clock.GetUtcNow());
        Posted(app).ShouldHaveSingleItem().Text.ShouldContain("Postmortem draft v1: INC-1 Checkout latency");
        app.Slack.RequestsTo("files.completeUploadExternal").ShouldHaveSingleItem().Fields["channel_id"].ShouldBe("C1");
        Encoding.UTF8.GetString(app.Slack.Uploads.ShouldHaveSingleItem()).ShouldContain("Checkout latency");
    }

    [Fact]
    public async Task A_declare_run_again_after_its_worker_died_declares_once_and_posts_once()
    {
        await using var app = await SlackTestApp.StartAsync(NewChannels, outboxWorker: false);
        await app.PostFormAsync("/slack/commands", SlashCommand("declare DB latency sev2", triggerId: "t-declare"));
        var now = app.Clock.GetUtcNow();

        // A worker claims the command and runs it, then dies before marking it done: its claim runs out.
        var claimed = (await app.Outbox.ClaimDueAsync(Platform.Slack, "dead-worker", now, TimeSpan.FromMinutes(3), 16, None)).ShouldHaveSingleItem();
        await app.App.Services.GetRequiredService<SlackDeferredCommands>().RunAsync(claimed, None);
        var later = now + TimeSpan.FromMinutes(4);
        var worker = app.CreateWorker();
        (await worker.RunOnceAsync(later, None)).ShouldBe(2); // the command again, in C1; the card the first run queued, in the new channel
        await DrainAsync(app, worker, later);

        var incident = (await IncidentsAsync(app)).ShouldHaveSingleItem();
        incident.Channel.Id.ShouldBe("CNEW1");
        app.Slack.RequestsTo("conversations.create").ShouldHaveSingleItem();
        Posted(app).Select(post => post.Channel).Order(StringComparer.Ordinal).ShouldBe(["C1", "CNEW1"]);
        app.Outbox.All.Select(m => m.DedupeKey).ShouldBe(["t-declare", "t-declare/0", "t-declare/1"]);
        app.Outbox.All.ShouldAllBe(m => m.DeliveredAt != null);
    }

    [Fact]
    public async Task A_declare_whose_run_failed_after_slack_created_its_channel_uses_that_channel_when_run_again()
    {
        await using var app = await SlackTestApp.StartAsync(NewChannels, outboxWorker: false);
        await app.PostFormAsync("/slack/commands", SlashCommand("declare DB latency sev2", triggerId: "t-declare"));
        var failMove = true;
        app.Store.BeforeWrite = (method, _) => failMove && method == nameof(InterceptingIncidentStore.SaveAsync)
            ? throw new InvalidOperationException("database is down")
            : Task.CompletedTask;
        var worker = app.CreateWorker();

        // The first run creates the channel in Slack, then cannot record it on the incident: as if the process died there.
        (await worker.RunOnceAsync(app.Clock.GetUtcNow(), None)).ShouldBe(1);
        var created = app.Slack.Channels.ShouldHaveSingleItem();
        var waiting = app.Outbox.All.ShouldHaveSingleItem();
        (waiting.Kind, waiting.Attempts, waiting.DeliveredAt).ShouldBe((SlackDeferredCommands.Kind, 1, null));
        PendingChannel.IsPending((await IncidentsAsync(app)).ShouldHaveSingleItem().Channel).ShouldBeTrue();

        failMove = false;
        app.Clock.Advance(TimeSpan.FromMinutes(3));
        await DrainAsync(app, worker, app.Clock.GetUtcNow());

        app.Slack.Channels.ShouldHaveSingleItem()["id"]!.GetValue<string>().ShouldBe(created["id"]!.GetValue<string>());
        app.Slack.RequestsTo("conversations.create").Select(request => request.Json["name"]!.GetValue<string>()).ShouldBe(["inc-1-db-latency", "inc-1-db-latency"]);
        var incident = (await IncidentsAsync(app)).ShouldHaveSingleItem();
        (incident.Channel.Id, incident.Channel.Name).ShouldBe((created["id"]!.GetValue<string>(), "inc-1-db-latency"));
        Posted(app).Select(post => post.Channel).Order(StringComparer.Ordinal).ShouldBe(["C1", incident.Channel.Id]);
        Posted(app).Single(post => post.Channel == "C1").Text.ShouldBe("alice declared INC-1 (SEV2): DB latency. Join #inc-1-db-latency to help.");
    }

    [Fact]
    public async Task A_declare_run_minutes_after_it_was_typed_is_dated_when_it_was_typed()
    {
        await using var app = await SlackTestApp.StartAsync(NewChannels, outboxWorker: false);
        var typedAt = app.Clock.GetUtcNow();
        await app.PostFormAsync("/slack/commands", SlashCommand("declare DB latency sev2", triggerId: "t-declare"));

        // As after an outage: the stored command runs seven minutes after it was typed.
        app.Clock.Advance(TimeSpan.FromMinutes(7));
        await DrainAsync(app, app.CreateWorker(), app.Clock.GetUtcNow());

        var incident = (await IncidentsAsync(app)).ShouldHaveSingleItem();
        (incident.DeclaredAt, incident.Times.DetectedAt).ShouldBe((typedAt, typedAt));
        var declared = (await app.TimelineAsync(incident)).ShouldHaveSingleItem();
        (declared.Kind, declared.OccurredAt, declared.RecordedAt).ShouldBe((TimelineEventKind.Declared, typedAt, typedAt.AddMinutes(7)));
        Posted(app).Single(post => post.Channel == incident.Channel.Id).Text.ShouldContain("INC-1: DB latency declared");
    }

    [Fact]
    public async Task A_draft_run_twice_stores_one_version_and_posts_it_once()
    {
        await using var app = await SlackTestApp.StartAsync(outboxWorker: false);
        await app.PostFormAsync("/slack/commands", SlashCommand("declare Checkout latency sev2", triggerId: "t-declare"));
        await JoinAsync(app, "C1");
        await app.PostFormAsync("/slack/commands", SlashCommand("draft", command: "/postmortem", triggerId: "t-draft"));
        var stored = Waiting(app).ShouldHaveSingleItem();
        var deferred = app.App.Services.GetRequiredService<SlackDeferredCommands>();

        await deferred.RunAsync(stored, None);
        await deferred.RunAsync(stored, None);
        var worker = app.CreateWorker();
        await DrainAsync(app, worker, app.Clock.GetUtcNow());

        var incident = (await IncidentsAsync(app)).ShouldHaveSingleItem();
        (await app.Postmortems.ListDraftsAsync(incident.Workspace, incident.Id, None)).ShouldHaveSingleItem().Version.ShouldBe(1);
        Posted(app).ShouldHaveSingleItem().Text.ShouldContain("Postmortem draft v1");
        app.Slack.Uploads.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_command_that_fails_when_run_is_retried_after_a_back_off_and_then_answers()
    {
        await using var app = await SlackTestApp.StartAsync(NewChannels, outboxWorker: false);
        await app.PostFormAsync("/slack/commands", SlashCommand("declare DB latency sev2", triggerId: "t-declare"));
        var fail = true;
        app.Store.BeforeWrite = (_, _) => fail ? throw new InvalidOperationException("database is down") : Task.CompletedTask;
        var worker = app.CreateWorker();
        var now = app.Clock.GetUtcNow();

        (await worker.RunOnceAsync(now, None)).ShouldBe(1);

        var waiting = app.Outbox.All.ShouldHaveSingleItem();
        (waiting.DeliveredAt, waiting.FailedAt, waiting.LastError, waiting.Attempts).ShouldBe((null, null, SlackApiException.CommandFailed, 1));
        waiting.NextAttemptAt.ShouldBeGreaterThan(now);
        (await worker.RunOnceAsync(now, None)).ShouldBe(0);
        (await IncidentsAsync(app)).ShouldBeEmpty();

        fail = false;
        await DrainAsync(app, worker, waiting.NextAttemptAt);

        (await IncidentsAsync(app)).ShouldHaveSingleItem().Channel.Id.ShouldBe("CNEW1");
        Posted(app).Select(post => post.Channel).Order(StringComparer.Ordinal).ShouldBe(["C1", "CNEW1"]);
    }

    [Fact]
    public async Task A_command_that_keeps_failing_is_given_up_and_the_person_is_told_privately()
    {
        await using var app = await SlackTestApp.StartAsync(NewChannels, outboxWorker: false);
        await app.PostFormAsync("/slack/commands", SlashCommand("declare DB latency sev2", triggerId: "t-declare"));
        app.Store.BeforeWrite = (_, _) => throw new InvalidOperationException("database is down");
        var worker = app.CreateWorker();
        var now = app.Clock.GetUtcNow();

        for (var attempt = 1; attempt < SlackDeferredCommands.MaxRunAttempts; attempt++)
        {
            (await worker.RunOnceAsync(now, None)).ShouldBe(1);
            var waiting = app.Outbox.All.ShouldHaveSingleItem();
            (waiting.Attempts, waiting.DeliveredAt).ShouldBe((attempt, null));
            now = waiting.NextAttemptAt;
        }

        (await worker.RunOnceAsync(now, None)).ShouldBe(1);

        app.Outbox.All.Select(m => (m.Kind, m.DedupeKey, m.DeliveredAt is null)).ShouldBe([
            (SlackDeferredCommands.Kind, "t-declare", false), (SlackOutbox.PostEphemeralKind, "t-declare/failed/0", true),
        ]);
        await DrainAsync(app, worker, now);
        var apology = app.Slack.RequestsTo("chat.postEphemeral").ShouldHaveSingleItem();
        (apology.Json["channel"]!.GetValue<string>(), apology.Json["user"]!.GetValue<string>()).ShouldBe(("C1", "U1"));
        apology.Json["text"]!.GetValue<string>().ShouldContain("could not run “/incident declare DB latency sev2”. Please try it again.");
        (await IncidentsAsync(app)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("/incident", "declare sev2", "Give the incident a title")]
    [InlineData("/incident", "frobnicate the database", "frobnicate")]
    [InlineData("/postmortem", "draft now", "draft takes no arguments")]
    [InlineData("/postmortem", "publish --everyone", "isn't a publish option")]
    [InlineData("/postmortem", "frobnicate", "isn't a /postmortem command")]
    public async Task Input_that_does_not_parse_is_answered_at_once_with_its_usage_and_queues_nothing(string command, string text, string expected)
    {
        await using var app = await SlackTestApp.StartAsync(NewChannels, outboxWorker: false);

        using var response = await app.PostFormAsync("/slack/commands", SlashCommand(text, command: command));

        var answer = Body(await response.Content.ReadAsStringAsync());
        answer["response_type"]!.GetValue<string>().ShouldBe("ephemeral");
        answer["text"]!.GetValue<string>().ShouldContain(expected);
        app.Outbox.All.ShouldBeEmpty();
        app.Slack.Requests.ShouldBeEmpty();
        (await IncidentsAsync(app)).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_draft_button_is_run_by_the_worker_and_its_press_is_answered_at_once()
    {
        await using var app = await SlackTestApp.StartAsync(outboxWorker: false);
        await app.PostFormAsync("/slack/commands", SlashCommand("declare Checkout latency", channelId: "C111", teamId: "T111", triggerId: "t-declare"));
        await JoinAsync(app, "C111");
        var press = Fixtures.Text("interactive-block_actions.bolt-python.json").Replace("click_me_123", "/postmortem INC-1 draft", StringComparison.Ordinal);

        using var response = await app.PostFormAsync("/slack/interactions", Interaction(press));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBeEmpty();
        var stored = Waiting(app).ShouldHaveSingleItem();
        (stored.Kind, stored.ChannelId).ShouldBe((SlackDeferredCommands.Kind, "C111"));
        var incident = (await IncidentsAsync(app, "T111")).ShouldHaveSingleItem();
        (await app.Postmortems.ListDraftsAsync(incident.Workspace, incident.Id, None)).ShouldBeEmpty();

        (await app.CreateWorker().RunOnceAsync(app.Clock.GetUtcNow(), None)).ShouldBe(1);

        (await app.Postmortems.ListDraftsAsync(incident.Workspace, incident.Id, None)).ShouldHaveSingleItem();
    }

    /// <summary>A declare that keeps the incident in its channel has the bot join it first; delivers that join.</summary>
    private static async Task JoinAsync(SlackTestApp app, string channelId)
    {
        (await app.CreateWorker().RunOnceAsync(app.Clock.GetUtcNow(), None)).ShouldBe(1);
        app.Slack.RequestsTo("conversations.join").ShouldHaveSingleItem().Json["channel"]!.GetValue<string>().ShouldBe(channelId);
        app.Slack.ClearRequests();
    }

    private static IEnumerable<OutboundMessage> Waiting(SlackTestApp app) => app.Outbox.All.Where(m => m.DeliveredAt is null);
}
