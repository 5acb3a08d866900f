using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Reminders;
using IncidentBot.Core.Sandbox;

namespace IncidentBot.Host.Sandbox;

/// <summary>
/// Posts the bot's messages into sandbox channels, rendered as the sandbox's Markdown. The documents that go with
/// a message (<see cref="AttachmentBlock"/>) are stored with it, in the same transaction, for the page to offer as files.
/// </summary>
internal sealed class SandboxChatNotifier(ISandboxChannelStore channels, TimeProvider timeProvider) : IChatNotifier
{
    /// <summary>How the bot appears in the sandbox.</summary>
    public static readonly Person Bot = new("incidentbot", "IncidentBot");

    public Platform Platform => Platform.Sandbox;

    /// <summary>
    /// A direct message (<see cref="DirectMessage"/>) goes to the person's own sandbox channel, visible only to them.
    /// The sandbox has one workspace and posts at once, without an outbox: <paramref name="dedupeKey"/> is not kept, so
    /// a reminder job that dies between posting and recording the reminder sent shows it twice here.
    /// </summary>
    public Task PostAsync(string workspace, ChannelRef channel, Reply message, string dedupeKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (channel.Platform != Platform.Sandbox)
        {
            throw new ArgumentException($"Channel {channel.Id} is on {channel.Platform}, not the sandbox.", nameof(channel));
        }

        return PostMessageAsync(channel.Id, message, visibleTo: DirectMessage.IsDirect(channel) ? channel.Id : null, echo: null, cancellationToken);
    }

    /// <summary>Posts a reply and returns the stored message with its files (the command endpoint needs their ids).</summary>
    public Task<SandboxPost> PostMessageAsync(string channel, Reply message, string? visibleTo, SandboxEcho? echo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = SandboxMarkdown.Render(message, echo);
        var attachments = message.Blocks
            .OfType<AttachmentBlock>()
            .Select(a => new NewSandboxAttachment(a.FileName, a.Title, a.MediaType, a.Content, a.PagePath))
            .ToList();
        return channels.PostAsync(
            new SandboxMessage(0, channel, Bot.Id, Bot.Name, FromBot: true, body, timeProvider.GetUtcNow(), visibleTo),
            attachments,
            cancellationToken);
    }
}
