using IncidentBot.Slack.Outbound;
using IncidentBot.TestKit.Slack;
using static IncidentBot.TestKit.Slack.SlackBodies;

namespace IncidentBot.Slack.Tests;

/// <summary>
/// With <c>Slack:CreateIncidentChannels=false</c> the incident stays in the channel it was declared in, and Slack sends
/// the bot that channel's messages only once the bot is in it: the declare queues a join, ahead of anything posted there.
/// </summary>
public sealed class SlackChannelJoinTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_declare_in_the_current_channel_has_the_bot_join_it_before_anything_is_posted_there()
    {
        await using var app = await SlackTestApp.StartAsync(outboxWorker: false);
        await app.PostFormAsync("/slack/commands", SlashCommand("declare Checkout latency sev2", channelId: "COPS", triggerId: "t-declare"));
        await app.PostFormAsync("/slack/commands", SlashCommand("resolve fixed", channelId: "COPS", triggerId: "t-resolve"));
        var worker = app.CreateWorker();

        (await worker.RunOnceAsync(app.Clock.GetUtcNow(), None)).ShouldBe(1);

        app.Slack.Requests.ShouldHaveSingleItem().Method.ShouldBe("conversations.join");
        app.Slack.RequestsTo("conversations.join").ShouldHaveSingleItem().Json["channel"]!.GetValue<string>().ShouldBe("COPS");
        app.Outbox.All[0].Kind.ShouldBe(SlackOutbox.JoinKind);
        app.Outbox.All[0].DeliveredAt.ShouldNotBeNull();
    }

    [Theory]
    [InlineData("method_not_supported_for_channel_type")]
    [InlineData("channel_not_found")]
    public async Task A_channel_the_bot_cannot_join_is_not_retried_and_holds_up_nothing(string error)
    {
        await using var app = await SlackTestApp.StartAsync(outboxWorker: false);
        app.Slack.Enqueue("conversations.join", FakeSlackAnswer.Error(error));
        await app.PostFormAsync("/slack/commands", SlashCommand("declare Checkout latency sev2", channelId: "GPRIVATE", triggerId: "t-declare"));
        var worker = app.CreateWorker();

        (await worker.RunOnceAsync(app.Clock.GetUtcNow(), None)).ShouldBe(1);
        (await worker.RunOnceAsync(app.Clock.GetUtcNow().AddHours(1), None)).ShouldBe(0);

        app.Slack.RequestsTo("conversations.join").ShouldHaveSingleItem();
        var join = app.Outbox.All.ShouldHaveSingleItem();
        (join.DeliveredAt is not null, join.FailedAt is null).ShouldBe((true, true));
    }

    [Fact]
    public async Task A_rate_limited_join_is_tried_again_after_retry_after()
    {
        await using var app = await SlackTestApp.StartAsync(outboxWorker: false);
        app.Slack.Enqueue("conversations.join", FakeSlackAnswer.RateLimited(TimeSpan.FromSeconds(30)));
        await app.PostFormAsync("/slack/commands", SlashCommand("declare Checkout latency sev2", channelId: "COPS", triggerId: "t-declare"));
        var worker = app.CreateWorker();
        var now = app.Clock.GetUtcNow();

        (await worker.RunOnceAsync(now, None)).ShouldBe(1);
        (await worker.RunOnceAsync(now.AddSeconds(10), None)).ShouldBe(0);
        (await worker.RunOnceAsync(now.AddSeconds(31), None)).ShouldBe(1);

        app.Slack.RequestsTo("conversations.join").Count.ShouldBe(2);
        app.Outbox.All.ShouldHaveSingleItem().DeliveredAt.ShouldNotBeNull();
    }
}
