using System.Threading.Channels;

namespace IncidentBot.Slack.Outbound;

/// <summary>
/// NOT DURABLE: a bounded in-process queue. Messages in it are lost if the process stops, and a Slack outage
/// longer than <see cref="SlackOutboxWorker"/>'s retries drops them (with an error log). It keeps Slack's
/// three-second budget (posting happens after the answer) and posts in order, one at a time. Issue 3 replaces
/// it with a database-backed queue behind <see cref="ISlackOutbox"/>.
/// </summary>
internal sealed class InMemorySlackOutbox : ISlackOutbox
{
    public const int Capacity = 1_000;

    private readonly Channel<SlackOutboundMessage> _queue = Channel.CreateBounded<SlackOutboundMessage>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    public ChannelReader<SlackOutboundMessage> Reader => _queue.Reader;

    /// <summary>Waits for room when the queue is full (back-pressure rather than silent loss).</summary>
    public ValueTask EnqueueAsync(SlackOutboundMessage message, CancellationToken cancellationToken) =>
        _queue.Writer.WriteAsync(message, cancellationToken);
}
