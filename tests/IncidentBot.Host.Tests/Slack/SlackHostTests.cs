using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Timeline;
using IncidentBot.TestKit.Slack;
using Microsoft.Extensions.DependencyInjection;
using static IncidentBot.TestKit.Slack.SlackBodies;

namespace IncidentBot.Host.Tests.Slack;

/// <summary>
/// Slack end to end through the real host: signed requests in, Core's real use cases, SQLite on a temp file, the durable
/// outbox worker posting to a fake Slack Web API.
/// </summary>
public sealed class SlackHostTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly CancellationToken None = CancellationToken.None;

    private static JsonObject Body(string json) => JsonNode.Parse(json)!.AsObject();

    private static async Task<JsonObject> CommandAsync(SlackHost host, string text, string command = "/incident", string channelId = "C1", string teamId = "T1", string? triggerId = null)
    {
        using var response = await host.PostFormAsync("/slack/commands", SlashCommand(text, command, teamId, channelId, triggerId: triggerId ?? Guid.NewGuid().ToString("N")));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return Body(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_host_starts_without_slack_settings_and_its_slack_routes_refuse_every_request()
    {
        using var app = new IncidentBotApp();
        using var client = app.CreateClient();
        var signer = new SlackRequestSigner("any-secret", app.Time);

        (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).IsSuccessStatusCode.ShouldBeTrue();
        using var response = await client.SendAsync(signer.Form("/slack/commands", SlashCommand("declare DB down")));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public void A_bot_token_without_a_signing_secret_stops_start_up_naming_the_key()
    {
        using var app = new IncidentBotApp(new Dictionary<string, string?>(StringComparer.Ordinal) { ["Slack:BotToken"] = "xoxb-test" });

        var failure = Should.Throw<Exception>(() => app.CreateClient());

        failure.ToString().ShouldContain("Slack:SigningSecret");
    }

    [Fact]
    public async Task A_slash_command_stores_the_incident_and_answers_with_block_kit()
    {
        await using var host = await SlackHost.StartAsync();

        var answer = await CommandAsync(host, "declare Checkout latency sev2", triggerId: "t-declare");

        answer["response_type"]!.GetValue<string>().ShouldBe("in_channel");
        answer["blocks"]![0]!["type"]!.GetValue<string>().ShouldBe("header");
        var incident = await host.IncidentAsync();
        (incident.Title, incident.Severity, incident.Channel.Id, incident.DeclaredBy.Id).ShouldBe(("Checkout latency", Severity.Sev2, "C1", "U1"));
        (await host.TimelineAsync(incident, TimelineScope.KeyEvents)).ShouldHaveSingleItem().SourceId.ShouldBe("t-declare");
    }

    [Fact]
    public async Task Channel_messages_become_the_transcript_and_edits_and_deletions_follow_them()
    {
        await using var host = await SlackHost.StartAsync();
        await CommandAsync(host, "declare DB down");
        var incident = await host.IncidentAsync();

        await host.PostJsonAsync("/slack/events", Message("T1", "C1", "U2", "1700000100.000100", "Replica lag is 40 s"));
        await host.PostJsonAsync("/slack/events", Message("T1", "C1", "U3", "1700000160.000200", "Failing over now", threadTs: "1700000100.000100"));
        await host.PostJsonAsync("/slack/events", Message("T1", "C9", "U3", "1700000170.000300", "Not an incident channel"));
        await host.PostJsonAsync("/slack/events", Edited("T1", "C1", "U2", "1700000100.000100", "Replica lag is 40 s", "Replica lag is 45 s", "1700000300.000000"));
        await host.PostJsonAsync("/slack/events", Deleted("T1", "C1", "1700000160.000200", "1700000400.000000"));

        var transcript = await host.TimelineAsync(incident, TimelineScope.Transcript, includeWithdrawn: true);
        transcript.Count.ShouldBe(2);
        var edited = transcript[0];
        (edited.Text, edited.OriginalText, edited.Author.Name, edited.OccurredAt).ShouldBe(
            ("Replica lag is 45 s", "Replica lag is 40 s", "name-of-U2", DateTimeOffset.FromUnixTimeSeconds(1700000100).AddTicks(1000)));
        (transcript[1].ThreadId, transcript[1].WithdrawnAt).ShouldBe(("C1/1700000100.000100", DateTimeOffset.FromUnixTimeSeconds(1700000400)));
        (await host.TimelineAsync(incident, TimelineScope.Transcript)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task The_configured_reaction_and_pins_add_a_message_at_its_original_time_and_removing_them_takes_it_out()
    {
        await using var host = await SlackHost.StartAsync(new Dictionary<string, string?>(StringComparer.Ordinal) { ["Slack:TimelineReaction"] = "rotating_light" });
        host.Time.Advance(TimeSpan.FromHours(1));
        await CommandAsync(host, "declare DB down");
        var incident = await host.IncidentAsync();
        await host.PostJsonAsync("/slack/events", Message("T1", "C1", "U2", "1700000100.000100", "Deploy 4512 went out"));
        await host.PostJsonAsync("/slack/events", Message("T1", "C1", "U2", "1700000200.000200", "Rolled back 4512"));

        await host.PostJsonAsync("/slack/events", Reaction("T1", "C1", "1700000100.000100", "U3", "pushpin", added: true, eventTs: "1700000500.000001"));
        var afterOtherReaction = await host.TimelineAsync(incident, TimelineScope.KeyEvents);
        await host.PostJsonAsync("/slack/events", Reaction("T1", "C1", "1700000100.000100", "U3", "rotating_light", added: true, eventTs: "1700000500.000002"));
        await host.PostJsonAsync("/slack/events", Pin("T1", "C1", "1700000200.000200", "U3", added: true, eventTs: "1700000500.000003"));
        var promoted = await host.TimelineAsync(incident, TimelineScope.KeyEvents);
        await host.PostJsonAsync("/slack/events", Reaction("T1", "C1", "1700000100.000100", "U3", "rotating_light", added: false, eventTs: "1700000600.000001"));
        await host.PostJsonAsync("/slack/events", Pin("T1", "C1", "1700000200.000200", "U3", added: false, eventTs: "1700000600.000002"));

        afterOtherReaction.Select(e => e.Kind).ShouldBe([TimelineEventKind.Declared]);
        var pinned = promoted.Where(e => e.Kind == TimelineEventKind.Pinned).ToList();
        pinned.Select(e => (e.Text, e.OccurredAt, e.Author.Id)).ShouldBe([
            ("Deploy 4512 went out", DateTimeOffset.FromUnixTimeSeconds(1700000100).AddTicks(1000), "U2"),
            ("Rolled back 4512", DateTimeOffset.FromUnixTimeSeconds(1700000200).AddTicks(2000), "U2"),
        ]);
        (await host.TimelineAsync(incident, TimelineScope.KeyEvents)).Select(e => e.Kind).ShouldBe([TimelineEventKind.Declared]);
        (await host.TimelineAsync(incident, TimelineScope.Transcript)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Duplicate_and_overlapping_deliveries_of_an_event_make_one_entry()
    {
        await using var host = await SlackHost.StartAsync();
        await CommandAsync(host, "declare DB down");
        var incident = await host.IncidentAsync();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var appends = 0;
        host.Store.BeforeWrite = async (method, token) =>
        {
            if (method == "AppendEventAsync")
            {
                Interlocked.Increment(ref appends);
                await gate.Task.WaitAsync(token);
            }
        };
        var body = Message("T1", "C1", "U2", "1700000100.000100", "Replica lag is 40 s");

        var first = host.PostJsonAsync("/slack/events", body);
        var overlapping = host.PostJsonAsync("/slack/events", body);
        await Task.Delay(300);
        gate.SetResult();
        var duplicate = await host.PostJsonAsync("/slack/events", body);

        (await first).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await overlapping).StatusCode.ShouldBe(HttpStatusCode.OK);
        duplicate.StatusCode.ShouldBe(HttpStatusCode.OK);
        appends.ShouldBe(1);
        (await host.TimelineAsync(incident, TimelineScope.Transcript)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_retried_event_after_a_restart_changes_nothing_and_a_failed_one_is_processed_on_retry()
    {
        var directory = Directory.CreateTempSubdirectory("incidentbot-slack-restart-");
        try
        {
            var database = Path.Combine(directory.FullName, "incidentbot.db");
            var message = Message("T1", "C1", "U2", "1700000100.000100", "Replica lag is 40 s");
            var failed = Message("T1", "C1", "U2", "1700000200.000200", "Failing over");
            await using (var first = await SlackHost.StartAsync(database: database))
            {
                await CommandAsync(first, "declare DB down");
                (await first.PostJsonAsync("/slack/events", message)).StatusCode.ShouldBe(HttpStatusCode.OK);
                (await first.PostJsonAsync("/slack/events", Deleted("T1", "C1", "1700000100.000100", "1700000300.000000"))).StatusCode.ShouldBe(HttpStatusCode.OK);
                first.Store.BeforeWrite = (_, _) => throw new InvalidOperationException("disk full");
                (await first.PostJsonAsync("/slack/events", failed)).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
            }

            await using var second = await SlackHost.StartAsync(database: database);
            (await second.PostJsonAsync("/slack/events", message)).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await second.PostJsonAsync("/slack/events", failed)).StatusCode.ShouldBe(HttpStatusCode.OK);

            // Processing the first message again would have brought its deleted entry back.
            var transcript = await second.TimelineAsync(await second.IncidentAsync(), TimelineScope.Transcript, includeWithdrawn: true);
            transcript.Select(e => (e.Text, e.WithdrawnAt is null)).ShouldBe([("Replica lag is 40 s", false), ("Failing over", true)]);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Resolving_posts_buttons_and_the_draft_button_posts_the_draft_with_its_file()
    {
        await using var host = await SlackHost.StartAsync();
        await CommandAsync(host, "declare Checkout latency", channelId: "C111", teamId: "T111");

        var resolved = await CommandAsync(host, "resolve pool size raised", channelId: "C111", teamId: "T111");

        var buttons = resolved["blocks"]!.AsArray().Single(block => block!["type"]!.GetValue<string>() == "actions")!["elements"]!.AsArray();
        buttons.Select(button => button!["value"]!.GetValue<string>()).ShouldBe(["/postmortem INC-1 draft", "/postmortem INC-1 schedule auto"]);

        var press = Fixtures.BlockActions(buttons[0]!["value"]!.GetValue<string>());
        using var pressed = await host.PostFormAsync("/slack/interactions", Interaction(press));
        pressed.StatusCode.ShouldBe(HttpStatusCode.OK);

        var posted = await host.Slack.WaitForAsync("chat.postMessage", Wait);
        posted.Json["channel"]!.GetValue<string>().ShouldBe("C111");
        posted.Json["text"]!.GetValue<string>().ShouldContain("Postmortem draft v1");
        (await host.Slack.WaitForAsync("files.completeUploadExternal", Wait)).Fields["channel_id"].ShouldBe("C111");
        Encoding.UTF8.GetString(host.Slack.Uploads.ShouldHaveSingleItem()).ShouldContain("Checkout latency");

        using var scheduled = await host.PostFormAsync("/slack/interactions", Interaction(Fixtures.BlockActions(buttons[1]!["value"]!.GetValue<string>(), "111.222.schedule")));
        scheduled.StatusCode.ShouldBe(HttpStatusCode.OK);
        var review = await host.Factory.Services.GetRequiredService<IReviewStore>().GetAsync("slack:T111", (await host.IncidentAsync("T111")).Id, None);
        review.ShouldNotBeNull().CancelledAt.ShouldBeNull();
        await SlackHost.EventuallyAsync(() => Task.FromResult(host.Slack.RequestsTo("chat.postMessage")
            .Any(request => request.Json["text"]!.GetValue<string>().Contains("INC-1 review booked for", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Postmortem_draft_uploads_the_markdown_through_the_outbox()
    {
        await using var host = await SlackHost.StartAsync();
        await CommandAsync(host, "declare Checkout latency");
        await host.PostJsonAsync("/slack/events", Message("T1", "C1", "U2", "1700000100.000100", "p99 is 2.4 s"));

        var answer = await CommandAsync(host, "draft", command: "/postmortem");

        answer["text"]!.GetValue<string>().ShouldBe("Compiling the draft of this incident's postmortem; it will be posted here in a moment.");
        var posted = await host.Slack.WaitForAsync("chat.postMessage", Wait);
        posted.Json["channel"]!.GetValue<string>().ShouldBe("C1");
        posted.Json["text"]!.GetValue<string>().ShouldContain("Postmortem draft v1: INC-1 Checkout latency");
        var complete = await host.Slack.WaitForAsync("files.completeUploadExternal", Wait);
        (complete.Fields["channel_id"], JsonNode.Parse(complete.Fields["files"])![0]!["title"]!.GetValue<string>()).ShouldBe(("C1", "INC-1 postmortem draft v1"));
        var ticket = host.Slack.RequestsTo("files.getUploadURLExternal").ShouldHaveSingleItem();
        ticket.Fields["filename"].ShouldBe("INC-1-postmortem-v1.md");
        Encoding.UTF8.GetString(host.Slack.Uploads.ShouldHaveSingleItem()).ShouldContain("# ");
        await SlackHost.EventuallyAsync(async () => (await host.Outbox.ListUndeliveredAsync("slack:T1", 10, None)).Count == 0);
    }

    [Fact]
    public async Task An_acknowledged_declare_survives_a_restart_and_the_restarted_host_runs_it_once()
    {
        var directory = Directory.CreateTempSubdirectory("incidentbot-slack-deferred-");
        await using var slack = await FakeSlackWebApi.StartAsync();
        var newChannels = new Dictionary<string, string?>(StringComparer.Ordinal) { ["Slack:CreateIncidentChannels"] = "true" };
        try
        {
            var database = Path.Combine(directory.FullName, "incidentbot.db");
            await using (var first = await SlackHost.StartAsync(newChannels, database, slack, outboxWorker: false))
            {
                var answer = await CommandAsync(first, "declare DB latency sev2", triggerId: "t-declare");
                answer["text"]!.GetValue<string>().ShouldContain("the incident channel is being opened");

                // The process stops right after answering: nothing has run yet.
                (await first.Outbox.ListUndeliveredAsync("slack:T1", 10, None)).ShouldHaveSingleItem().DedupeKey.ShouldBe("t-declare");
                (await first.Factory.Services.GetRequiredService<IIncidentStore>().FindByNumberAsync("slack:T1", 1, None)).ShouldBeNull();
            }

            slack.Requests.ShouldBeEmpty();
            await using var second = await SlackHost.StartAsync(newChannels, database, slack);

            await SlackHost.EventuallyAsync(async () => (await second.Outbox.ListUndeliveredAsync("slack:T1", 10, None)).Count == 0
                && slack.RequestsTo("chat.postMessage").Count == 2);
            var incident = await second.IncidentAsync();
            (incident.Title, incident.Severity, incident.Channel.Name).ShouldBe(("DB latency", Severity.Sev2, "inc-1-db-latency"));
            slack.RequestsTo("conversations.create").ShouldHaveSingleItem();
            slack.RequestsTo("chat.postMessage").Select(request => request.Json["channel"]!.GetValue<string>()).Order(StringComparer.Ordinal)
                .ShouldBe(new[] { "C1", incident.Channel.Id }.Order(StringComparer.Ordinal));
            (await second.Factory.Services.GetRequiredService<IIncidentStore>().FindByNumberAsync("slack:T1", 2, None)).ShouldBeNull();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Messages_queued_during_a_slack_outage_are_delivered_once_by_the_restarted_host()
    {
        var directory = Directory.CreateTempSubdirectory("incidentbot-slack-outage-");
        await using var slack = await FakeSlackWebApi.StartAsync();
        try
        {
            var database = Path.Combine(directory.FullName, "incidentbot.db");
            slack.Enqueue("chat.postMessage", FakeSlackAnswer.ServerError(503));
            await using (var first = await SlackHost.StartAsync(database: database, slack: slack))
            {
                await CommandAsync(first, "declare DB down", channelId: "CINC");
                await CommandAsync(first, "INC-1 status identified connection pool", channelId: "C2");
                await slack.WaitForAsync("chat.postMessage", Wait);
                await SlackHost.EventuallyAsync(async () => (await first.Outbox.ListUndeliveredAsync("slack:T1", 10, None)) is [{ Attempts: 1 }]);
            }

            await using var second = await SlackHost.StartAsync(database: database, slack: slack);
            second.Time.Advance(TimeSpan.FromMinutes(5));

            var delivered = await slack.WaitForAsync("chat.postMessage", Wait);
            (delivered.Json["channel"]!.GetValue<string>(), delivered.Json["text"]!.GetValue<string>()).ShouldBe(("CINC", slack.RequestsTo("chat.postMessage")[0].Json["text"]!.GetValue<string>()));
            delivered.Json["text"]!.GetValue<string>().ShouldContain("identified");
            await SlackHost.EventuallyAsync(async () => (await second.Outbox.ListUndeliveredAsync("slack:T1", 10, None)).Count == 0);
            await Task.Delay(200);
            slack.RequestsTo("chat.postMessage").Count.ShouldBe(2);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task In_socket_mode_slash_commands_are_stored_and_answered_without_a_public_url()
    {
        await using var server = await FakeSocketModeServer.StartAsync();
        using var app = new IncidentBotApp(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Slack:BotToken"] = "xoxb-test",
            ["Slack:AppToken"] = "xapp-1-A111-test",
            ["Slack:ApiBaseUrl"] = server.ApiBaseUrl.AbsoluteUri,
            ["Slack:CreateIncidentChannels"] = "false",
        });
        using var client = app.CreateClient();
        var connection = await server.NextConnectionAsync(Wait);

        var envelope = new JsonObject
        {
            ["envelope_id"] = "env-1",
            ["type"] = "slash_commands",
            ["accepts_response_payload"] = true,
            ["payload"] = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(
                SlashCommand("declare Checkout latency sev1").Split('&').Select(pair => pair.Split('='))
                    .ToDictionary(pair => WebUtility.UrlDecode(pair[0]), pair => WebUtility.UrlDecode(pair[1]), StringComparer.Ordinal))),
        };
        await connection.SendAsync(envelope.ToJsonString());
        var ack = await connection.ReceiveAsync(Wait);

        ack["envelope_id"]!.GetValue<string>().ShouldBe("env-1");
        ack["payload"]!["response_type"]!.GetValue<string>().ShouldBe("in_channel");
        var store = (IIncidentStore)app.Services.GetService(typeof(IIncidentStore))!;
        (await store.FindByNumberAsync("slack:T1", 1, None))!.Title.ShouldBe("Checkout latency");
    }
}
