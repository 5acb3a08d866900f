using IncidentBot.Core.Commands;
using IncidentBot.Slack.Rendering;

namespace IncidentBot.Slack.Outbound;

/// <summary>
/// One Slack message to post outside any request's own response: into <paramref name="ChannelId"/>, or only for
/// <paramref name="EphemeralUserId"/> there when set (Slack ephemeral), optionally in a thread. Already rendered,
/// so a durable queue can store it as the JSON it will send.
/// </summary>
internal sealed record SlackOutboundMessage(string ChannelId, SlackMessage Message, string? EphemeralUserId = null, string? ThreadTs = null)
{
    /// <summary>A reply as the one or more messages its size needs, in order.</summary>
    public static IEnumerable<SlackOutboundMessage> FromReply(string channelId, Reply reply, string? ephemeralUserId = null, string? threadTs = null) =>
        SlackMessageRenderer.Render(reply).Select(message => new SlackOutboundMessage(channelId, message, ephemeralUserId, threadTs));

    /// <summary>
    /// The reply of a command that was not answered in an HTTP response (a button, a mention, a modal): private
    /// replies go only to the person who asked.
    /// </summary>
    public static IEnumerable<SlackOutboundMessage> ReplyTo(string channelId, string userId, Reply reply) =>
        FromReply(channelId, reply, reply.Visibility == ReplyVisibility.Private ? userId : null);
}
