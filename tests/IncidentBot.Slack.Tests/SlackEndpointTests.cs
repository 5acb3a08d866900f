using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Timeline;
using IncidentBot.Slack.Inbound;
using IncidentBot.TestKit.Slack;
using Microsoft.Extensions.DependencyInjection;
using static IncidentBot.TestKit.Slack.SlackBodies;

namespace IncidentBot.Slack.Tests;

/// <summary>The /slack routes over loopback HTTP, with Core's real use cases and in-memory stores behind them.</summary>
public sealed class SlackEndpointTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly CancellationToken None = CancellationToken.None;
    private SlackTestApp _app = null!;

    public async Task InitializeAsync() => _app = await SlackTestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<IReadOnlyList<Incident>> IncidentsAsync(string teamId = "T1") =>
        _app.Incidents.ListIncidentsAsync(Workspace.Key(Platform.Slack, teamId), IncidentListFilter.All, 10, None);

    private static JsonObject Body(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public async Task An_unsigned_request_gets_401_and_stores_nothing()
    {
        var incident = await _app.DeclareInAsync("T043DB835ML", "C043YJGBY49");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/slack/events")
        {
            Content = new StringContent(Fixtures.Text("events-message-plain.real.json"), Encoding.UTF8, "application/json"),
        };
        using var response = await _app.Http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).ShouldBeEmpty();
        (await _app.TimelineAsync(incident)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public async Task A_request_signed_outside_the_window_gets_401(int offsetSeconds)
    {
        using var request = _app.Signer.Form("/slack/commands", SlashCommand("declare DB down"), _app.Clock.GetUtcNow().AddSeconds(offsetSeconds));
        using var response = await _app.Http.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await IncidentsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_body_changed_after_signing_gets_401()
    {
        using var request = _app.Signer.Form("/slack/commands", SlashCommand("declare DB down"));
        request.Content = new StringContent(SlashCommand("declare Something else"), Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await _app.Http.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await IncidentsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_oversized_body_gets_413()
    {
        using var response = await _app.PostFormAsync("/slack/commands", SlashCommand("declare " + new string('x', 600 * 1024)));
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await IncidentsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_oversized_chunked_body_without_a_length_gets_413()
    {
        using var request = _app.Signer.Create("/slack/commands", SlashCommand("declare " + new string('x', 600 * 1024)), "application/x-www-form-urlencoded");
        request.Headers.TransferEncodingChunked = true;
        using var response = await _app.Http.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await IncidentsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_chunked_body_without_a_length_is_verified_and_handled()
    {
        using var request = _app.Signer.Create("/slack/commands", SlashCommand("declare DB down"), "application/x-www-form-urlencoded");
        request.Headers.TransferEncodingChunked = true;
        using var response = await _app.Http.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await IncidentsAsync()).ShouldHaveSingleItem();
    }

    [Theory]
    [InlineData("/slack/commands", "application/json")]
    [InlineData("/slack/interactions", "text/plain")]
    [InlineData("/slack/events", "application/x-www-form-urlencoded")]
    public async Task A_wrong_content_type_gets_415(string path, string contentType)
    {
        using var response = await _app.Http.SendAsync(_app.Signer.Create(path, "{}", contentType));
        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Url_verification_answers_the_challenge()
    {
        using var response = await _app.PostJsonAsync("/slack/events", Fixtures.Text("events-url_verification.docs.json"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        (await response.Content.ReadAsStringAsync()).ShouldBe("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
    }

    [Theory]
    [InlineData("/slack/events", "application/json", "{not json")]
    [InlineData("/slack/events", "application/json", "[1,2]")]
    [InlineData("/slack/events", "application/json", """{"type":"event_callback","team_id":"T1","event_id":"E1"}""")]
    [InlineData("/slack/commands", "application/x-www-form-urlencoded", "text=declare%20x")]
    [InlineData("/slack/interactions", "application/x-www-form-urlencoded", "token=x")]
    [InlineData("/slack/interactions", "application/x-www-form-urlencoded", "payload=%7Bnope")]
    public async Task Malformed_payloads_get_a_clear_400_and_change_nothing(string path, string contentType, string body)
    {
        using var response = await _app.Http.SendAsync(_app.Signer.Create(path, body, contentType));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Length.ShouldBeGreaterThan(5);
        (await IncidentsAsync()).ShouldBeEmpty();
        _app.Outbox.All.ShouldBeEmpty();
    }

    [Fact]
    public async Task Ssl_check_gets_200()
    {
        using var response = await _app.PostFormAsync("/slack/commands", "ssl_check=1&token=legacy");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        _app.Outbox.All.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_declare_is_stored_and_answered_in_channel_with_block_kit()
    {
        using var response = await _app.PostFormAsync("/slack/commands", SlashCommand("declare Checkout <!here> latency sev1"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var body = Body(await response.Content.ReadAsStringAsync());
        body["response_type"]!.GetValue<string>().ShouldBe("in_channel");
        body["blocks"]![0]!["type"]!.GetValue<string>().ShouldBe("header");
        body["blocks"]![0]!["text"]!["text"]!.GetValue<string>().ShouldContain("INC-1");
        body.ToJsonString().ShouldNotContain("<!here>");

        var incident = (await IncidentsAsync()).ShouldHaveSingleItem();
        (incident.Title, incident.Severity, incident.Channel.Id, incident.DeclaredBy).ShouldBe(
            ("Checkout <!here> latency", Severity.Sev1, "C1", new Person("U1", "alice")));
        var declared = (await _app.TimelineAsync(incident)).ShouldHaveSingleItem();
        (declared.Kind, declared.SourceId).ShouldBe((TimelineEventKind.Declared, "111.222.abc"));
    }

    [Fact]
    public async Task A_private_answer_is_ephemeral_and_escapes_what_people_typed()
    {
        await _app.PostFormAsync("/slack/commands", SlashCommand("declare DB down", triggerId: "t-1"));

        using var response = await _app.PostFormAsync("/slack/commands", SlashCommand("timeline Rolled back <!here> & <@U2>", triggerId: "t-2"));

        var body = Body(await response.Content.ReadAsStringAsync());
        body["response_type"]!.GetValue<string>().ShouldBe("ephemeral");
        body["blocks"]![0]!["text"]!["text"]!.GetValue<string>().ShouldContain("Rolled back &lt;!here&gt; &amp; &lt;@U2&gt;");
        var incident = (await IncidentsAsync()).ShouldHaveSingleItem();
        (await _app.TimelineAsync(incident)).Single(e => e.Kind == TimelineEventKind.Note).Text.ShouldBe("Rolled back <!here> & <@U2>");
    }

    [Fact]
    public async Task A_declare_in_a_new_incident_channel_is_acknowledged_then_announced_by_the_worker_in_both_channels()
    {
        await using var app = await SlackTestApp.StartAsync(new Dictionary<string, string?>(StringComparer.Ordinal) { ["Slack:CreateIncidentChannels"] = "true" });

        using var response = await app.PostFormAsync("/slack/commands", SlashCommand("declare DB down sev1"));

        var answer = Body(await response.Content.ReadAsStringAsync());
        answer["response_type"]!.GetValue<string>().ShouldBe("in_channel");
        answer["text"]!.GetValue<string>().ShouldBe("Declaring “DB down” (SEV1)… the incident channel is being opened.");
        var posted = new[] { await app.Slack.WaitForAsync("chat.postMessage", Wait), await app.Slack.WaitForAsync("chat.postMessage", Wait) };
        var incident = (await app.Incidents.ListIncidentsAsync(Workspace.Key(Platform.Slack, "T1"), IncidentListFilter.All, 10, None)).ShouldHaveSingleItem();
        incident.Channel.Id.ShouldStartWith("CNEW");
        var byChannel = posted.ToDictionary(request => request.Json["channel"]!.GetValue<string>(), request => request.Json["text"]!.GetValue<string>(), StringComparer.Ordinal);
        byChannel[incident.Channel.Id].ShouldContain("INC-1: DB down declared");
        byChannel["C1"].ShouldContain("alice declared INC-1 (SEV1): DB down. Join #inc-1-db-down to help.");
        app.Outbox.All.Select(m => (m.Workspace, m.ChannelId, m.DedupeKey)).ShouldBe([
            ("slack:T1", "C1", "111.222.abc"), ("slack:T1", "C1", "111.222.abc/0"), ("slack:T1", incident.Channel.Id, "111.222.abc/1"),
        ]);
    }

    [Fact]
    public async Task A_bare_declare_opens_the_modal_with_the_trigger_id()
    {
        using var response = await _app.PostFormAsync("/slack/commands", SlashCommand("declare"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBeEmpty();
        var opened = _app.Slack.RequestsTo("views.open").ShouldHaveSingleItem();
        opened.Json["trigger_id"]!.GetValue<string>().ShouldBe("111.222.abc");
        opened.Json["view"]!["callback_id"]!.GetValue<string>().ShouldBe(SlackDeclareModal.CallbackId);
        (await IncidentsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_bare_declare_falls_back_to_cores_usage_when_the_modal_cannot_open()
    {
        _app.Slack.Enqueue("views.open", FakeSlackAnswer.Error("expired_trigger_id"));
        using var response = await _app.PostFormAsync("/slack/commands", SlashCommand("declare"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = Body(await response.Content.ReadAsStringAsync());
        body["response_type"]!.GetValue<string>().ShouldBe("ephemeral");
        body.ToJsonString().ShouldContain("/incident declare");
        (await IncidentsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_failing_command_still_answers_200_with_an_ephemeral_error()
    {
        _app.Store.BeforeWrite = (_, _) => throw new InvalidOperationException("database is down");
        using var response = await _app.PostFormAsync("/slack/commands", SlashCommand("declare DB down"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = Body(await response.Content.ReadAsStringAsync());
        body["response_type"]!.GetValue<string>().ShouldBe("ephemeral");
        body["text"]!.GetValue<string>().ShouldContain("could not run that command");
        body.ToJsonString().ShouldNotContain("database is down");
    }

    [Fact]
    public async Task A_channel_message_is_captured_with_its_slack_identity_and_time()
    {
        var incident = await _app.DeclareInAsync("T043DB835ML", "C043YJGBY49");

        using var response = await _app.PostJsonAsync("/slack/events", Fixtures.Text("events-message-plain.real.json"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var message = (await _app.TimelineAsync(incident)).ShouldHaveSingleItem();
        message.Kind.ShouldBe(TimelineEventKind.Message);
        message.SourceId.ShouldBe("C043YJGBY49/1663966382.046509");
        message.Author.ShouldBe(new Person("U043H11ES4V", "name-of-U043H11ES4V"));
        message.Text.ShouldBe("dgsfklsdgf");
        message.ThreadId.ShouldBeNull();
        message.OccurredAt.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(1663966382).AddTicks(465090));
    }

    [Fact]
    public async Task A_message_in_a_channel_without_an_incident_is_not_kept()
    {
        (await _app.PostJsonAsync("/slack/events", Fixtures.Text("events-message-plain.real.json"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await IncidentsAsync("T043DB835ML")).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_documented_edit_and_deletion_update_and_withdraw_captured_messages()
    {
        var edited = await _app.DeclareInAsync("T111", "C111");
        var deleted = await _app.DeclareInAsync("T043DB835ML", "C043YJGBY49");
        await _app.PostJsonAsync("/slack/events", Message("T111", "C111", "U222", "1665102338.901939", "original message"));
        await _app.PostJsonAsync("/slack/events", Fixtures.Text("events-message-plain.real.json"));

        (await _app.PostJsonAsync("/slack/events", Fixtures.Text("events-message_changed.bolt-python.json"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _app.PostJsonAsync("/slack/events", Fixtures.Text("events-message_deleted.real.json"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var after = (await _app.TimelineAsync(edited)).ShouldHaveSingleItem();
        (after.Text, after.OriginalText, after.EditedAt).ShouldBe(("updated message", "original message", DateTimeOffset.FromUnixTimeSeconds(1665102362)));
        (await _app.TimelineAsync(deleted)).ShouldHaveSingleItem().WithdrawnAt.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(1663969383).AddTicks(15000));
    }

    [Fact]
    public async Task The_timeline_reaction_adds_a_message_at_its_original_time_and_removing_it_takes_it_out()
    {
        var incident = await _app.DeclareInAsync("T123ABC456", "C123ABC456");
        await _app.PostJsonAsync("/slack/events", Message("T123ABC456", "C123ABC456", "U222222222", "1464196127.000002", "Failover started"));
        var reaction = Fixtures.Text("events-reaction_added-with-authorizations.docs.json").Replace("slightly_smiling_face", "pushpin", StringComparison.Ordinal);
        var removed = reaction.Replace("reaction_added", "reaction_removed", StringComparison.Ordinal).Replace("Ev123ABC456", "Ev999", StringComparison.Ordinal);

        (await _app.PostJsonAsync("/slack/events", reaction)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var pinned = (await _app.TimelineAsync(incident)).Single(e => e.Kind == TimelineEventKind.Pinned);
        (await _app.PostJsonAsync("/slack/events", removed)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (pinned.OccurredAt, pinned.Author.Id, pinned.Text, pinned.WithdrawnAt).ShouldBe(
            (DateTimeOffset.FromUnixTimeSeconds(1464196127).AddTicks(20), "U222222222", "Failover started", null));
        var after = await _app.TimelineAsync(incident);
        after.Single(e => e.Kind == TimelineEventKind.Pinned).WithdrawnAt.ShouldNotBeNull();
        after.Single(e => e.Kind == TimelineEventKind.Message).WithdrawnAt.ShouldBeNull();
    }

    [Fact]
    public async Task Pinning_adds_a_message_to_the_key_timeline_and_unpinning_takes_it_out()
    {
        var incident = await _app.DeclareInAsync("T1", "C1");
        await _app.PostJsonAsync("/slack/events", Message("T1", "C1", "U2", "1700000100.000100", "Rolled back the deploy"));

        await _app.PostJsonAsync("/slack/events", Pin("T1", "C1", "1700000100.000100", "U3", added: true, eventTs: "1700000200.000000"));
        var keyEvents = await _app.Incidents.GetTimelineAsync(incident.Workspace, incident.Id, TimelineQuery.KeyEvents, None);
        await _app.PostJsonAsync("/slack/events", Pin("T1", "C1", "1700000100.000100", "U3", added: false, eventTs: "1700000300.000000"));

        keyEvents.ShouldHaveSingleItem().OccurredAt.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(1700000100).AddTicks(1000));
        (await _app.Incidents.GetTimelineAsync(incident.Workspace, incident.Id, TimelineQuery.KeyEvents, None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Bot_and_system_messages_are_acknowledged_and_ignored()
    {
        string[] fixtures = ["events-message-bot-with-bot_profile.bolt-python.json", "events-message-bot_message-subtype.real.json", "events-message-channel_join.real.json", "events-app_rate_limited.docs.json", "events-channel_created.real.json", "events-pin_added.docs.json", "events-app_mention.docs.json"];
        var incidents = new List<Incident>();
        foreach (var fixture in fixtures)
        {
            var root = Body(Fixtures.Text(fixture));
            if (root["team_id"]?.GetValue<string>() is { } team && root["event"]?["channel"] is JsonValue channel)
            {
                incidents.Add(await _app.DeclareInAsync(team, channel.GetValue<string>()));
            }
        }

        foreach (var fixture in fixtures)
        {
            using var response = await _app.PostJsonAsync("/slack/events", Fixtures.Text(fixture));
            response.StatusCode.ShouldBe(HttpStatusCode.OK, fixture);
        }

        incidents.Count.ShouldBeGreaterThan(2);
        foreach (var incident in incidents)
        {
            (await _app.TimelineAsync(incident)).ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task A_retried_event_changes_nothing_the_second_time()
    {
        var incident = await _app.DeclareInAsync("T043DB835ML", "C043YJGBY49");
        var body = Fixtures.Text("events-message-plain.real.json");
        (await _app.PostJsonAsync("/slack/events", body)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await _app.Incidents.WithdrawBySourceAsync(incident.Workspace, "C043YJGBY49/1663966382.046509", null, _app.Clock.GetUtcNow(), None);

        using var retry = _app.Signer.Json("/slack/events", body);
        retry.Headers.Add("X-Slack-Retry-Num", "1");
        retry.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        (await _app.Http.SendAsync(retry)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Processed once: the retry did not run capture again (which would have brought the withdrawn entry back).
        (await _app.TimelineAsync(incident)).ShouldHaveSingleItem().WithdrawnAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_retry_that_overlaps_the_first_delivery_is_run_once()
    {
        var incident = await _app.DeclareInAsync("T043DB835ML", "C043YJGBY49");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writes = 0;
        _app.Store.BeforeWrite = async (_, token) =>
        {
            Interlocked.Increment(ref writes);
            await gate.Task.WaitAsync(token);
        };
        var body = Fixtures.Text("events-message-plain.real.json");

        var first = _app.PostJsonAsync("/slack/events", body);
        var second = _app.PostJsonAsync("/slack/events", body);
        await Task.Delay(300);
        gate.SetResult();

        (await first).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await second).StatusCode.ShouldBe(HttpStatusCode.OK);
        writes.ShouldBe(1);
        (await _app.TimelineAsync(incident)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_retry_while_the_first_delivery_is_still_running_asks_slack_to_retry_later()
    {
        await using var app = await SlackTestApp.StartAsync(configure: services =>
            services.AddSingleton(new SlackDeliveryTimings { OverlapPollInterval = TimeSpan.FromMilliseconds(20), OverlapPolls = 3 }));
        var incident = await app.DeclareInAsync("T043DB835ML", "C043YJGBY49");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Store.BeforeWrite = async (_, token) =>
        {
            entered.TrySetResult();
            await gate.Task.WaitAsync(token);
        };
        var body = Fixtures.Text("events-message-plain.real.json");

        var first = app.PostJsonAsync("/slack/events", body);
        await entered.Task.WaitAsync(Wait);
        using var overlapping = await app.PostJsonAsync("/slack/events", body);
        gate.SetResult();
        using var later = await app.PostJsonAsync("/slack/events", body);

        overlapping.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await first).StatusCode.ShouldBe(HttpStatusCode.OK);
        later.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.TimelineAsync(incident)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_failed_capture_answers_500_so_slack_retries_and_the_retry_is_processed()
    {
        var incident = await _app.DeclareInAsync("T043DB835ML", "C043YJGBY49");
        var fail = true;
        _app.Store.BeforeWrite = (_, _) => fail ? throw new InvalidOperationException("database is down") : Task.CompletedTask;
        var body = Fixtures.Text("events-message-plain.real.json");

        (await _app.PostJsonAsync("/slack/events", body)).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        fail = false;
        (await _app.PostJsonAsync("/slack/events", body)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _app.TimelineAsync(incident)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_command_button_runs_the_command_and_replies_privately_afterwards()
    {
        var payload = Fixtures.Text("interactive-block_actions.bolt-python.json").Replace("click_me_123", "/incident show", StringComparison.Ordinal);
        using var response = await _app.PostFormAsync("/slack/interactions", Interaction(payload));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBeEmpty();
        var reply = await _app.Slack.WaitForAsync("chat.postEphemeral", Wait);
        reply.Json["user"]!.GetValue<string>().ShouldBe("W111");
        reply.Json["channel"]!.GetValue<string>().ShouldBe("C111");
        reply.Json["text"]!.GetValue<string>().ShouldContain("isn't an incident channel");
    }

    [Fact]
    public async Task The_declare_modal_submission_declares_and_closes_the_modal()
    {
        var payload = SlackInteractionParserTests.DeclareSubmission("Checkout latency", "sev1", summary: null);
        using var response = await _app.PostFormAsync("/slack/interactions", Interaction(payload));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBeEmpty();
        var incident = (await IncidentsAsync("T111")).ShouldHaveSingleItem();
        (incident.Title, incident.Severity, incident.Channel.Id).ShouldBe(("Checkout latency", Severity.Sev1, "C111"));
    }

    [Fact]
    public async Task The_declare_modal_submission_with_a_summary_sets_it_when_the_incident_stays_in_the_channel()
    {
        var payload = SlackInteractionParserTests.DeclareSubmission("Checkout latency", "sev1", "p99 over 2 s");
        using var response = await _app.PostFormAsync("/slack/interactions", Interaction(payload));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var incident = (await IncidentsAsync("T111")).ShouldHaveSingleItem();
        (incident.Channel.Id, incident.Summary).ShouldBe(("C111", "p99 over 2 s"));
    }

    [Fact]
    public async Task The_declare_modal_that_opens_a_channel_closes_at_once_and_the_worker_declares_with_the_summary_in_the_new_channel()
    {
        await using var app = await SlackTestApp.StartAsync(new Dictionary<string, string?>(StringComparer.Ordinal) { ["Slack:CreateIncidentChannels"] = "true" }, outboxWorker: false);
        var payload = SlackInteractionParserTests.DeclareSubmission("Checkout latency", "sev2", "p99 over 2 s");

        using var response = await app.PostFormAsync("/slack/interactions", Interaction(payload));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBeEmpty();
        app.Slack.RequestsTo("conversations.create").ShouldBeEmpty();
        (await app.Incidents.ListIncidentsAsync(Workspace.Key(Platform.Slack, "T111"), IncidentListFilter.All, 10, None)).ShouldBeEmpty();
        app.Outbox.All.ShouldHaveSingleItem().Kind.ShouldBe(SlackDeferredCommands.Kind);

        (await app.CreateWorker().RunOnceAsync(app.Clock.GetUtcNow(), None)).ShouldBe(1);

        var incident = (await app.Incidents.ListIncidentsAsync(Workspace.Key(Platform.Slack, "T111"), IncidentListFilter.All, 10, None)).ShouldHaveSingleItem();
        incident.Channel.Id.ShouldStartWith("CNEW");
        incident.Summary.ShouldBe("p99 over 2 s");
    }

    [Fact]
    public async Task A_declare_modal_without_title_answers_with_field_errors()
    {
        var payload = SlackInteractionParserTests.DeclareSubmission(" ");
        using var response = await _app.PostFormAsync("/slack/interactions", Interaction(payload));

        var body = Body(await response.Content.ReadAsStringAsync());
        body["response_action"]!.GetValue<string>().ShouldBe("errors");
        body["errors"]!["title"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        (await IncidentsAsync("T111")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Other_interactions_are_acknowledged_with_an_empty_200()
    {
        foreach (var fixture in new[] { "interactive-view_submission.bolt-python.json", "interactive-view_submission-with-response_urls.bolt-python.json", "interactive-block_actions.bolt-python.json" })
        {
            using var response = await _app.PostFormAsync("/slack/interactions", Interaction(Fixtures.Text(fixture)));
            response.StatusCode.ShouldBe(HttpStatusCode.OK, fixture);
            (await response.Content.ReadAsStringAsync()).ShouldBeEmpty();
        }

        (await IncidentsAsync("T111")).ShouldBeEmpty();
        _app.Outbox.All.ShouldBeEmpty();
    }
}
