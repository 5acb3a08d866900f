using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;

namespace IncidentBot.Slack.Outbound;

/// <summary>
/// Core's port for posting into a Slack channel: the message (and its attachments as files) joins the durable outbox,
/// filed under the workspace the caller names, and keyed by the caller's dedupe key, so a job that queued a message
/// and died before recording it runs again without queueing it twice.
/// </summary>
internal sealed class SlackChatNotifier(SlackOutbox outbox) : IChatNotifier
{
    private static readonly string SlackPrefix = Workspace.Key(Platform.Slack, string.Empty);

    public Platform Platform => Platform.Slack;

    public async Task PostAsync(string workspace, ChannelRef channel, Reply message, string dedupeKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(dedupeKey);
        if (channel.Platform != Platform.Slack)
        {
            throw new ArgumentException($"Channel {channel.Id} is on {channel.Platform}, not Slack.", nameof(channel));
        }

        if (!workspace.StartsWith(SlackPrefix, StringComparison.Ordinal) || workspace.Length == SlackPrefix.Length)
        {
            throw new ArgumentException($"Workspace '{workspace}' is not a Slack workspace (slack:<team id>).", nameof(workspace));
        }

        var teamId = workspace[SlackPrefix.Length..];
        await outbox.EnqueueAsync(teamId, [.. SlackOutbound.FromReply(channel.Id, message)], dedupeKey, cancellationToken);
        outbox.Nudge();
    }
}
