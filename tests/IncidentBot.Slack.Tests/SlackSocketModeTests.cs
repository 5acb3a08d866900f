using System.Text.Json.Nodes;
using IncidentBot.Core;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Reviews;
using IncidentBot.Core.Timeline;
using IncidentBot.Slack.SocketMode;
using IncidentBot.TestKit;
using IncidentBot.TestKit.Slack;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IncidentBot.Slack.Tests;

public sealed class SlackSocketModeTests : IAsyncLifetime
{
    private const string AppToken = "xapp-1-A111-test";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly InMemoryIncidentStore _incidents = new();
    private readonly InMemoryOutbox _outbox = new();
    private readonly InterceptingIncidentStore _store;
    private FakeSocketModeServer _server = null!;
    private IHost? _host;

    public SlackSocketModeTests()
    {
        _store = new InterceptingIncidentStore(_incidents);
    }

    public async Task InitializeAsync() => _server = await FakeSocketModeServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }

        await _server.DisposeAsync();
    }

    private async Task StartClientAsync(TimeSpan? helloTimeout = null, bool createIncidentChannels = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Slack:BotToken"] = "xoxb-test",
            ["Slack:AppToken"] = AppToken,
            ["Slack:ApiBaseUrl"] = _server.ApiBaseUrl.AbsoluteUri,
            ["Slack:CreateIncidentChannels"] = createIncidentChannels ? "true" : "false",
        });
        builder.Services.AddOptions<IncidentOptions>();
        builder.Services.AddOptions<ReviewOptions>();
        builder.Services.AddIncidentCore();
        builder.Services.AddSingleton<IIncidentStore>(_store);
        builder.Services.AddSingleton<IPostmortemStore>(new InMemoryPostmortemStore(_incidents));
        builder.Services.AddSingleton<IReviewStore>(new InMemoryReviewStore(_incidents));
        builder.Services.AddSingleton<IActionItemStore>(new InMemoryActionItemStore(_incidents));
        builder.Services.AddSingleton<IReminderStore>(new InMemoryReminderStore());
        builder.Services.AddSingleton<IOutbox>(_outbox);
        builder.Services.AddSingleton<IDeliveryLedger>(new InMemoryDeliveryLedger());
        builder.Services.AddSingleton(new SocketModeTimings
        {
            HelloTimeout = helloTimeout ?? TimeSpan.FromSeconds(5),
            InitialBackoff = TimeSpan.FromMilliseconds(20),
            MaxBackoff = TimeSpan.FromMilliseconds(100),
            DrainTimeout = TimeSpan.FromSeconds(2),
        });
        builder.Services.AddSlackAdapter(builder.Configuration);
        _host = builder.Build();
        await _host.StartAsync();
    }

    private Task<Incident> DeclareInAsync(string teamId, string channelId) =>
        _incidents.CreateIncidentAsync(
            Builders.AnIncident() with { Workspace = Workspace.Key(Platform.Slack, teamId), Channel = new ChannelRef(Platform.Slack, channelId, channelId) },
            [],
            None);

    private Task<IReadOnlyList<TimelineEvent>> TranscriptAsync(Incident incident) =>
        _incidents.GetTimelineAsync(incident.Workspace, incident.Id, new TimelineQuery(TimelineScope.Transcript), None);

    private static string SlashCommandEnvelope(string text, string channelId = "C111", string triggerId = "111.222.xxx")
    {
        var envelope = JsonNode.Parse(Fixtures.Text("socketmode-envelope-slash_commands.python-sdk.json"))!;
        envelope["envelope_id"] = Guid.NewGuid().ToString();
        envelope["payload"]!["command"] = "/incident";
        envelope["payload"]!["text"] = text;
        envelope["payload"]!["channel_id"] = channelId;
        envelope["payload"]!["trigger_id"] = triggerId;
        return envelope.ToJsonString();
    }

    [Fact]
    public async Task Connects_with_the_app_token_and_acknowledges_an_event_after_capturing_it()
    {
        var incident = await DeclareInAsync("T043DB835ML", "C043YJGBY49");
        await StartClientAsync();
        var connection = await _server.NextConnectionAsync(Wait);
        _server.AppTokensSeen.ShouldBe(["Bearer " + AppToken]);

        var payload = Fixtures.Text("events-message-plain.real.json");
        var id = await connection.SendEnvelopeAsync("events_api", payload);
        var ack = await connection.ReceiveAsync(Wait);

        ack.ToJsonString().ShouldBe(new JsonObject { ["envelope_id"] = id }.ToJsonString());
        var documented = JsonNode.Parse(Fixtures.Text("socketmode-ack-plain.docs.json"))!.AsObject();
        ack.Select(pair => pair.Key).ShouldBe(documented.Select(pair => pair.Key));
        (await TranscriptAsync(incident)).ShouldHaveSingleItem().SourceId.ShouldBe("C043YJGBY49/1663966382.046509");
    }

    [Fact]
    public async Task A_redelivered_event_envelope_is_acknowledged_and_changes_nothing()
    {
        var incident = await DeclareInAsync("T043DB835ML", "C043YJGBY49");
        await StartClientAsync();
        var connection = await _server.NextConnectionAsync(Wait);
        var writes = 0;
        _store.BeforeWrite = (_, _) =>
        {
            Interlocked.Increment(ref writes);
            return Task.CompletedTask;
        };

        await connection.SendEnvelopeAsync("events_api", Fixtures.Text("events-message-plain.real.json"));
        await connection.ReceiveAsync(Wait);
        var id = await connection.SendEnvelopeAsync("events_api", Fixtures.Text("events-message-plain.real.json"));
        (await connection.ReceiveAsync(Wait))["envelope_id"]!.GetValue<string>().ShouldBe(id);

        writes.ShouldBe(1);
        (await TranscriptAsync(incident)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task The_fixture_envelopes_are_each_acknowledged_by_their_envelope_id()
    {
        await StartClientAsync();
        var connection = await _server.NextConnectionAsync(Wait);
        foreach (var fixture in new[] { "socketmode-envelope-events_api-app_mention.python-sdk.json", "socketmode-envelope-interactive-shortcut.python-sdk.json" })
        {
            var envelope = JsonNode.Parse(Fixtures.Text(fixture))!;
            await connection.SendAsync(envelope.ToJsonString());
            var ack = await connection.ReceiveAsync(Wait);
            ack["envelope_id"]!.GetValue<string>().ShouldBe(envelope["envelope_id"]!.GetValue<string>());
            ack.ContainsKey("payload").ShouldBeFalse();
        }
    }

    [Fact]
    public async Task A_slash_command_is_stored_and_answered_in_the_ack_payload()
    {
        await StartClientAsync();
        var connection = await _server.NextConnectionAsync(Wait);

        await connection.SendAsync(SlashCommandEnvelope("declare DB down sev2"));
        var ack = await connection.ReceiveAsync(Wait);

        ack["payload"]!["response_type"]!.GetValue<string>().ShouldBe("in_channel");
        ack["payload"]!["blocks"]![0]!["text"]!["text"]!.GetValue<string>().ShouldContain("INC-1");
        var incident = (await _incidents.ListIncidentsAsync("slack:T111", IncidentListFilter.All, 10, None)).ShouldHaveSingleItem();
        (incident.Title, incident.Channel.Id).ShouldBe(("DB down", "C111"));
    }

    [Fact]
    public async Task A_declare_that_opens_a_channel_is_acknowledged_in_the_ack_payload_and_stored_to_run_afterwards()
    {
        await StartClientAsync(createIncidentChannels: true);
        var connection = await _server.NextConnectionAsync(Wait);

        await connection.SendAsync(SlashCommandEnvelope("declare DB down sev2", triggerId: "111.222.deferred"));
        var ack = await connection.ReceiveAsync(Wait);

        ack["payload"]!["response_type"]!.GetValue<string>().ShouldBe("in_channel");
        ack["payload"]!["text"]!.GetValue<string>().ShouldBe("Declaring “DB down” (SEV2)… the incident channel is being opened.");
        var stored = _outbox.All[0];
        (stored.Kind, stored.Workspace, stored.ChannelId, stored.DedupeKey).ShouldBe((Inbound.SlackDeferredCommands.Kind, "slack:T111", "C111", "111.222.deferred"));
    }

    [Fact]
    public async Task A_command_from_another_channel_is_announced_in_the_incident_channel_through_the_outbox()
    {
        await DeclareInAsync("T111", "CINC");
        await StartClientAsync();
        var connection = await _server.NextConnectionAsync(Wait);

        await connection.SendAsync(SlashCommandEnvelope("INC-1 status identified", channelId: "C111"));
        var ack = await connection.ReceiveAsync(Wait);

        ack["payload"]!["response_type"]!.GetValue<string>().ShouldBe("ephemeral");
        var queued = _outbox.All.ShouldHaveSingleItem();
        (queued.ChannelId, queued.Workspace, queued.DedupeKey).ShouldBe(("CINC", "slack:T111", "111.222.xxx/0"));
    }

    [Fact]
    public async Task A_slash_command_ack_has_no_payload_when_slack_does_not_accept_one()
    {
        await StartClientAsync();
        var connection = await _server.NextConnectionAsync(Wait);
        var envelope = JsonNode.Parse(Fixtures.Text("socketmode-envelope-slash_commands.python-sdk.json"))!;
        envelope["accepts_response_payload"] = false;
        await connection.SendAsync(envelope.ToJsonString());
        (await connection.ReceiveAsync(Wait)).ContainsKey("payload").ShouldBeFalse();
    }

    [Fact]
    public async Task Garbage_frames_are_ignored_and_malformed_envelopes_still_acknowledged()
    {
        await StartClientAsync();
        var connection = await _server.NextConnectionAsync(Wait);
        await connection.SendAsync("not json at all");
        await connection.SendAsync("""{"type":"something_new"}""");
        var id = await connection.SendEnvelopeAsync("events_api", """{"type":"event_callback"}""");
        (await connection.ReceiveAsync(Wait))["envelope_id"]!.GetValue<string>().ShouldBe(id);
    }

    [Fact]
    public async Task A_failing_event_is_not_acknowledged_so_slack_redelivers_it()
    {
        await DeclareInAsync("T043DB835ML", "C043YJGBY49");
        _store.BeforeWrite = (_, _) => throw new InvalidOperationException("database is down");
        await StartClientAsync();
        var connection = await _server.NextConnectionAsync(Wait);
        await connection.SendEnvelopeAsync("events_api", Fixtures.Text("events-message-plain.real.json"));
        await Should.ThrowAsync<OperationCanceledException>(() => connection.ReceiveAsync(TimeSpan.FromMilliseconds(500)));
    }

    [Theory]
    [InlineData("socketmode-disconnect-warning.docs.json")]
    [InlineData("socketmode-disconnect-refresh_requested.docs.json")]
    [InlineData("socketmode-disconnect-too_many_websockets.python-sdk.json")]
    public async Task A_disconnect_message_makes_the_client_reconnect_on_a_new_url(string fixture)
    {
        await StartClientAsync();
        var first = await _server.NextConnectionAsync(Wait);
        await first.SendAsync(Fixtures.Text(fixture));

        var second = await _server.NextConnectionAsync(Wait);
        string.Equals(second.Ticket, first.Ticket, StringComparison.Ordinal).ShouldBeFalse();
        _server.OpenCalls.ShouldBe(2);
        await first.Closed.WaitAsync(Wait);

        var id = await second.SendEnvelopeAsync("events_api", Fixtures.Text("events-message-plain.real.json"));
        (await second.ReceiveAsync(Wait))["envelope_id"]!.GetValue<string>().ShouldBe(id);
    }

    [Fact]
    public async Task A_dropped_socket_is_reconnected_with_back_off()
    {
        await StartClientAsync();
        var first = await _server.NextConnectionAsync(Wait);
        first.Drop();

        var second = await _server.NextConnectionAsync(Wait);
        var id = await second.SendEnvelopeAsync("interactive", Fixtures.Text("interactive-block_actions.bolt-python.json"));
        (await second.ReceiveAsync(Wait))["envelope_id"]!.GetValue<string>().ShouldBe(id);
    }

    [Fact]
    public async Task A_failed_connections_open_is_retried()
    {
        _server.EnqueueOpenAnswer(FakeSlackAnswer.ServerError(503));
        _server.EnqueueOpenAnswer(FakeSlackAnswer.Error("internal_error"));
        await StartClientAsync();
        await _server.NextConnectionAsync(Wait);
        _server.OpenCalls.ShouldBeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public async Task Link_disabled_stops_the_client()
    {
        await StartClientAsync();
        var first = await _server.NextConnectionAsync(Wait);
        await first.SendAsync(Fixtures.Text("socketmode-disconnect-link_disabled.docs.json"));

        (await _server.ConnectsWithinAsync(TimeSpan.FromSeconds(1))).ShouldBeFalse();
        _server.OpenCalls.ShouldBe(1);
    }

    [Fact]
    public async Task An_unusable_app_token_stops_the_client()
    {
        _server.EnqueueOpenAnswer(FakeSlackAnswer.Error("invalid_auth"));
        await StartClientAsync();

        (await _server.ConnectsWithinAsync(TimeSpan.FromSeconds(1))).ShouldBeFalse();
        _server.OpenCalls.ShouldBe(1);
    }

    [Fact]
    public async Task The_documented_hello_opens_the_connection()
    {
        _server.SendHelloOnConnect = false;
        await StartClientAsync(helloTimeout: TimeSpan.FromSeconds(5));
        var connection = await _server.NextConnectionAsync(Wait);
        await connection.SendAsync(Fixtures.Text("socketmode-hello.python-sdk.json"));
        var id = await connection.SendEnvelopeAsync("events_api", Fixtures.Text("events-message-plain.real.json"));
        (await connection.ReceiveAsync(Wait))["envelope_id"]!.GetValue<string>().ShouldBe(id);
        _server.OpenCalls.ShouldBe(1);
    }

    [Fact]
    public async Task A_socket_that_never_says_hello_is_replaced()
    {
        _server.SendHelloOnConnect = false;
        await StartClientAsync(helloTimeout: TimeSpan.FromMilliseconds(300));
        var silent = await _server.NextConnectionAsync(Wait);

        var next = await _server.NextConnectionAsync(Wait);
        string.Equals(next.Ticket, silent.Ticket, StringComparison.Ordinal).ShouldBeFalse();
    }
}
