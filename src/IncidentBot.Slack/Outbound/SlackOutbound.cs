using IncidentBot.Core.Commands;
using IncidentBot.Slack.Rendering;

namespace IncidentBot.Slack.Outbound;

/// <summary>
/// One thing to post to Slack outside any request's own response, already rendered so that the outbox stores it as
/// the request it will make. Items for the same channel are delivered in the order they were queued.
/// </summary>
internal abstract record SlackOutbound(string ChannelId)
{
    /// <summary>
    /// A reply as the messages its size needs, in order, followed by its attachments as files. Files are shared only
    /// with the whole channel: a reply only one person sees (<paramref name="ephemeralUserId"/>) carries none.
    /// </summary>
    public static IEnumerable<SlackOutbound> FromReply(string channelId, Reply reply, string? ephemeralUserId = null, string? threadTs = null)
    {
        ArgumentNullException.ThrowIfNull(reply);
        IEnumerable<SlackOutbound> messages = SlackMessageRenderer.Render(reply)
            .Select(message => new SlackOutboundMessage(channelId, message, ephemeralUserId, threadTs));
        return ephemeralUserId is null ? messages.Concat(Files(channelId, reply)) : messages;
    }

    /// <summary>
    /// The reply of a command that was not answered in an HTTP response (a button, a mention, a modal): private
    /// replies go only to the person who asked.
    /// </summary>
    public static IEnumerable<SlackOutbound> ReplyTo(string channelId, string userId, Reply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return FromReply(channelId, reply, reply.Visibility == ReplyVisibility.Private ? userId : null);
    }

    /// <summary>The reply's attachments (a postmortem draft's Markdown) as files shared in the channel.</summary>
    public static IEnumerable<SlackOutboundFile> Files(string channelId, Reply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return reply.Blocks.OfType<AttachmentBlock>()
            .Where(attachment => attachment.Content.Length > 0)
            .Select(attachment => new SlackOutboundFile(channelId, attachment.FileName, attachment.Title, attachment.Content));
    }
}

/// <summary>A message into <paramref name="ChannelId"/>, or only for <paramref name="EphemeralUserId"/> there when set, optionally in a thread.</summary>
internal sealed record SlackOutboundMessage(string ChannelId, SlackMessage Message, string? EphemeralUserId = null, string? ThreadTs = null)
    : SlackOutbound(ChannelId);

/// <summary>A text document shared in the channel as a file (Slack's external upload), introduced by its title.</summary>
internal sealed record SlackOutboundFile(string ChannelId, string FileName, string Title, string Content) : SlackOutbound(ChannelId);

/// <summary>
/// The bot joins the channel (<c>conversations.join</c>), queued in the channel's order so that it is in before
/// anything is posted there. Slack sends a bot only the messages of channels it is in.
/// </summary>
internal sealed record SlackOutboundJoin(string ChannelId) : SlackOutbound(ChannelId);
