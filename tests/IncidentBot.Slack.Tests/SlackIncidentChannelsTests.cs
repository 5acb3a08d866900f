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
        return new SlackIncidentChannels(api, outbox, new Outbound.SlackInstallation(), options, NullLogger<SlackIncidentChannels>.Instance);
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

    [Theory]
    [InlineData(60)]
    [InlineData(-240)] // Slack's clock a little behind ours
    public async Task A_declare_run_again_reuses_the_channel_its_first_run_created(int createdSecondsAfterTyped)
    {
        _slack.Clock = new FakeTimeProvider(Builders.Noon.AddSeconds(createdSecondsAfterTyped));
        var declare = Declare() with { DeliveryId = "trigger-1" };
        var first = await Channels().OpenIncidentChannelAsync(declare, Incident(), CancellationToken.None);

        // The first run died before its incident recorded the channel; the stored command runs again.
        var again = await Channels().OpenIncidentChannelAsync(declare, Incident(), CancellationToken.None);

        again.ShouldBe(first);
        _slack.Channels.ShouldHaveSingleItem()["id"]!.GetValue<string>().ShouldBe(first.Id);
        _slack.RequestsTo("conversations.create").Select(request => request.Json["name"]!.GetValue<string>()).ShouldBe([first.Name, first.Name]);
        _slack.RequestsTo("conversations.invite").Count.ShouldBe(2); // the second answered already_in_channel, which is fine
        _slack.RequestsTo("conversations.setTopic").Select(request => request.Json["topic"]!.GetValue<string>()).Distinct(StringComparer.Ordinal).ShouldHaveSingleItem();
        (await _outbox.ListUndeliveredAsync("slack:" + Declare().WorkspaceId, 10, CancellationToken.None)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("made by a person")]
    [InlineData("made before the declare was typed")]
    [InlineData("left by the bot")]
    [InlineData("archived")]
    public async Task A_taken_name_whose_channel_is_not_provably_this_declares_gets_a_suffix(string whose)
    {
        const string Name = "inc-7-checkout-latency-p99-2-s";
        var justAfter = Builders.Noon.AddMinutes(1);
        _ = whose switch
        {
            "made by a person" => _slack.AddChannel(Name, Builders.Bob.Id, justAfter),
            "made before the declare was typed" => _slack.AddChannel(Name, FakeSlackWebApi.BotUserId, Builders.Noon - SlackIncidentChannels.ClockSkew - TimeSpan.FromSeconds(1)),
            "left by the bot" => _slack.AddChannel(Name, FakeSlackWebApi.BotUserId, justAfter, botIsMember: false),
            _ => _slack.AddChannel(Name, FakeSlackWebApi.BotUserId, justAfter, archived: true),
        };

        var channel = await Channels().OpenIncidentChannelAsync(Declare() with { DeliveryId = "trigger-1" }, Incident(), CancellationToken.None);

        channel.Name.ShouldBe(Name + "-2");
        channel.Id.ShouldStartWith("CNEW");
        _slack.RequestsTo("users.conversations").ShouldHaveSingleItem();
    }

    [Fact]
    public async Task The_channel_is_found_on_a_later_page_of_the_bots_channels()
    {
        for (var i = 0; i < 999; i++)
        {
            _slack.AddChannel(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"other-{i}"), FakeSlackWebApi.BotUserId, Builders.Noon);
        }

        var ours = _slack.AddChannel("inc-7-checkout-latency-p99-2-s", FakeSlackWebApi.BotUserId, Builders.Noon.AddMinutes(1));

        var channel = await Channels().OpenIncidentChannelAsync(Declare(), Incident(), CancellationToken.None);

        channel.Id.ShouldBe(ours);
        _slack.RequestsTo("users.conversations").Select(request => request.Fields.GetValueOrDefault("cursor")).ShouldBe([null, "999"]);
    }

    [Fact]
    public async Task When_slack_cannot_list_the_bots_channels_a_taken_name_gets_a_suffix()
    {
        _slack.AddChannel("inc-7-checkout-latency-p99-2-s", FakeSlackWebApi.BotUserId, Builders.Noon.AddMinutes(1));
        _slack.Enqueue("users.conversations", FakeSlackAnswer.Error("missing_scope"));

        var channel = await Channels().OpenIncidentChannelAsync(Declare(), Incident(), CancellationToken.None);

        channel.Name.ShouldBe("inc-7-checkout-latency-p99-2-s-2");
    }

    [Theory]
    [InlineData("conversations.invite", "cant_invite")]
    [InlineData("conversations.setTopic", "too_long")]
    public async Task A_channel_that_was_created_hosts_the_incident_even_when_slack_refuses_the_rest(string method, string error)
    {
        _slack.Enqueue(method, FakeSlackAnswer.Error(error));

        var channel = await Channels().OpenIncidentChannelAsync(Declare(), Incident(), CancellationToken.None);

        channel.ShouldBe(new ChannelRef(Platform.Slack, _slack.Channels.ShouldHaveSingleItem()["id"]!.GetValue<string>(), "inc-7-checkout-latency-p99-2-s"));
        _slack.RequestsTo("conversations.invite").ShouldHaveSingleItem();
        _slack.RequestsTo("conversations.setTopic").ShouldHaveSingleItem(); // tried even after a refused invite
        (await _outbox.ListUndeliveredAsync("slack:" + Declare().WorkspaceId, 10, CancellationToken.None)).ShouldBeEmpty(); // no join of the declaring channel
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
