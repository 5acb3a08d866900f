namespace IncidentBot.Slack.Outbound;

/// <summary>
/// Where messages wait to be posted to Slack after the request that caused them has been answered. This is
/// the seam for issue 3's durable, database-backed queue (in order per channel, retried, never lost); until then
/// <see cref="InMemorySlackOutbox"/> implements it.
/// </summary>
internal interface ISlackOutbox
{
    ValueTask EnqueueAsync(SlackOutboundMessage message, CancellationToken cancellationToken);
}
