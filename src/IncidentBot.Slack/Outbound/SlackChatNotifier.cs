using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;

namespace IncidentBot.Slack.Outbound;

/// <summary>Core's port for posting into a Slack channel: the message (and its attachments as files) joins the durable outbox.</summary>
internal sealed class SlackChatNotifier(SlackOutbox outbox, SlackInstallation installation) : IChatNotifier
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

        await outbox.EnqueueAsync(installation.TeamId, [.. SlackOutbound.FromReply(channel.Id, message)], dedupeKey: null, cancellationToken);
        outbox.Nudge();
    }
}
