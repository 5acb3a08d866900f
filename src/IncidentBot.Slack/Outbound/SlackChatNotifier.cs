using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;

namespace IncidentBot.Slack.Outbound;

/// <summary>Core's port for posting into a Slack channel: the message joins the outbox and is posted after the current request.</summary>
internal sealed class SlackChatNotifier(ISlackOutbox outbox) : IChatNotifier
{
    public Platform Platform => Platform.Slack;

    public async Task PostAsync(ChannelRef channel, Reply message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(message);
        if (channel.Platform != Platform.Slack)
        {
            throw new ArgumentException($"Channel {channel.Id} is on {channel.Platform}, not Slack.", nameof(channel));
        }

        foreach (var part in SlackOutboundMessage.FromReply(channel.Id, message))
        {
            await outbox.EnqueueAsync(part, cancellationToken);
        }
    }
}
