using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Slack.Outbound;
using IncidentBot.Slack.Rendering;
using IncidentBot.TestKit;
using IncidentBot.TestKit.Slack;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IncidentBot.Slack.Tests;

/// <summary>
/// The outbox after an attempt whose outcome is unknown: Slack accepted the post (or shared the file) but the answer
/// was lost, or the worker died before marking the message delivered. The next attempt finds the message in Slack by
/// its metadata (or the file by its share) and marks it delivered instead of posting it twice; a message that is not
/// there is sent again, and a certain refusal (429) needs no search. Driven one iteration at a time with the time it
/// should see, against <see cref="FakeSlackWebApi"/>, whose channels keep what was posted.
/// </summary>
public sealed class SlackOutboxOnceTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 14, 0, 0, TimeSpan.Zero);
    private static readonly SlackOutboxTimings Timings = new() { HistoryPageSize = 2, HistoryPages = 3 };
    private readonly FakeTimeProvider _clock = new(T0);
    private readonly DyingOutbox _outbox = new(new InMemoryOutbox());
    private FakeSlackWebApi _slack = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlackWebApi.StartAsync();
        _slack.Clock = _clock;
        _services = SlackAdapterServices.Create(_slack, _clock, _outbox, Timings);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _slack.DisposeAsync();
    }

    private SlackOutboxWorker Worker => _services.Worker();

    /// <summary>Another process's worker: a different claimant over the same outbox.</summary>
    private SlackOutboxWorker NewWorker() => ActivatorUtilities.CreateInstance<SlackOutboxWorker>(_services);

    private Task<int> EnqueueAsync(string channel, string text, string? user = null, string? threadTs = null) =>
        _services.GetRequiredService<SlackOutbox>().EnqueueAsync(
            "T1",
            [new SlackOutboundMessage(channel, SlackMessageRenderer.Render(Reply.InChannel(new TextBlock(text)))[0], user, threadTs)],
            dedupeKey: null,
            None);

    private Task<int> EnqueueFileAsync(string channel) =>
        _services.GetRequiredService<SlackOutbox>().EnqueueAsync("T1", [new SlackOutboundFile(channel, "INC-7-postmortem-v1.md", "INC-7 postmortem draft v1", "# INC-7\n")], dedupeKey: null, None);

    private Task<IReadOnlyList<OutboundMessage>> UndeliveredAsync() => _outbox.ListUndeliveredAsync("slack:T1", 100, None);

    private IReadOnlyList<RecordedSlackRequest> Posts => _slack.RequestsTo("chat.postMessage");

    private static IEnumerable<string> Texts(IEnumerable<RecordedSlackRequest> requests) => requests.Select(r => r.Json["text"]!.GetValue<string>());

    [Fact]
    public async Task Every_message_the_outbox_posts_carries_metadata_naming_its_outbox_row()
    {
        await EnqueueAsync("C1", "first");
        await EnqueueAsync("C2", "second");
        await EnqueueAsync("C1", "in a thread", threadTs: "1795000000.000100");

        await Worker.RunOnceAsync(T0, None);
        await Worker.RunOnceAsync(T0, None);

        var rows = _outbox.Inner.All;
        Posts.Count.ShouldBe(3);
        foreach (var post in Posts)
        {
            var row = rows.Single(r => JsonNode.Parse(r.Payload)!["text"]!.GetValue<string>() == post.Json["text"]!.GetValue<string>());
            var metadata = post.Json["metadata"].ShouldNotBeNull();
            metadata["event_type"]!.GetValue<string>().ShouldBe("incidentbot_outbox");
            metadata["event_payload"]!["id"]!.GetValue<string>().ShouldBe(string.Create(CultureInfo.InvariantCulture, $"{row.Id}.{T0.ToUnixTimeMilliseconds()}"));
        }

        Posts.Select(p => p.Json["metadata"]!["event_payload"]!["id"]!.GetValue<string>()).Distinct(StringComparer.Ordinal).Count().ShouldBe(3);
        (await UndeliveredAsync()).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_post_slack_accepted_but_whose_answer_was_lost_is_found_by_its_metadata_and_not_posted_again(bool connectionBroke)
    {
        await EnqueueAsync("C1", "posted, answer lost");
        await EnqueueAsync("C1", "next in line");
        _slack.Enqueue("chat.postMessage", connectionBroke ? FakeSlackAnswer.DroppedAfterAccepting() : FakeSlackAnswer.ServerErrorAfterAccepting(500));

        await Worker.RunOnceAsync(T0, None);
        var uncertain = (await UndeliveredAsync())[0];
        await Worker.RunOnceAsync(uncertain.NextAttemptAt, None);
        await Worker.RunOnceAsync(uncertain.NextAttemptAt, None);

        (uncertain.OutcomeUnknown, uncertain.LastError).ShouldBe((true, connectionBroke ? "http_unreachable" : "http_500"));
        Texts(Posts).ShouldBe(["posted, answer lost", "next in line"]);
        _slack.Posted.Count(m => m["text"]!.GetValue<string>() == "posted, answer lost").ShouldBe(1);
        var search = _slack.RequestsTo("conversations.history").ShouldHaveSingleItem();
        search.Fields["channel"].ShouldBe("C1");
        search.Fields["include_all_metadata"].ShouldBe("true");
        search.Fields["oldest"].ShouldBe((T0 - Timings.HistoryMargin).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + ".000000");
        (await UndeliveredAsync()).ShouldBeEmpty();
        _outbox.Inner.All.ShouldAllBe(m => m.DeliveredAt != null);
    }

    [Fact]
    public async Task A_post_whose_outcome_was_unknown_and_that_is_not_in_the_channel_is_sent_again()
    {
        await EnqueueAsync("C1", "never arrived");
        _slack.Enqueue("chat.postMessage", FakeSlackAnswer.Dropped());

        await Worker.RunOnceAsync(T0, None);
        await Worker.RunOnceAsync(T0 + TimeSpan.FromMinutes(1), None);

        Texts(Posts).ShouldBe(["never arrived", "never arrived"]);
        _slack.RequestsTo("conversations.history").ShouldHaveSingleItem();
        _slack.Posted.ShouldHaveSingleItem()["text"]!.GetValue<string>().ShouldBe("never arrived");
        (await UndeliveredAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_rate_limited_post_is_certain_not_posted_and_is_sent_again_without_a_search()
    {
        await EnqueueAsync("C1", "after the limit");
        _slack.Enqueue("chat.postMessage", FakeSlackAnswer.RateLimited(TimeSpan.FromSeconds(30)));

        await Worker.RunOnceAsync(T0, None);
        var limited = (await UndeliveredAsync()).ShouldHaveSingleItem();
        await Worker.RunOnceAsync(T0 + TimeSpan.FromSeconds(30), None);

        limited.OutcomeUnknown.ShouldBeFalse();
        Texts(Posts).ShouldBe(["after the limit", "after the limit"]);
        _slack.RequestsTo("conversations.history").ShouldBeEmpty();
        _slack.RequestsTo("conversations.replies").ShouldBeEmpty();
        (await UndeliveredAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_worker_that_died_after_posting_leaves_the_message_to_the_next_which_finds_it_and_does_not_post_it_again()
    {
        await EnqueueAsync("C1", "posted, then the process died");
        await EnqueueAsync("C1", "next in line");
        _outbox.DieBeforeMarkingDelivered = true;

        await Should.ThrowAsync<IOException>(() => Worker.RunOnceAsync(T0, None));
        _outbox.DieBeforeMarkingDelivered = false;
        var restarted = NewWorker();
        (await restarted.RunOnceAsync(T0 + Timings.Lease - TimeSpan.FromSeconds(1), None)).ShouldBe(0);
        _clock.SetUtcNow(T0 + Timings.Lease);
        await restarted.RunOnceAsync(T0 + Timings.Lease, None);
        await restarted.RunOnceAsync(T0 + Timings.Lease, None);

        Texts(Posts).ShouldBe(["posted, then the process died", "next in line"]);
        _slack.RequestsTo("conversations.history").ShouldHaveSingleItem();
        (await UndeliveredAsync()).ShouldBeEmpty();
        _outbox.Inner.All[0].DeliveredAt.ShouldBe(T0 + Timings.Lease);
    }

    [Fact]
    public async Task A_worker_that_died_before_posting_leaves_a_message_the_next_one_looks_for_and_then_posts_once()
    {
        await EnqueueAsync("C1", "claimed, never sent");
        (await _outbox.ClaimDueAsync(Platform.Slack, "dead-worker", T0, Timings.Lease, 10, None)).ShouldHaveSingleItem();

        await Worker.RunOnceAsync(T0 + Timings.Lease, None);

        Texts(Posts).ShouldBe(["claimed, never sent"]);
        _slack.RequestsTo("conversations.history").ShouldHaveSingleItem();
        (await UndeliveredAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_thread_reply_is_looked_for_among_the_threads_replies()
    {
        var parent = _slack.AddToHistory("C1", new JsonObject { ["user"] = "U1", ["text"] = "the incident thread" });
        for (var i = 0; i < 8; i++)
        {
            _slack.AddToHistory("C1", new JsonObject { ["user"] = "U2", ["text"] = $"chatter {i}" });
        }

        await EnqueueAsync("C1", "a reply in the thread", threadTs: parent);
        _slack.Enqueue("chat.postMessage", FakeSlackAnswer.ServerErrorAfterAccepting(502));

        await Worker.RunOnceAsync(T0, None);
        await Worker.RunOnceAsync(T0 + TimeSpan.FromMinutes(1), None);

        Posts.ShouldHaveSingleItem().Json["thread_ts"]!.GetValue<string>().ShouldBe(parent);
        var search = _slack.RequestsTo("conversations.replies").ShouldHaveSingleItem();
        (search.Fields["channel"], search.Fields["ts"], search.Fields["include_all_metadata"]).ShouldBe(("C1", parent, "true"));
        _slack.RequestsTo("conversations.history").ShouldBeEmpty();
        (await UndeliveredAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_direct_message_to_a_person_is_looked_for_in_the_bots_conversation_with_them()
    {
        await EnqueueAsync("U123", "your account of INC-1, please");
        _slack.Enqueue("chat.postMessage", FakeSlackAnswer.ServerErrorAfterAccepting(500));

        await Worker.RunOnceAsync(T0, None);
        await Worker.RunOnceAsync(T0 + TimeSpan.FromMinutes(1), None);

        Posts.ShouldHaveSingleItem().Json["channel"]!.GetValue<string>().ShouldBe("U123");
        _slack.RequestsTo("conversations.open").ShouldHaveSingleItem().Json["users"]!.GetValue<string>().ShouldBe("U123");
        _slack.RequestsTo("conversations.history").ShouldHaveSingleItem().Fields["channel"].ShouldBe(FakeSlackWebApi.DirectMessageChannel("U123"));
        (await UndeliveredAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_search_follows_the_cursor_through_newer_messages()
    {
        await EnqueueAsync("C1", "posted before the chatter");
        _slack.Enqueue("chat.postMessage", FakeSlackAnswer.ServerErrorAfterAccepting(503));
        await Worker.RunOnceAsync(T0, None);
        for (var i = 0; i < 4; i++)
        {
            _slack.AddToHistory("C1", new JsonObject { ["user"] = "U2", ["text"] = $"chatter {i}" });
        }

        await Worker.RunOnceAsync(T0 + TimeSpan.FromMinutes(1), None);

        Posts.ShouldHaveSingleItem();
        var pages = _slack.RequestsTo("conversations.history");
        pages.Count.ShouldBe(3);
        pages.Select(p => p.Fields.GetValueOrDefault("cursor")).ShouldBe([null, "2", "4"]);
        pages.ShouldAllBe(p => p.Fields["limit"] == "2");
        (await UndeliveredAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_message_of_another_bot_with_the_same_metadata_is_not_taken_for_ours()
    {
        await Worker.HousekeepAsync(T0, None);
        await EnqueueAsync("C1", "ours");
        _slack.Enqueue("chat.postMessage", FakeSlackAnswer.Dropped());
        await Worker.RunOnceAsync(T0, None);
        var row = _outbox.Inner.All.Single();
        _slack.AddToHistory("C1", new JsonObject
        {
            ["bot_id"] = "BOTHER",
            ["text"] = "spoofed",
            ["metadata"] = new JsonObject { ["event_type"] = "incidentbot_outbox", ["event_payload"] = new JsonObject { ["id"] = SlackOutboxWorker.OutboxId(row) } },
        });

        await Worker.RunOnceAsync(T0 + TimeSpan.FromMinutes(1), None);

        Texts(Posts).ShouldBe(["ours", "ours"]);
        (await UndeliveredAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_ephemeral_message_cannot_be_looked_for_and_is_sent_again_after_an_unknown_outcome()
    {
        await EnqueueAsync("C1", "only for you", user: "U1");
        _slack.Enqueue("chat.postEphemeral", FakeSlackAnswer.ServerErrorAfterAccepting(500));

        await Worker.RunOnceAsync(T0, None);
        await Worker.RunOnceAsync(T0 + TimeSpan.FromMinutes(1), None);

        _slack.RequestsTo("chat.postEphemeral").Count.ShouldBe(2);
        _slack.RequestsTo("chat.postEphemeral").ShouldAllBe(r => r.Json["metadata"] == null);
        _slack.RequestsTo("conversations.history").ShouldBeEmpty();
        (await UndeliveredAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_search_slack_refuses_for_good_sends_the_message_rather_than_lose_it()
    {
        await EnqueueAsync("C1", "cannot be checked");
        _slack.Enqueue("chat.postMessage", FakeSlackAnswer.ServerErrorAfterAccepting(500));
        _slack.Enqueue("conversations.history", FakeSlackAnswer.Error("missing_scope"));

        await Worker.RunOnceAsync(T0, None);
        await Worker.RunOnceAsync(T0 + TimeSpan.FromMinutes(1), None);

        Posts.Count.ShouldBe(2);
        (await UndeliveredAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_search_that_fails_for_now_is_retried_later_and_the_outcome_stays_unknown()
    {
        await EnqueueAsync("C1", "posted, answer lost");
        _slack.Enqueue("chat.postMessage", FakeSlackAnswer.ServerErrorAfterAccepting(500));
        _slack.Enqueue("conversations.history", FakeSlackAnswer.RateLimited(TimeSpan.FromSeconds(60)));

        await Worker.RunOnceAsync(T0, None);
        await Worker.RunOnceAsync(T0 + TimeSpan.FromSeconds(2), None);
        var waiting = (await UndeliveredAsync()).ShouldHaveSingleItem();
        await Worker.RunOnceAsync(waiting.NextAttemptAt, None);

        (waiting.OutcomeUnknown, waiting.LastError, waiting.NextAttemptAt).ShouldBe((true, "ratelimited", T0 + TimeSpan.FromSeconds(62)));
        Posts.ShouldHaveSingleItem();
        _slack.RequestsTo("conversations.history").Count.ShouldBe(2);
        (await UndeliveredAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_file_whose_completion_was_accepted_before_the_worker_died_is_not_uploaded_again()
    {
        await EnqueueFileAsync("C1");
        _outbox.DieBeforeMarkingDelivered = true;

        await Should.ThrowAsync<IOException>(() => Worker.RunOnceAsync(T0, None));
        _outbox.DieBeforeMarkingDelivered = false;
        await NewWorker().RunOnceAsync(T0 + Timings.Lease, None);

        _slack.RequestsTo("files.getUploadURLExternal").ShouldHaveSingleItem();
        _slack.Uploads.ShouldHaveSingleItem();
        _slack.RequestsTo("files.completeUploadExternal").ShouldHaveSingleItem();
        _slack.Posted.Count(m => m["files"] is not null).ShouldBe(1);
        _slack.RequestsTo("conversations.history").ShouldHaveSingleItem().Fields["include_all_metadata"].ShouldBe("true");
        (await UndeliveredAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_file_whose_completion_answer_was_lost_is_found_by_its_share_and_not_uploaded_again()
    {
        await EnqueueFileAsync("C1");
        _slack.Enqueue("files.completeUploadExternal", FakeSlackAnswer.DroppedAfterAccepting());

        await Worker.RunOnceAsync(T0, None);
        var uncertain = (await UndeliveredAsync()).ShouldHaveSingleItem();
        await Worker.RunOnceAsync(uncertain.NextAttemptAt, None);

        (uncertain.OutcomeUnknown, uncertain.Progress).ShouldBe((true, """{"file_id":"F0001","uploaded_at":"2026-11-21T14:00:00+00:00"}"""));
        _slack.Uploads.ShouldHaveSingleItem();
        _slack.RequestsTo("files.completeUploadExternal").ShouldHaveSingleItem();
        (await UndeliveredAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_file_whose_completion_did_not_take_waits_for_a_late_share_then_completes_the_same_upload()
    {
        await EnqueueFileAsync("C1");
        _slack.Enqueue("files.completeUploadExternal", FakeSlackAnswer.ServerError(503));

        await Worker.RunOnceAsync(T0, None);
        await Worker.RunOnceAsync(T0 + TimeSpan.FromSeconds(2), None);
        var pending = (await UndeliveredAsync()).ShouldHaveSingleItem();
        (await Worker.RunOnceAsync(T0 + Timings.FileShareGrace - TimeSpan.FromSeconds(1), None)).ShouldBe(0);
        await Worker.RunOnceAsync(T0 + Timings.FileShareGrace, None);

        (pending.LastError, pending.NextAttemptAt).ShouldBe(("file_share_pending", T0 + Timings.FileShareGrace));
        _slack.RequestsTo("files.getUploadURLExternal").ShouldHaveSingleItem();
        _slack.Uploads.ShouldHaveSingleItem();
        var completions = _slack.RequestsTo("files.completeUploadExternal");
        completions.Count.ShouldBe(2);
        completions.Select(c => JsonNode.Parse(c.Fields["files"])![0]!["id"]!.GetValue<string>()).ShouldBe(["F0001", "F0001"]);
        _slack.Posted.ShouldHaveSingleItem()["files"]![0]!["id"]!.GetValue<string>().ShouldBe("F0001");
        (await UndeliveredAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_rate_limited_completion_completes_the_same_upload_without_a_search()
    {
        await EnqueueFileAsync("C1");
        _slack.Enqueue("files.completeUploadExternal", FakeSlackAnswer.RateLimited(TimeSpan.FromSeconds(10)));

        await Worker.RunOnceAsync(T0, None);
        await Worker.RunOnceAsync(T0 + TimeSpan.FromSeconds(10), None);

        _slack.Uploads.ShouldHaveSingleItem();
        _slack.RequestsTo("files.completeUploadExternal").Count.ShouldBe(2);
        _slack.RequestsTo("conversations.history").ShouldBeEmpty();
        (await UndeliveredAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_upload_slack_no_longer_knows_is_made_afresh()
    {
        await EnqueueFileAsync("C1");
        _slack.Enqueue("files.completeUploadExternal", FakeSlackAnswer.RateLimited(TimeSpan.FromSeconds(10)), FakeSlackAnswer.Error("file_not_found"));

        await Worker.RunOnceAsync(T0, None);
        await Worker.RunOnceAsync(T0 + TimeSpan.FromSeconds(10), None);

        _slack.RequestsTo("files.getUploadURLExternal").Count.ShouldBe(2);
        Encoding.UTF8.GetString(_slack.Uploads[1]).ShouldBe("# INC-7\n");
        _slack.RequestsTo("files.completeUploadExternal").Select(c => JsonNode.Parse(c.Fields["files"])![0]!["id"]!.GetValue<string>()).ShouldBe(["F0001", "F0001", "F0002"]);
        _slack.Posted.ShouldHaveSingleItem()["files"]![0]!["id"]!.GetValue<string>().ShouldBe("F0002");
        (await UndeliveredAsync()).ShouldBeEmpty();
    }

    /// <summary>The outbox, except that marking a message delivered can "kill the process" first: the claim is left as it was.</summary>
    private sealed class DyingOutbox(InMemoryOutbox inner) : IOutbox
    {
        public InMemoryOutbox Inner { get; } = inner;

        public bool DieBeforeMarkingDelivered { get; set; }

        public Task<OutboundMessage> EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken) => Inner.EnqueueAsync(message, cancellationToken);

        public Task<IReadOnlyList<OutboundMessage>> ClaimDueAsync(Platform platform, string claimant, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken) =>
            Inner.ClaimDueAsync(platform, claimant, now, lease, max, cancellationToken);

        public Task<bool> MarkDeliveredAsync(long id, string claimant, DateTimeOffset deliveredAt, CancellationToken cancellationToken) =>
            DieBeforeMarkingDelivered ? throw new IOException("The process died.") : Inner.MarkDeliveredAsync(id, claimant, deliveredAt, cancellationToken);

        public Task<bool> MarkRetryAsync(long id, string claimant, DateTimeOffset nextAttemptAt, string reason, bool outcomeUnknown, CancellationToken cancellationToken) =>
            Inner.MarkRetryAsync(id, claimant, nextAttemptAt, reason, outcomeUnknown, cancellationToken);

        public Task<bool> RecordProgressAsync(long id, string claimant, string? progress, CancellationToken cancellationToken) =>
            Inner.RecordProgressAsync(id, claimant, progress, cancellationToken);

        public Task<bool> MarkFailedAsync(long id, string claimant, DateTimeOffset failedAt, string reason, CancellationToken cancellationToken) =>
            Inner.MarkFailedAsync(id, claimant, failedAt, reason, cancellationToken);

        public Task<IReadOnlyList<OutboundMessage>> ListUndeliveredAsync(string workspace, int limit, CancellationToken cancellationToken) =>
            Inner.ListUndeliveredAsync(workspace, limit, cancellationToken);

        public Task<int> PurgeDeliveredAsync(DateTimeOffset deliveredBefore, CancellationToken cancellationToken) => Inner.PurgeDeliveredAsync(deliveredBefore, cancellationToken);
    }
}
