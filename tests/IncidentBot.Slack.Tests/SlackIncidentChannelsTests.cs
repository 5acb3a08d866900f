using IncidentBot.Core.Incidents;
using IncidentBot.Slack.WebApi;
using IncidentBot.TestKit;
using IncidentBot.TestKit.Slack;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IncidentBot.Slack.Tests;

public sealed class SlackIncidentChannelsTests : IAsyncLifetime, IDisposable
{
    private readonly InMemoryOutbox _outbox = new();
    private FakeSlackWebApi _slack = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlackWebApi.StartAsync();
        _http = new HttpClient { BaseAddress = _slack.BaseUrl };
    }

    public async Task DisposeAsync() => await _slack.DisposeAsync();

    public void Dispose() => _http.Dispose();

    private SlackIncidentChannels Channels(bool create = true)
    {
        var time = new InstantDelayTimeProvider();
        var options = Options.Create(new SlackOptions { BotToken = "xoxb-test", SigningSecret = "s", CreateIncidentChannels = create });
        var api = new SlackApiClient(_http, options, new SlackRetryPipeline(time, NullLogger<SlackRetryPipeline>.Instance), new SlackUserNameCache(time), time, NullLogger<SlackApiClient>.Instance);
        var outbox = new Outbound.SlackOutbox(_outbox, new Outbound.SlackOutboxSignal(), time);
        return new SlackIncidentChannels(api, outbox, options, NullLogger<SlackIncidentChannels>.Instance);
    }

    private static IncidentBot.Core.Commands.ChatCommand Declare() =>
        Builders.AnIncidentCommand("declare Checkout latency sev2") with { Platform = Platform.Slack, Channel = new ChannelRef(Platform.Slack, "COPS", "ops") };

    private static Incident Incident() => Builders.AnIncident() with { Number = 7, Title = "Checkout latency: p99 > 2 s!", Severity = Severity.Sev2 };

    [Fact]
    public async Task Declare_creates_a_named_channel_invites_the_declarer_and_sets_the_topic()
    {
        var channel = await Channels().OpenIncidentChannelAsync(Declare(), Incident(), CancellationToken.None);

        channel.Platform.ShouldBe(Platform.Slack);
        channel.Name.ShouldBe("inc-7-checkout-latency-p99-2-s");
        _slack.RequestsTo("conversations.create").ShouldHaveSingleItem().Json["name"]!.GetValue<string>().ShouldBe("inc-7-checkout-latency-p99-2-s");
        var invite = _slack.RequestsTo("conversations.invite").ShouldHaveSingleItem();
        (invite.Json["channel"]!.GetValue<string>(), invite.Json["users"]!.GetValue<string>()).ShouldBe((channel.Id, Builders.Alice.Id));
        _slack.RequestsTo("conversations.setTopic").ShouldHaveSingleItem().Json["topic"]!.GetValue<string>().ShouldBe("INC-7 · SEV2 · Checkout latency: p99 > 2 s!");
    }

    [Fact]
    public async Task A_taken_name_gets_a_suffix()
    {
        _slack.Enqueue("conversations.create", FakeSlackAnswer.Error("name_taken"));
        var channel = await Channels().OpenIncidentChannelAsync(Declare(), Incident(), CancellationToken.None);
        channel.Name.ShouldBe("inc-7-checkout-latency-p99-2-s-2");
    }

    [Fact]
    public async Task Without_channel_creation_the_incident_stays_where_it_was_declared()
    {
        (await Channels(create: false).OpenIncidentChannelAsync(Declare(), Incident(), CancellationToken.None)).ShouldBe(Declare().Channel);
        _slack.Requests.ShouldBeEmpty();
        await ShouldQueueAJoinOfAsync("COPS");
    }

    [Fact]
    public async Task A_declare_delivered_again_queues_one_join()
    {
        var declare = Declare() with { DeliveryId = "trigger-1" };
        await Channels(create: false).OpenIncidentChannelAsync(declare, Incident(), CancellationToken.None);
        await Channels(create: false).OpenIncidentChannelAsync(declare, Incident(), CancellationToken.None);

        await ShouldQueueAJoinOfAsync("COPS");
    }

    [Fact]
    public async Task When_slack_refuses_the_incident_stays_where_it_was_declared()
    {
        _slack.Enqueue("conversations.create", FakeSlackAnswer.Error("missing_scope"));
        (await Channels().OpenIncidentChannelAsync(Declare(), Incident(), CancellationToken.None)).ShouldBe(Declare().Channel);
        await ShouldQueueAJoinOfAsync("COPS");
    }

    [Fact]
    public async Task A_created_channel_needs_no_join()
    {
        await Channels().OpenIncidentChannelAsync(Declare(), Incident(), CancellationToken.None);
        (await _outbox.ListUndeliveredAsync("slack:" + Declare().WorkspaceId, 10, CancellationToken.None)).ShouldBeEmpty();
    }

    private async Task ShouldQueueAJoinOfAsync(string channelId)
    {
        var queued = (await _outbox.ListUndeliveredAsync("slack:" + Declare().WorkspaceId, 10, CancellationToken.None)).ShouldHaveSingleItem();
        queued.Kind.ShouldBe(Outbound.SlackOutbox.JoinKind);
        queued.ChannelId.ShouldBe(channelId);
        System.Text.Json.Nodes.JsonNode.Parse(queued.Payload)!["channel"]!.GetValue<string>().ShouldBe(channelId);
    }

    [Theory]
    [InlineData(1, "DB down", "inc-1-db-down")]
    [InlineData(12, "  Ünïcode & ÉMOJI 🔥 outage ", "inc-12-unicode-emoji-outage")]
    [InlineData(0, "Checkout", "inc-checkout")]
    [InlineData(3, "", "inc-3")]
    public void Channel_names_are_slack_safe(int number, string title, string expected) =>
        SlackIncidentChannels.ChannelName(number, title).ShouldBe(expected);

    [Fact]
    public void Channel_names_are_at_most_80_characters() =>
        SlackIncidentChannels.ChannelName(123, new string('a', 200)).Length.ShouldBe(SlackIncidentChannels.MaxChannelName);
}
