using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.Slack.Inbound;
using IncidentBot.TestKit.Slack;

namespace IncidentBot.Slack.Tests;

public sealed class SlackEndpointTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private SlackTestApp _app = null!;

    public async Task InitializeAsync() => _app = await SlackTestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static string Form(params (string Key, string Value)[] fields) =>
        string.Join('&', fields.Select(field => WebUtility.UrlEncode(field.Key) + "=" + WebUtility.UrlEncode(field.Value)));

    private static string SlashCommand(string text, string command = "/incident") => Form(
        ("token", "legacy"), ("team_id", "T1"), ("team_domain", "acme"), ("channel_id", "C1"), ("channel_name", "ops"),
        ("user_id", "U1"), ("user_name", "alice"), ("command", command), ("text", text),
        ("response_url", "https://hooks.slack.com/commands/T1/1/x"), ("trigger_id", "111.222.abc"), ("api_app_id", "A1"));

    [Fact]
    public async Task An_unsigned_request_gets_401_and_nothing_runs()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/slack/events")
        {
            Content = new StringContent(Fixtures.Text("events-message-plain.real.json"), Encoding.UTF8, "application/json"),
        };
        using var response = await _app.Http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).ShouldBeEmpty();
        _app.Capture.Calls.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public async Task A_request_signed_outside_the_window_gets_401(int offsetSeconds)
    {
        using var request = _app.Signer.Form("/slack/commands", SlashCommand("show"), _app.Clock.GetUtcNow().AddSeconds(offsetSeconds));
        using var response = await _app.Http.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        _app.Commands.Commands.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_body_changed_after_signing_gets_401()
    {
        using var request = _app.Signer.Form("/slack/commands", SlashCommand("show"));
        request.Content = new StringContent(SlashCommand("resolve"), Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await _app.Http.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        _app.Commands.Commands.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_oversized_body_gets_413()
    {
        using var response = await _app.PostFormAsync("/slack/commands", SlashCommand(new string('x', 600 * 1024)));
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        _app.Commands.Commands.ShouldBeEmpty();
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
    [InlineData("/slack/commands", "application/x-www-form-urlencoded", "text=hello")]
    [InlineData("/slack/interactions", "application/x-www-form-urlencoded", "token=x")]
    [InlineData("/slack/interactions", "application/x-www-form-urlencoded", "payload=%7Bnope")]
    public async Task Malformed_payloads_get_a_clear_400(string path, string contentType, string body)
    {
        using var response = await _app.Http.SendAsync(_app.Signer.Create(path, body, contentType));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Length.ShouldBeGreaterThan(5);
        _app.Capture.Calls.ShouldBeEmpty();
        _app.Commands.Commands.ShouldBeEmpty();
    }

    [Fact]
    public async Task Ssl_check_gets_200()
    {
        using var response = await _app.PostFormAsync("/slack/commands", "ssl_check=1&token=legacy");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        _app.Commands.Commands.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_slash_command_is_answered_with_an_ephemeral_block_kit_reply()
    {
        _app.Commands.Answer = _ => CommandResult.Answer(Reply.Private(new HeadingBlock("INC-1"), new TextBlock("Status <!here>")));

        using var response = await _app.PostFormAsync("/slack/commands", SlashCommand("show"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        body["response_type"]!.GetValue<string>().ShouldBe("ephemeral");
        body["blocks"]![0]!["type"]!.GetValue<string>().ShouldBe("header");
        body["blocks"]![1]!["text"]!["text"]!.GetValue<string>().ShouldBe("Status &lt;!here&gt;");
        var command = _app.Commands.Commands.ShouldHaveSingleItem();
        command.ShouldBe(new ChatCommand(Platform.Slack, "T1", new ChannelRef(Platform.Slack, "C1", "ops"), new Person("U1", "alice"), "incident", "show", _app.Clock.GetUtcNow(), "111.222.abc"));
    }

    [Fact]
    public async Task Announcements_are_posted_after_an_in_channel_answer()
    {
        var incidentChannel = new ChannelRef(Platform.Slack, "CINC", "inc-1-db");
        _app.Commands.Answer = _ => new CommandResult(
            Reply.InChannel(new TextBlock("Declared INC-1")),
            [new Announcement(incidentChannel, Reply.InChannel(new TextBlock("INC-1 declared by alice")))]);

        using var response = await _app.PostFormAsync("/slack/commands", SlashCommand("declare DB down sev1"));

        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["response_type"]!.GetValue<string>().ShouldBe("in_channel");
        var posted = await _app.Slack.WaitForAsync("chat.postMessage", Wait);
        posted.Json["channel"]!.GetValue<string>().ShouldBe("CINC");
        posted.Json["text"]!.GetValue<string>().ShouldBe("INC-1 declared by alice");
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
        _app.Commands.Commands.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_bare_declare_falls_back_to_core_when_the_modal_cannot_open()
    {
        _app.Slack.Enqueue("views.open", FakeSlackAnswer.Error("expired_trigger_id"));
        using var response = await _app.PostFormAsync("/slack/commands", SlashCommand("declare"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        _app.Commands.Commands.ShouldHaveSingleItem().Text.ShouldBe("declare");
    }

    [Fact]
    public async Task A_failing_command_still_answers_200_with_an_ephemeral_error()
    {
        _app.Commands.Answer = _ => throw new InvalidOperationException("database is down");
        using var response = await _app.PostFormAsync("/slack/commands", SlashCommand("show"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        body["response_type"]!.GetValue<string>().ShouldBe("ephemeral");
        body["text"]!.GetValue<string>().ShouldContain("could not run that command");
        body.ToJsonString().ShouldNotContain("database is down");
    }

    [Fact]
    public async Task A_channel_message_is_captured_with_its_slack_identity_and_time()
    {
        using var response = await _app.PostJsonAsync("/slack/events", Fixtures.Text("events-message-plain.real.json"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var message = _app.Capture.Captured.ShouldHaveSingleItem();
        message.Platform.ShouldBe(Platform.Slack);
        message.WorkspaceId.ShouldBe("T043DB835ML");
        message.Channel.Id.ShouldBe("C043YJGBY49");
        message.MessageId.ShouldBe("C043YJGBY49/1663966382.046509");
        message.Author.ShouldBe(new Person("U043H11ES4V", "name-of-U043H11ES4V"));
        message.Text.ShouldBe("dgsfklsdgf");
        message.ThreadId.ShouldBeNull();
        message.SentAt.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(1663966382).AddTicks(465090));
    }

    [Fact]
    public async Task Edits_deletions_reactions_and_pins_reach_capture()
    {
        (await _app.PostJsonAsync("/slack/events", Fixtures.Text("events-message_changed.bolt-python.json"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _app.PostJsonAsync("/slack/events", Fixtures.Text("events-message_deleted.real.json"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var reaction = Fixtures.Text("events-reaction_added-with-authorizations.docs.json").Replace("slightly_smiling_face", "pushpin", StringComparison.Ordinal);
        (await _app.PostJsonAsync("/slack/events", reaction)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var removed = reaction.Replace("reaction_added", "reaction_removed", StringComparison.Ordinal).Replace("Ev123ABC456", "Ev999", StringComparison.Ordinal);
        (await _app.PostJsonAsync("/slack/events", removed)).StatusCode.ShouldBe(HttpStatusCode.OK);

        _app.Capture.Calls.ToList().ShouldBe([
            new RecordingCaptureSink.Edited("T111", "C111/1665102338.901939", "updated message", DateTimeOffset.FromUnixTimeSeconds(1665102362)),
            new RecordingCaptureSink.Deleted("T043DB835ML", "C043YJGBY49/1663966382.046509", DateTimeOffset.FromUnixTimeSeconds(1663969383).AddTicks(15000)),
            new RecordingCaptureSink.Promoted("T123ABC456", "C123ABC456/1464196127.000002", new Person("U123ABC456", "name-of-U123ABC456")),
            new RecordingCaptureSink.Demoted("T123ABC456", "C123ABC456/1464196127.000002", DateTimeOffset.FromUnixTimeSeconds(1465244570).AddTicks(3368410)),
        ]);
    }

    [Fact]
    public async Task Bot_and_system_messages_are_acknowledged_and_ignored()
    {
        foreach (var fixture in new[] { "events-message-bot-with-bot_profile.bolt-python.json", "events-message-bot_message-subtype.real.json", "events-message-channel_join.real.json", "events-app_rate_limited.docs.json", "events-channel_created.real.json", "events-pin_added.docs.json", "events-app_mention.docs.json" })
        {
            using var response = await _app.PostJsonAsync("/slack/events", Fixtures.Text(fixture));
            response.StatusCode.ShouldBe(HttpStatusCode.OK, fixture);
        }

        _app.Capture.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_retried_event_changes_nothing_the_second_time()
    {
        var body = Fixtures.Text("events-message-plain.real.json");
        (await _app.PostJsonAsync("/slack/events", body)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var retry = _app.Signer.Json("/slack/events", body);
        retry.Headers.Add("X-Slack-Retry-Num", "1");
        retry.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        (await _app.Http.SendAsync(retry)).StatusCode.ShouldBe(HttpStatusCode.OK);

        _app.Capture.Captured.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_retry_that_overlaps_the_first_delivery_is_run_once()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _app.Capture.During = token => gate.Task.WaitAsync(token);
        var body = Fixtures.Text("events-message-plain.real.json");

        var first = _app.PostJsonAsync("/slack/events", body);
        var second = _app.PostJsonAsync("/slack/events", body);
        await Task.Delay(200);
        gate.SetResult();

        (await first).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await second).StatusCode.ShouldBe(HttpStatusCode.OK);
        _app.Capture.Captured.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_failed_capture_answers_500_so_slack_retries_and_the_retry_is_processed()
    {
        var fail = true;
        _app.Capture.During = _ => fail ? throw new InvalidOperationException("database is down") : Task.CompletedTask;
        var body = Fixtures.Text("events-message-plain.real.json");

        (await _app.PostJsonAsync("/slack/events", body)).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        fail = false;
        (await _app.PostJsonAsync("/slack/events", body)).StatusCode.ShouldBe(HttpStatusCode.OK);
        _app.Capture.Captured.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_command_button_runs_the_command_and_replies_privately_afterwards()
    {
        var payload = Fixtures.Text("interactive-block_actions.bolt-python.json").Replace("click_me_123", "/postmortem draft", StringComparison.Ordinal);
        using var response = await _app.PostFormAsync("/slack/interactions", Form(("payload", payload)));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBeEmpty();
        var command = _app.Commands.Commands.ShouldHaveSingleItem();
        (command.Command, command.Text, command.User.Id).ShouldBe(("postmortem", "draft", "W111"));
        var reply = await _app.Slack.WaitForAsync("chat.postEphemeral", Wait);
        reply.Json["user"]!.GetValue<string>().ShouldBe("W111");
        reply.Json["channel"]!.GetValue<string>().ShouldBe("C111");
    }

    [Fact]
    public async Task The_declare_modal_submission_declares_and_closes_the_modal()
    {
        var payload = SlackInteractionParserTests.DeclareSubmission("Checkout latency", "sev1", summary: null);
        using var response = await _app.PostFormAsync("/slack/interactions", Form(("payload", payload)));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBeEmpty();
        _app.Commands.Commands.ShouldHaveSingleItem().Text.ShouldBe("declare Checkout latency sev1");
    }

    [Fact]
    public async Task The_declare_modal_summary_is_set_in_the_incident_channel()
    {
        _app.Commands.Answer = command => command.Text.StartsWith("declare", StringComparison.Ordinal)
            ? new CommandResult(Reply.Private(new TextBlock("Declared")), [new Announcement(new ChannelRef(Platform.Slack, "CINC", "inc-1"), Reply.InChannel(new TextBlock("INC-1")))])
            : CommandResult.Answer(Reply.Private(new TextBlock("Summary set")));

        var payload = SlackInteractionParserTests.DeclareSubmission("Checkout latency", "sev2", "p99 over 2 s");
        (await _app.PostFormAsync("/slack/interactions", Form(("payload", payload)))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var summary = _app.Commands.Commands.Last();
        (summary.Channel.Id, summary.Text).ShouldBe(("CINC", "summary p99 over 2 s"));
    }

    [Fact]
    public async Task A_declare_modal_without_title_answers_with_field_errors()
    {
        var payload = SlackInteractionParserTests.DeclareSubmission(" ");
        using var response = await _app.PostFormAsync("/slack/interactions", Form(("payload", payload)));

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        body["response_action"]!.GetValue<string>().ShouldBe("errors");
        body["errors"]!["title"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        _app.Commands.Commands.ShouldBeEmpty();
    }

    [Fact]
    public async Task Other_interactions_are_acknowledged_with_an_empty_200()
    {
        foreach (var fixture in new[] { "interactive-view_submission.bolt-python.json", "interactive-view_submission-with-response_urls.bolt-python.json", "interactive-block_actions.bolt-python.json" })
        {
            using var response = await _app.PostFormAsync("/slack/interactions", Form(("payload", Fixtures.Text(fixture))));
            response.StatusCode.ShouldBe(HttpStatusCode.OK, fixture);
            (await response.Content.ReadAsStringAsync()).ShouldBeEmpty();
        }

        _app.Commands.Commands.ShouldBeEmpty();
    }
}
