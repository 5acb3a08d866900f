using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Slack.Outbound;
using IncidentBot.Slack.Rendering;
using IncidentBot.TestKit.Slack;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IncidentBot.Slack.Tests;

public sealed class SlackOutboundTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly InstantDelayTimeProvider _time = new();
    private FakeSlackWebApi _slack = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlackWebApi.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Slack:BotToken"] = "xoxb-test",
            ["Slack:SigningSecret"] = "secret",
            ["Slack:ApiBaseUrl"] = _slack.BaseUrl.AbsoluteUri,
        }).Build();
        _services = new ServiceCollection()
            .AddLogging(logging => logging.ClearProviders())
            .AddSingleton<TimeProvider>(_time)
            .AddSlackAdapter(configuration)
            .BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _slack.DisposeAsync();
    }

    private SlackOutboxWorker Worker => _services.GetServices<IHostedService>().OfType<SlackOutboxWorker>().Single();

    private static SlackOutboundMessage Message(string channel, string text, string? user = null) =>
        new(channel, SlackMessageRenderer.Render(Reply.InChannel(new TextBlock(text)))[0], user);

    [Fact]
    public async Task The_slack_notifier_queues_every_part_of_a_reply_in_order()
    {
        var notifier = _services.GetServices<IChatNotifier>().Single(candidate => candidate.Platform == Platform.Slack);
        var blocks = Enumerable.Range(0, 70).Select(i => (ReplyBlock)new TextBlock($"line {i}")).ToArray();

        await notifier.PostAsync(new ChannelRef(Platform.Slack, "CINC", "inc-1"), Reply.InChannel(blocks), CancellationToken.None);

        var outbox = _services.GetRequiredService<InMemorySlackOutbox>();
        outbox.Reader.TryRead(out var first).ShouldBeTrue();
        outbox.Reader.TryRead(out var second).ShouldBeTrue();
        outbox.Reader.TryRead(out _).ShouldBeFalse();
        (first!.ChannelId, first.Message.Blocks.Count, second!.Message.Blocks.Count).ShouldBe(("CINC", 50, 20));
    }

    [Fact]
    public async Task The_notifier_refuses_channels_of_other_platforms()
    {
        var notifier = _services.GetServices<IChatNotifier>().Single(candidate => candidate.Platform == Platform.Slack);
        await Should.ThrowAsync<ArgumentException>(() => notifier.PostAsync(new ChannelRef(Platform.Teams, "19:abc", "x"), Reply.InChannel(new TextBlock("x")), CancellationToken.None));
    }

    [Fact]
    public async Task The_worker_posts_channel_and_ephemeral_messages()
    {
        await Worker.DeliverAsync(Message("C1", "to everyone"), CancellationToken.None);
        await Worker.DeliverAsync(Message("C1", "just for you", user: "U1"), CancellationToken.None);

        _slack.RequestsTo("chat.postMessage").ShouldHaveSingleItem().Json["text"]!.GetValue<string>().ShouldBe("to everyone");
        _slack.RequestsTo("chat.postEphemeral").ShouldHaveSingleItem().Json["user"]!.GetValue<string>().ShouldBe("U1");
    }

    [Fact]
    public async Task A_slack_outage_longer_than_the_clients_retries_is_retried_by_the_worker()
    {
        _slack.Enqueue("chat.postMessage", Enumerable.Repeat(FakeSlackAnswer.ServerError(503), SlackApiRetriesPlusOne + 2).ToArray());

        await Worker.DeliverAsync(Message("C1", "eventually"), CancellationToken.None);

        var posts = _slack.RequestsTo("chat.postMessage");
        posts.Count.ShouldBe(SlackApiRetriesPlusOne + 3);
        posts[^1].Json["text"]!.GetValue<string>().ShouldBe("eventually");
    }

    [Fact]
    public async Task A_long_rate_limit_is_waited_out_by_the_worker()
    {
        _slack.Enqueue("chat.postMessage", FakeSlackAnswer.RateLimited(TimeSpan.FromMinutes(3)));

        await Worker.DeliverAsync(Message("C1", "after the limit"), CancellationToken.None);

        _slack.RequestsTo("chat.postMessage").Count.ShouldBe(2);
        _time.Delays.ShouldContain(TimeSpan.FromMinutes(3));
    }

    [Fact]
    public async Task A_permanent_error_is_not_retried()
    {
        _slack.Enqueue("chat.postMessage", FakeSlackAnswer.Error("channel_not_found"));
        await Worker.DeliverAsync(Message("C404", "nowhere"), CancellationToken.None);
        _slack.RequestsTo("chat.postMessage").Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_running_worker_delivers_queued_messages_in_order()
    {
        var worker = Worker;
        await worker.StartAsync(CancellationToken.None);
        try
        {
            var outbox = _services.GetRequiredService<ISlackOutbox>();
            for (var i = 0; i < 5; i++)
            {
                await outbox.EnqueueAsync(Message("C1", $"message {i}"), CancellationToken.None);
            }

            for (var i = 0; i < 5; i++)
            {
                (await _slack.WaitForAsync("chat.postMessage", Wait)).Json["text"]!.GetValue<string>().ShouldBe($"message {i}");
            }
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    private const int SlackApiRetriesPlusOne = IncidentBot.Slack.WebApi.SlackRetryPipeline.MaxRetries + 1;
}
