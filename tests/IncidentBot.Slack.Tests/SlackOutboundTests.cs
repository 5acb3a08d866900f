using System.Text.Json.Nodes;
using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Slack.Outbound;
using IncidentBot.TestKit;
using IncidentBot.TestKit.Slack;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IncidentBot.Slack.Tests;

/// <summary>
/// The durable outbox seen from Slack: what the notifier queues, and the worker driven one iteration at a time with
/// the time it should see, against <see cref="FakeSlackWebApi"/> (outages, rate limits, permanent errors).
/// </summary>
public sealed class SlackOutboundTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 14, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(T0);
    private readonly InMemoryOutbox _outbox = new();
    private FakeSlackWebApi _slack = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlackWebApi.StartAsync();
        _services = SlackAdapterServices.Create(_slack, _clock, _outbox);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _slack.DisposeAsync();
    }

    private SlackOutboxWorker Worker => _services.Worker();

    private SlackOutbox Outbox => _services.GetRequiredService<SlackOutbox>();

    private Task<int> EnqueueAsync(string channel, string text, string? user = null) =>
        Outbox.EnqueueAsync("T1", [.. SlackOutbound.FromReply(channel, Reply.InChannel(new TextBlock(text)), user)], dedupeKey: null, None);

    private static IEnumerable<string> Texts(IEnumerable<RecordedSlackRequest> requests) => requests.Select(r => r.Json["text"]!.GetValue<string>());

    private Task<IReadOnlyList<OutboundMessage>> UndeliveredAsync(string team = "T1") => _outbox.ListUndeliveredAsync("slack:" + team, 100, None);

    private IChatNotifier Notifier => _services.GetServices<IChatNotifier>().Single(candidate => candidate.Platform == Platform.Slack);

    [Fact]
    public async Task The_slack_notifier_queues_every_part_of_a_reply_in_order_as_the_request_it_will_make()
    {
        var blocks = Enumerable.Range(0, 70).Select(i => (ReplyBlock)new TextBlock($"line {i}")).ToArray();

        await Notifier.PostAsync("slack:T123", new ChannelRef(Platform.Slack, "CINC", "inc-1"), Reply.InChannel(blocks), "reminder:7:ReviewUpcoming", None);

        var queued = _outbox.All;
        queued.Select(m => (m.ChannelId, m.Kind, m.Platform)).ShouldBe([("CINC", SlackOutbox.PostMessageKind, Platform.Slack), ("CINC", SlackOutbox.PostMessageKind, Platform.Slack)]);
        queued.Select(m => JsonNode.Parse(m.Payload)!["blocks"]!.AsArray().Count).ShouldBe([50, 20]);
        JsonNode.Parse(queued[0].Payload)!["channel"]!.GetValue<string>().ShouldBe("CINC");
        queued.Select(m => (m.Workspace, m.DedupeKey)).ShouldBe([("slack:T123", "reminder:7:ReviewUpcoming/0"), ("slack:T123", "reminder:7:ReviewUpcoming/1")]);
    }

    [Fact]
    public async Task The_notifiers_messages_are_filed_under_the_workspace_the_caller_names_whatever_auth_test_says_or_not()
    {
        var channel = new ChannelRef(Platform.Slack, "CINC", "inc-1");
        await Notifier.PostAsync("slack:T123", channel, Reply.InChannel(new TextBlock("before auth.test")), "k1", None);
        await Worker.HousekeepAsync(T0, None);
        await Notifier.PostAsync("slack:T456", channel, Reply.InChannel(new TextBlock("after auth.test")), "k2", None);

        _outbox.All.Select(m => m.Workspace).ShouldBe(["slack:T123", "slack:T456"]);
        _outbox.All.ShouldAllBe(m => !m.Workspace.Contains("unknown") && m.Workspace != "slack:" + FakeSlackWebApi.TeamId);
    }

    [Fact]
    public async Task Posting_again_with_the_same_dedupe_key_queues_nothing_new()
    {
        var channel = new ChannelRef(Platform.Slack, "CINC", "inc-1");
        var reply = Reply.InChannel(new TextBlock("Your account of INC-1, please"), new AttachmentBlock("INC-1.ics", "Review", "text/calendar", "BEGIN:VCALENDAR"));

        await Notifier.PostAsync("slack:T1", channel, reply, "reminder:42:InputRequest", None);
        await Notifier.PostAsync("slack:T1", channel, reply, "reminder:42:InputRequest", None);
        await Notifier.PostAsync("slack:T2", channel, reply, "reminder:42:InputRequest", None);

        _outbox.All.Select(m => (m.Workspace, m.Kind)).ShouldBe([
            ("slack:T1", SlackOutbox.PostMessageKind), ("slack:T1", SlackOutbox.FileUploadKind),
            ("slack:T2", SlackOutbox.PostMessageKind), ("slack:T2", SlackOutbox.FileUploadKind)]);
    }

    [Theory]
    [InlineData("teams:T1")]
    [InlineData("slack:")]
    [InlineData("T1")]
    public async Task The_notifier_refuses_workspaces_that_are_not_slack_ones(string workspace)
    {
        await Should.ThrowAsync<ArgumentException>(() => Notifier.PostAsync(workspace, new ChannelRef(Platform.Slack, "C1", "x"), Reply.InChannel(new TextBlock("x")), "k", None));
        _outbox.All.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_notifier_refuses_channels_of_other_platforms()
    {
        await Should.ThrowAsync<ArgumentException>(() => Notifier.PostAsync("slack:T1", new ChannelRef(Platform.Teams, "19:abc", "x"), Reply.InChannel(new TextBlock("x")), "k", None));
    }

    [Fact]
    public async Task One_iteration_posts_channel_and_ephemeral_messages_and_marks_them_delivered()
    {
        await EnqueueAsync("C1", "to everyone");
        await EnqueueAsync("C2", "just for you", user: "U1");

        (await Worker.RunOnceAsync(T0, None)).ShouldBe(2);

        Texts(_slack.RequestsTo("chat.postMessage")).ShouldBe(["to everyone"]);
        var ephemeral = _slack.RequestsTo("chat.postEphemeral").ShouldHaveSingleItem();
        (ephemeral.Json["user"]!.GetValue<string>(), ephemeral.Authorization).ShouldBe(("U1", "Bearer xoxb-test"));
        (await UndeliveredAsync()).ShouldBeEmpty();
        _outbox.All.ShouldAllBe(m => m.DeliveredAt == T0 && m.Attempts == 1);
    }

    [Fact]
    public async Task A_slack_outage_delays_messages_but_delivers_each_once_in_order_per_channel()
    {
        for (var i = 1; i <= 3; i++)
        {
            await EnqueueAsync("C1", $"c1 message {i}");
            await EnqueueAsync("C2", $"c2 message {i}");
        }

        _slack.Enqueue("chat.postMessage", Enumerable.Repeat(FakeSlackAnswer.ServerError(500), 7).ToArray());
        var now = T0;
        var iterations = 0;
        for (; iterations < 200 && (await UndeliveredAsync()).Count > 0; iterations++)
        {
            await Worker.RunOnceAsync(now, None);
            now += TimeSpan.FromSeconds(1);
        }

        (await UndeliveredAsync()).ShouldBeEmpty();
        var requests = _slack.RequestsTo("chat.postMessage");
        requests.Count.ShouldBe(6 + 7);
        foreach (var channel in new[] { "C1", "C2" })
        {
            var sent = Texts(requests.Where(r => r.Json["channel"]!.GetValue<string>() == channel)).ToList();
            // A channel's messages are tried strictly in order: a later one only once every earlier one went through.
            sent.Distinct(StringComparer.Ordinal).ShouldBe([$"{channel.ToLowerInvariant()} message 1", $"{channel.ToLowerInvariant()} message 2", $"{channel.ToLowerInvariant()} message 3"]);
            sent.ShouldBe(sent.Order(StringComparer.Ordinal));
        }

        _outbox.All.Sum(m => m.Attempts).ShouldBe(6 + 7);
        _outbox.All.Max(m => m.DeliveredAt!.Value).ShouldBeGreaterThan(T0 + TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_failed_attempt_waits_out_its_back_off_before_the_next()
    {
        await EnqueueAsync("C1", "after the outage");
        _slack.Enqueue("chat.postMessage", FakeSlackAnswer.ServerError(503), FakeSlackAnswer.ServerError(502));

        await Worker.RunOnceAsync(T0, None);
        var afterFirst = (await UndeliveredAsync()).ShouldHaveSingleItem();
        (await Worker.RunOnceAsync(T0 + TimeSpan.FromSeconds(1), None)).ShouldBe(0);
        await Worker.RunOnceAsync(T0 + TimeSpan.FromSeconds(2), None);
        var afterSecond = (await UndeliveredAsync()).ShouldHaveSingleItem();
        (await Worker.RunOnceAsync(T0 + TimeSpan.FromSeconds(5), None)).ShouldBe(0);
        await Worker.RunOnceAsync(T0 + TimeSpan.FromSeconds(6), None);

        (afterFirst.Attempts, afterFirst.NextAttemptAt, afterFirst.LastError).ShouldBe((1, T0 + TimeSpan.FromSeconds(2), "http_503"));
        (afterSecond.Attempts, afterSecond.NextAttemptAt, afterSecond.LastError).ShouldBe((2, T0 + TimeSpan.FromSeconds(6), "http_502"));
        (await UndeliveredAsync()).ShouldBeEmpty();
        _slack.RequestsTo("chat.postMessage").Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_rate_limit_is_retried_after_the_retry_after_slack_asked_for_without_holding_the_claim()
    {
        await EnqueueAsync("C1", "after the limit");
        await EnqueueAsync("C1", "next in line");
        _slack.Enqueue("chat.postMessage", FakeSlackAnswer.RateLimited(TimeSpan.FromSeconds(30)));

        await Worker.RunOnceAsync(T0, None);
        var limited = (await UndeliveredAsync())[0];
        (await Worker.RunOnceAsync(T0 + TimeSpan.FromSeconds(29), None)).ShouldBe(0);
        await Worker.RunOnceAsync(T0 + TimeSpan.FromSeconds(30), None);
        await Worker.RunOnceAsync(T0 + TimeSpan.FromSeconds(30), None);

        (limited.NextAttemptAt, limited.LastError, limited.Attempts).ShouldBe((T0 + TimeSpan.FromSeconds(30), "ratelimited", 1));
        Texts(_slack.RequestsTo("chat.postMessage")).ShouldBe(["after the limit", "after the limit", "next in line"]);
        (await UndeliveredAsync()).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("channel_not_found")]
    [InlineData("not_in_channel")]
    [InlineData("is_archived")]
    [InlineData("invalid_auth")]
    [InlineData("invalid_blocks")]
    public async Task A_permanent_error_dead_letters_the_message_and_the_channel_moves_on(string error)
    {
        await EnqueueAsync("C404", "nowhere");
        await EnqueueAsync("C404", "next");
        _slack.Enqueue("chat.postMessage", FakeSlackAnswer.Error(error));

        await Worker.RunOnceAsync(T0, None);
        await Worker.RunOnceAsync(T0, None);

        var dead = (await UndeliveredAsync()).ShouldHaveSingleItem();
        (dead.FailedAt, dead.LastError, dead.Attempts).ShouldBe((T0, error, 1));
        Texts(_slack.RequestsTo("chat.postMessage")).ShouldBe(["nowhere", "next"]);
        (await Worker.RunOnceAsync(T0 + TimeSpan.FromDays(1), None)).ShouldBe(0);
    }

    [Fact]
    public async Task An_outage_longer_than_a_day_dead_letters_the_message_with_its_last_error()
    {
        await EnqueueAsync("C1", "too late");
        _slack.Enqueue("chat.postMessage", FakeSlackAnswer.ServerError(503));

        await Worker.RunOnceAsync(T0 + TimeSpan.FromDays(1), None);

        var dead = (await UndeliveredAsync()).ShouldHaveSingleItem();
        dead.FailedAt.ShouldBe(T0 + TimeSpan.FromDays(1));
        dead.LastError.ShouldBe("gave up after 1 attempts: http_503");
    }

    [Fact]
    public async Task Two_workers_claiming_at_once_post_every_message_once_and_in_order()
    {
        for (var i = 1; i <= 4; i++)
        {
            for (var c = 1; c <= 3; c++)
            {
                await EnqueueAsync($"C{c}", $"{i}");
            }
        }

        var other = ActivatorUtilities.CreateInstance<SlackOutboxWorker>(_services);
        var workers = new[] { Worker, other };
        while ((await UndeliveredAsync()).Count > 0)
        {
            await Task.WhenAll(workers.Select(worker => worker.RunOnceAsync(T0, None)));
        }

        var requests = _slack.RequestsTo("chat.postMessage");
        requests.Count.ShouldBe(12);
        foreach (var channel in requests.GroupBy(r => r.Json["channel"]!.GetValue<string>(), StringComparer.Ordinal))
        {
            Texts(channel).ShouldBe(["1", "2", "3", "4"], channel.Key);
        }
    }

    [Fact]
    public async Task The_running_worker_is_woken_by_a_nudge_and_delivers_in_order()
    {
        var worker = Worker;
        await worker.StartAsync(None);
        try
        {
            for (var i = 0; i < 5; i++)
            {
                await EnqueueAsync("C1", $"message {i}");
            }

            Outbox.Nudge();
            for (var i = 0; i < 5; i++)
            {
                (await _slack.WaitForAsync("chat.postMessage", Wait)).Json["text"]!.GetValue<string>().ShouldBe($"message {i}");
            }
        }
        finally
        {
            await worker.StopAsync(None);
        }
    }

    [Fact]
    public async Task Housekeeping_deletes_old_delivered_messages_and_keeps_the_rest()
    {
        await EnqueueAsync("C1", "old");
        await Worker.RunOnceAsync(T0, None);
        await EnqueueAsync("C1", "waiting");

        await Worker.HousekeepAsync(T0 + TimeSpan.FromDays(8), None);

        _outbox.All.Select(m => JsonNode.Parse(m.Payload)!["text"]!.GetValue<string>()).ShouldBe(["waiting"]);
    }
}
