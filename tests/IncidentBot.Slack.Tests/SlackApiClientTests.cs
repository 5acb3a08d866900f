using System.Text.Json.Nodes;
using IncidentBot.Core.Commands;
using IncidentBot.Slack.Rendering;
using IncidentBot.Slack.WebApi;
using IncidentBot.TestKit;
using IncidentBot.TestKit.Slack;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IncidentBot.Slack.Tests;

public sealed class SlackApiClientTests : IAsyncLifetime, IDisposable
{
    private const string BotToken = "xoxb-test-token";
    private const string AppToken = "xapp-1-test";
    private FakeSlackWebApi _slack = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlackWebApi.StartAsync();
        _http = new HttpClient { BaseAddress = _slack.BaseUrl };
    }

    public async Task DisposeAsync() => await _slack.DisposeAsync();

    public void Dispose() => _http.Dispose();

    private SlackApiClient Client(TimeProvider? time = null, SlackUserNameCache? cache = null)
    {
        time ??= new InstantDelayTimeProvider();
        var options = Options.Create(new SlackOptions { BotToken = BotToken, AppToken = AppToken, SigningSecret = "s", ApiBaseUrl = _slack.BaseUrl.AbsoluteUri });
        return new SlackApiClient(
            _http,
            options,
            new SlackRetryPipeline(time, NullLogger<SlackRetryPipeline>.Instance),
            cache ?? new SlackUserNameCache(time),
            time,
            NullLogger<SlackApiClient>.Instance);
    }

    /// <summary>One of the documented examples in a <c>webapi-*-examples</c> fixture.</summary>
    private static string Example(string fixture, string name) => JsonNode.Parse(Fixtures.Text(fixture))![name]!.ToJsonString();

    private static SlackMessage Hello => SlackMessageRenderer.Render(Reply.InChannel(new TextBlock("hello <world>")))[0];

    [Fact]
    public async Task Post_message_sends_json_with_charset_and_the_bot_token_as_bearer()
    {
        var posted = await Client().PostMessageAsync("C1", Hello, threadTs: "1.000001", CancellationToken.None);

        posted.Channel.ShouldBe("C1");
        posted.Ts.ShouldNotBeNullOrEmpty();
        var request = _slack.RequestsTo("chat.postMessage").ShouldHaveSingleItem();
        request.HttpMethod.ShouldBe("POST");
        request.ContentType.ShouldBe("application/json; charset=utf-8");
        request.Authorization.ShouldBe("Bearer " + BotToken);
        request.Query.ShouldBeEmpty();
        request.Json["channel"]!.GetValue<string>().ShouldBe("C1");
        request.Json["text"]!.GetValue<string>().ShouldBe("hello &lt;world&gt;");
        request.Json["thread_ts"]!.GetValue<string>().ShouldBe("1.000001");
        request.Json["blocks"]!.AsArray().Count.ShouldBe(1);
        request.Json["unfurl_links"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task Ok_false_becomes_a_typed_error_with_the_method()
    {
        _slack.Enqueue("chat.postMessage", FakeSlackAnswer.Error("channel_not_found"));
        var error = await Should.ThrowAsync<SlackApiException>(() => Client().PostMessageAsync("C404", Hello, null, CancellationToken.None));
        error.Error.ShouldBe("channel_not_found");
        error.Method.ShouldBe("chat.postMessage");
        error.IsTransient.ShouldBeFalse();
        _slack.RequestsTo("chat.postMessage").Count.ShouldBe(1);
    }

    [Fact]
    public async Task Invalid_arguments_carry_slacks_details()
    {
        _slack.Enqueue("views.open", FakeSlackAnswer.Ok(Fixtures.Text("webapi-error-invalid_arguments.real.json")));
        var error = await Should.ThrowAsync<SlackApiException>(() => Client().OpenViewAsync("1.2.abc", new JsonObject(), CancellationToken.None));
        error.Error.ShouldBe("invalid_arguments");
        error.Details.ShouldContain(detail => detail == "[ERROR] must provide an object [json-pointer:/view]");
    }

    [Fact]
    public async Task Http_429_waits_exactly_the_retry_after_and_then_succeeds()
    {
        var time = new InstantDelayTimeProvider();
        _slack.Enqueue("chat.postMessage", FakeSlackAnswer.RateLimited(TimeSpan.FromSeconds(7)), FakeSlackAnswer.RateLimited(TimeSpan.FromSeconds(2)));

        var posted = await Client(time).PostMessageAsync("C1", Hello, null, CancellationToken.None);

        posted.Ts.ShouldNotBeNullOrEmpty();
        _slack.RequestsTo("chat.postMessage").Count.ShouldBe(3);
        time.Delays.ShouldBe([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(2)]);
    }

    [Fact]
    public async Task A_retry_after_too_long_to_wait_in_line_surfaces_as_ratelimited()
    {
        var time = new InstantDelayTimeProvider();
        _slack.Enqueue("chat.postMessage", FakeSlackAnswer.RateLimited(TimeSpan.FromMinutes(5)));

        var error = await Should.ThrowAsync<SlackApiException>(() => Client(time).PostMessageAsync("C1", Hello, null, CancellationToken.None));

        error.Error.ShouldBe("ratelimited");
        error.RetryAfter.ShouldBe(TimeSpan.FromMinutes(5));
        error.IsTransient.ShouldBeTrue();
        time.Delays.ShouldBeEmpty();
        _slack.RequestsTo("chat.postMessage").Count.ShouldBe(1);
    }

    [Fact]
    public async Task Persistent_rate_limiting_stops_after_the_bounded_retries()
    {
        var time = new InstantDelayTimeProvider();
        _slack.Enqueue("chat.postMessage", Enumerable.Repeat(FakeSlackAnswer.RateLimited(TimeSpan.FromSeconds(1)), 10).ToArray());

        var error = await Should.ThrowAsync<SlackApiException>(() => Client(time).PostMessageAsync("C1", Hello, null, CancellationToken.None));

        error.Error.ShouldBe("ratelimited");
        _slack.RequestsTo("chat.postMessage").Count.ShouldBe(SlackRetryPipeline.MaxRetries + 1);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_growing_back_off()
    {
        var time = new InstantDelayTimeProvider();
        _slack.Enqueue("chat.update", FakeSlackAnswer.ServerError(503), FakeSlackAnswer.ServerError(500), FakeSlackAnswer.ServerError(502));

        await Client(time).UpdateMessageAsync("C1", "1.000001", Hello, CancellationToken.None);

        _slack.RequestsTo("chat.update").Count.ShouldBe(4);
        time.Delays.Count.ShouldBe(3);
        time.Delays.ShouldAllBe(delay => delay > TimeSpan.Zero && delay <= TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_server_error_that_persists_becomes_a_transient_http_error()
    {
        _slack.Enqueue("chat.postMessage", Enumerable.Repeat(FakeSlackAnswer.ServerError(500), 10).ToArray());
        var error = await Should.ThrowAsync<SlackApiException>(() => Client().PostMessageAsync("C1", Hello, null, CancellationToken.None));
        error.Error.ShouldBe("http_500");
        error.IsTransient.ShouldBeTrue();
        _slack.RequestsTo("chat.postMessage").Count.ShouldBe(SlackRetryPipeline.MaxRetries + 1);
    }

    [Fact]
    public async Task A_client_error_status_is_not_retried()
    {
        _slack.Enqueue("chat.postMessage", new FakeSlackAnswer(404, "not found"));
        (await Should.ThrowAsync<SlackApiException>(() => Client().PostMessageAsync("C1", Hello, null, CancellationToken.None))).Error.ShouldBe("http_404");
        _slack.RequestsTo("chat.postMessage").Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_an_invalid_response()
    {
        _slack.Enqueue("chat.postMessage", new FakeSlackAnswer(200, "<html>proxy</html>"));
        (await Should.ThrowAsync<SlackApiException>(() => Client().PostMessageAsync("C1", Hello, null, CancellationToken.None))).Error.ShouldBe("invalid_response");
    }

    [Fact]
    public async Task Cancellation_stops_a_call_and_its_retries()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => Client().PostMessageAsync("C1", Hello, null, cancellation.Token));
        _slack.RequestsTo("chat.postMessage").ShouldBeEmpty();
    }

    [Fact]
    public async Task Cancellation_during_a_retry_wait_is_honoured()
    {
        _slack.Enqueue("chat.postMessage", Enumerable.Repeat(FakeSlackAnswer.RateLimited(TimeSpan.FromSeconds(30)), 5).ToArray());
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var started = TimeProvider.System.GetTimestamp();
        await Should.ThrowAsync<OperationCanceledException>(() => Client(TimeProvider.System).PostMessageAsync("C1", Hello, null, cancellation.Token));
        TimeProvider.System.GetElapsedTime(started).ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Post_ephemeral_targets_one_user()
    {
        (await Client().PostEphemeralAsync("C1", "U1", Hello, CancellationToken.None)).ShouldNotBeNullOrEmpty();
        var request = _slack.RequestsTo("chat.postEphemeral").ShouldHaveSingleItem();
        request.Json["user"]!.GetValue<string>().ShouldBe("U1");
        request.Json["channel"]!.GetValue<string>().ShouldBe("C1");
    }

    [Fact]
    public async Task Users_info_is_a_get_with_a_query_and_names_are_cached_for_an_hour()
    {
        var time = new FakeTimeProvider();
        var client = Client(time);
        _slack.Enqueue("users.info", FakeSlackAnswer.Ok(Example("webapi-users.info-examples.docs.json", "success")));

        (await client.GetUserNameAsync("W012A3CDE", CancellationToken.None)).ShouldBe("spengler");
        (await client.GetUserNameAsync("W012A3CDE", CancellationToken.None)).ShouldBe("spengler");
        var request = _slack.RequestsTo("users.info").ShouldHaveSingleItem();
        request.HttpMethod.ShouldBe("GET");
        request.Query.ShouldBe("?user=W012A3CDE");
        request.Authorization.ShouldBe("Bearer " + BotToken);

        time.Advance(SlackUserNameCache.Ttl + TimeSpan.FromSeconds(1));
        (await client.GetUserNameAsync("W012A3CDE", CancellationToken.None)).ShouldBe("name-of-W012A3CDE");
        _slack.RequestsTo("users.info").Count.ShouldBe(2);
    }

    [Fact]
    public async Task Conversations_create_invite_and_set_topic()
    {
        var client = Client();
        var channel = await client.CreateConversationAsync("inc-7-db-latency", isPrivate: false, CancellationToken.None);
        channel.Name.ShouldBe("inc-7-db-latency");
        await client.InviteAsync(channel.Id, Enumerable.Range(0, 150).Select(i => $"U{i}").ToList(), CancellationToken.None);
        await client.SetTopicAsync(channel.Id, new string('t', 400), CancellationToken.None);

        _slack.RequestsTo("conversations.create").ShouldHaveSingleItem().Json["is_private"]!.GetValue<bool>().ShouldBeFalse();
        var invites = _slack.RequestsTo("conversations.invite");
        invites.Select(invite => invite.Json["users"]!.GetValue<string>().Split(',').Length).ShouldBe([100, 50]);
        _slack.RequestsTo("conversations.setTopic").ShouldHaveSingleItem().Json["topic"]!.GetValue<string>().Length.ShouldBe(SlackApiClient.MaxTopicLength);
    }

    [Fact]
    public async Task Inviting_someone_already_there_is_not_an_error()
    {
        _slack.Enqueue("conversations.invite", FakeSlackAnswer.Error("already_in_channel"));
        await Client().InviteAsync("C1", ["U1"], CancellationToken.None);
    }

    [Fact]
    public async Task Name_taken_is_typed()
    {
        _slack.Enqueue("conversations.create", FakeSlackAnswer.Ok(Example("webapi-conversations.create-examples.docs.json", "error")));
        (await Should.ThrowAsync<SlackApiException>(() => Client().CreateConversationAsync("inc-1", false, CancellationToken.None))).Error.ShouldBe("name_taken");
    }

    [Fact]
    public async Task Conversations_info_and_history_are_gets()
    {
        _slack.Enqueue("conversations.info", FakeSlackAnswer.Ok(Fixtures.Text("webapi-conversations.info-response.real.json")));
        _slack.Enqueue("conversations.history", FakeSlackAnswer.Ok(Example("webapi-conversations.history-examples.docs.json", "success")));
        var client = Client();

        (await client.GetConversationInfoAsync("C043YJGBY49", CancellationToken.None)).Name.ShouldBe("general");
        var page = await client.GetHistoryAsync("C1", "abc", 50, oldest: null, includeAllMetadata: false, CancellationToken.None);

        page.Messages.Count.ShouldBe(2);
        page.Messages[0].Ts.ShouldBe("1512085950.000216");
        page.NextCursor.ShouldBe("bmV4dF90czoxNTEyMDg1ODYxMDAwNTQz");
        _slack.RequestsTo("conversations.history").ShouldHaveSingleItem().Query.ShouldBe("?channel=C1&limit=50&cursor=abc");
        _slack.RequestsTo("conversations.info").ShouldHaveSingleItem().HttpMethod.ShouldBe("GET");
    }

    [Fact]
    public async Task Views_open_sends_the_trigger_and_the_view()
    {
        (await Client().OpenViewAsync("111.222.valid", new JsonObject { ["type"] = "modal" }, CancellationToken.None)).ShouldBe("V0001");
        var request = _slack.RequestsTo("views.open").ShouldHaveSingleItem();
        request.Json["trigger_id"]!.GetValue<string>().ShouldBe("111.222.valid");
        request.Json["view"]!["type"]!.GetValue<string>().ShouldBe("modal");
    }

    [Fact]
    public async Task File_upload_uses_the_three_step_external_flow_without_leaking_the_token()
    {
        var fileId = await Client().UploadFileAsync("postmortem.md", "# INC-7"u8.ToArray(), "C1", "Postmortem INC-7", "Draft attached", CancellationToken.None);

        fileId.ShouldBe("F0001");
        var ticket = _slack.RequestsTo("files.getUploadURLExternal").ShouldHaveSingleItem();
        ticket.ContentType.ShouldBe("application/x-www-form-urlencoded");
        ticket.Fields["filename"].ShouldBe("postmortem.md");
        ticket.Fields["length"].ShouldBe("7");
        _slack.Uploads.ShouldHaveSingleItem().ShouldBe("# INC-7"u8.ToArray());
        var complete = _slack.RequestsTo("files.completeUploadExternal").ShouldHaveSingleItem();
        complete.Fields["channel_id"].ShouldBe("C1");
        complete.Fields["initial_comment"].ShouldBe("Draft attached");
        JsonNode.Parse(complete.Fields["files"])![0]!["id"]!.GetValue<string>().ShouldBe("F0001");
    }

    [Fact]
    public async Task Apps_connections_open_uses_the_app_token()
    {
        _slack.Enqueue("apps.connections.open", FakeSlackAnswer.Ok(Example("webapi-apps.connections.open-examples.docs.json", "success")));
        var url = await Client().OpenSocketModeConnectionAsync(CancellationToken.None);
        url.AbsoluteUri.ShouldStartWith("wss://wss-somethiing.slack.com/link/");
        _slack.RequestsTo("apps.connections.open").ShouldHaveSingleItem().Authorization.ShouldBe("Bearer " + AppToken);
    }
}
