using System.Globalization;
using IncidentBot.Core.Capture;
using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Reminders;
using IncidentBot.Core.Sandbox;
using IncidentBot.Core.Timeline;

namespace IncidentBot.Host.Sandbox;

/// <summary>
/// The sandbox as a chat platform: people post, edit, delete and pin messages, and run commands; each of those
/// reaches Core exactly as a Slack or Teams delivery would (<see cref="CommandService"/>, <see cref="ChannelCapture"/>).
/// Inputs are validated by <see cref="SandboxEndpoints"/> before they get here.
/// </summary>
internal sealed class SandboxChat(
    ISandboxChannelStore channels,
    SandboxChatNotifier notifier,
    CommandService commands,
    ChannelCapture capture,
    TimeProvider timeProvider,
    ILogger<SandboxChat> logger)
{
    public const string Captured = "captured";
    public const string Ignored = "ignored";
    public const string Updated = "updated";
    public const string Failed = "failed";

    /// <summary>Runs <c>/incident …</c> or <c>/postmortem …</c> typed by <paramref name="user"/> in <paramref name="channel"/>.</summary>
    public async Task<SandboxCommandResponse> RunCommandAsync(Person user, string channel, SandboxCommandLine line, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var command = new ChatCommand(
            Platform.Sandbox,
            SandboxNames.WorkspaceId,
            Channel(channel),
            user,
            line.Command,
            SandboxNames.LinkMentions(line.Arguments),
            now,
            DeliveryId: Guid.CreateVersion7(now).ToString("N"));
        var result = await commands.HandleAsync(command, cancellationToken).ConfigureAwait(false);

        var visibleTo = result.Reply.Visibility == ReplyVisibility.Private ? user.Id : null;
        var reply = await notifier.PostMessageAsync(channel, result.Reply, visibleTo, new SandboxEcho(user.Name, line.Typed), cancellationToken).ConfigureAwait(false);

        var announced = new List<SandboxMessageDto>();
        foreach (var announcement in result.Announcements)
        {
            if (announcement.Channel.Platform == Platform.Sandbox)
            {
                var direct = DirectMessage.IsDirect(announcement.Channel);
                var posted = await notifier.PostMessageAsync(announcement.Channel.Id, announcement.Message, visibleTo: direct ? announcement.Channel.Id : null, echo: null, cancellationToken).ConfigureAwait(false);
                announced.Add(ToDto(posted.Message, posted.Attachments, user.Name));
            }
            else
            {
                // A sandbox command concerns the sandbox's own workspace: it never posts into another platform's.
                SandboxLog.NoNotifier(logger, announcement.Channel.Platform.ToString(), announcement.Channel.Id);
            }
        }

        return new SandboxCommandResponse(ToDto(reply.Message, reply.Attachments, user.Name), announced);
    }

    /// <summary>Stores a person's message, then lets the bot capture it (if the channel hosts an incident).</summary>
    public async Task<SandboxMessageResponse> PostAsync(Person user, string channel, string text, CancellationToken cancellationToken)
    {
        var stored = await channels.PostAsync(
            new SandboxMessage(0, channel, user.Id, user.Name, FromBot: false, text, timeProvider.GetUtcNow(), VisibleTo: null),
            cancellationToken).ConfigureAwait(false);
        var message = new ChannelMessage(
            Platform.Sandbox,
            SandboxNames.WorkspaceId,
            Channel(channel),
            user,
            MessageId(stored.Id),
            ThreadId: null,
            text,
            stored.PostedAt,
            Link(stored));
        var outcome = await TellBotAsync(stored.Id, "capture", ct => capture.CaptureAsync(message, ct), cancellationToken).ConfigureAwait(false);
        return new SandboxMessageResponse(ToDto(stored, [], viewerName: null), outcome);
    }

    /// <summary>A message everyone in its channel can see (deleted ones too), as it is now; null when there is none with this id.</summary>
    public async Task<SandboxMessage?> FindAsync(long id, CancellationToken cancellationToken) =>
        await channels.GetAsync(id, cancellationToken).ConfigureAwait(false) is { VisibleTo: null } message ? message : null;

    /// <summary>Edits the message and then the timeline entries made from it; null when it was deleted meanwhile.</summary>
    public async Task<SandboxMessageResponse?> EditAsync(SandboxMessage message, string text, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var edited = await channels.EditAsync(message.Id, text, now, cancellationToken).ConfigureAwait(false);
        if (edited is null)
        {
            return null;
        }

        var outcome = await ForwardChangeAsync(message.Id, "edit", ct => capture.EditAsync(Platform.Sandbox, SandboxNames.WorkspaceId, MessageId(message.Id), text, now, ct), cancellationToken).ConfigureAwait(false);
        return new SandboxMessageResponse(ToDto(edited, [], viewerName: null), outcome);
    }

    /// <summary>Deletes the message and withdraws the timeline entries made from it; null when it was deleted already.</summary>
    public async Task<SandboxMessageResponse?> DeleteAsync(SandboxMessage message, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var deleted = await channels.DeleteAsync(message.Id, now, cancellationToken).ConfigureAwait(false);
        if (deleted is null)
        {
            return null;
        }

        var outcome = await ForwardChangeAsync(message.Id, "delete", ct => capture.DeleteAsync(Platform.Sandbox, SandboxNames.WorkspaceId, MessageId(message.Id), now, ct), cancellationToken).ConfigureAwait(false);
        return new SandboxMessageResponse(ToDto(deleted, [], viewerName: null), outcome);
    }

    /// <summary>
    /// A pin promotes the message to the key timeline at its original time; an unpin demotes it again. Null when
    /// the message was deleted meanwhile.
    /// </summary>
    public async Task<SandboxMessageResponse?> SetPinnedAsync(SandboxMessage message, Person by, bool pinned, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var changed = await channels.SetPinnedAsync(message.Id, pinned, cancellationToken).ConfigureAwait(false);
        if (changed is null)
        {
            return null;
        }

        // The sandbox keeps one pin state per message, as Slack does: whoever pins or unpins it changes the message's one pin marker.
        var id = MessageId(message.Id);
        var marker = TimelineMarker.Pin(by);
        var outcome = pinned
            ? await TellBotAsync(message.Id, "pin", async ct => (await capture.PromoteAsync(Platform.Sandbox, SandboxNames.WorkspaceId, id, marker, now, ct).ConfigureAwait(false)).Captured, cancellationToken).ConfigureAwait(false)
            : await ForwardChangeAsync(message.Id, "unpin", ct => capture.DemoteAsync(Platform.Sandbox, SandboxNames.WorkspaceId, id, marker, now, ct), cancellationToken).ConfigureAwait(false);
        return new SandboxMessageResponse(ToDto(changed, [], viewerName: null), outcome);
    }

    /// <summary>
    /// Messages after <paramref name="after"/> and changes since revision <paramref name="since"/> to the messages up to
    /// <paramref name="after"/>, as <paramref name="viewerName"/> (null: nobody in particular) may see them. Changes are read
    /// first, so the revision handed back covers every change the new messages already show.
    /// </summary>
    public async Task<SandboxMessagesResponse> ListAsync(string channel, string? viewerName, long after, long since, int limit, CancellationToken cancellationToken)
    {
        var viewerId = viewerName is null ? string.Empty : SandboxNames.UserId(viewerName);
        var changes = await channels.ListChangesAsync(channel, viewerId, since, after, limit, cancellationToken).ConfigureAwait(false);
        var page = await channels.ListAsync(channel, viewerId, after, limit + 1, cancellationToken).ConfigureAwait(false);
        var messages = page.Take(limit).ToList();
        var withFiles = messages.Where(m => m.FromBot).Select(m => m.Id).ToList();
        var files = (await channels.ListAttachmentsAsync(withFiles, cancellationToken).ConfigureAwait(false)).ToLookup(a => a.MessageId);
        var updates = changes.Messages
            .Select(m => new SandboxMessageUpdate(m.Id, m.DeletedAt is null && !m.FromBot ? m.Body : null, m.EditedAt, m.DeletedAt is not null, m.Pinned))
            .ToList();
        return new SandboxMessagesResponse(
            channel,
            [.. messages.Select(m => ToDto(m, [.. files[m.Id]], viewerName))],
            updates,
            messages.Count > 0 ? messages[^1].Id : after,
            changes.Revision,
            HasMore: page.Count > limit || changes.Messages.Count == limit);
    }

    public Task<IReadOnlyList<string>> ListChannelsAsync(CancellationToken cancellationToken) =>
        channels.ListChannelsAsync(cancellationToken);

    /// <param name="viewerName">Who the links are for: a private message's files are served only to the viewer the link names.</param>
    internal static SandboxMessageDto ToDto(SandboxMessage message, IReadOnlyList<SandboxAttachment> attachments, string? viewerName)
    {
        var deleted = message.DeletedAt is not null;
        var forViewer = message.VisibleTo is null ? null : viewerName;
        return new SandboxMessageDto(
            message.Id,
            message.Channel,
            message.AuthorId,
            message.AuthorName,
            message.FromBot,
            Text: deleted || message.FromBot ? null : message.Body,
            Html: !deleted && message.FromBot ? SandboxHtml.Render(message.Body) : null,
            message.PostedAt,
            Private: message.VisibleTo is not null,
            message.EditedAt,
            deleted,
            message.Pinned,
            deleted ? [] : [.. attachments.Select(a => SandboxAttachments.ToDto(a, forViewer))]);
    }

    private static ChannelRef Channel(string channel) => new(Platform.Sandbox, channel, channel);

    private static string MessageId(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Link(SandboxMessage message) =>
        string.Create(CultureInfo.InvariantCulture, $"/?channel={message.Channel}&message={message.Id}");

    /// <summary>
    /// The message is the platform's, whatever the bot makes of it: as on Slack, a failure inside the bot does
    /// not undo the person's message, it is logged and reported as <see cref="Failed"/>.
    /// </summary>
    private async Task<string> TellBotAsync(long messageId, string operation, Func<CancellationToken, Task<bool>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken).ConfigureAwait(false) ? Captured : Ignored;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            SandboxLog.CaptureFailed(logger, exception, messageId, operation);
            return Failed;
        }
    }

    private async Task<string> ForwardChangeAsync(long messageId, string operation, Func<CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        try
        {
            await call(cancellationToken).ConfigureAwait(false);
            return Updated;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            SandboxLog.CaptureFailed(logger, exception, messageId, operation);
            return Failed;
        }
    }
}

/// <summary>A command line as typed: <c>/incident status resolved</c> → command <c>incident</c>, arguments <c>status resolved</c>.</summary>
internal sealed record SandboxCommandLine(string Typed, string Command, string Arguments);
