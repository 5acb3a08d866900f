using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentBot.Core.Capture;
using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Timeline;
using IncidentBot.Slack.Outbound;
using IncidentBot.Slack.Rendering;
using IncidentBot.Slack.WebApi;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IncidentBot.Slack.Inbound;

/// <summary>
/// Handles slash commands, Events API callbacks and interactions the same way for HTTP and Socket Mode: parse
/// into neutral types, call Core (which persists), queue what is to be posted afterwards in the durable outbox, and
/// say what to answer now. Everything is committed before the answer goes out. Malformed payloads become
/// <see cref="SlackAnswer.BadRequest"/>; no parsing exception escapes.
/// </summary>
internal sealed class SlackInboundHandler(
    CommandService commands,
    ChannelCapture capture,
    SlackApiClient api,
    SlackOutbox outbox,
    SlackDeliveryDeduplicator deduplicator,
    IOptions<SlackOptions> options,
    TimeProvider timeProvider,
    ILogger<SlackInboundHandler> logger)
{
    public async Task<SlackInboundResult> HandleSlashCommandAsync(IReadOnlyDictionary<string, string> fields, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (SlashCommandMapper.IsSslCheck(fields))
        {
            return SlackInboundResult.Empty;
        }

        ChatCommand command;
        try
        {
            command = SlashCommandMapper.ToChatCommand(fields, timeProvider.GetUtcNow());
        }
        catch (SlackPayloadException exception)
        {
            return Malformed(exception);
        }

        if (IsBareDeclare(command) && command.DeliveryId is { } triggerId && await TryOpenDeclareModalAsync(triggerId, command.Channel, cancellationToken))
        {
            return SlackInboundResult.Empty;
        }

        var result = await RunAsync(command, cancellationToken);
        var parts = SlackMessageRenderer.Render(result.Reply);
        var answer = parts[0].ToPayload();
        var isPrivate = result.Reply.Visibility == ReplyVisibility.Private;
        answer["response_type"] = isPrivate ? "ephemeral" : "in_channel";

        // A response carries one message and no file: the rest of a long reply, and an in-channel reply's
        // attachments (which the answer says follow as files), are posted through the outbox.
        var followUps = new List<SlackOutbound>();
        followUps.AddRange(parts.Skip(1).Select(part => new SlackOutboundMessage(command.Channel.Id, part, isPrivate ? command.User.Id : null)));
        if (!isPrivate)
        {
            followUps.AddRange(SlackOutbound.Files(command.Channel.Id, result.Reply));
        }

        AddAnnouncements(followUps, result);
        return SlackInboundResult.Json(answer, await outbox.EnqueueAsync(command.WorkspaceId, followUps, command.DeliveryId, cancellationToken));
    }

    public async Task<SlackInboundResult> HandleEventAsync(JsonElement body, CancellationToken cancellationToken)
    {
        SlackEventEnvelope envelope;
        try
        {
            envelope = SlackEventParser.Parse(body, options.Value.TimelineReaction);
        }
        catch (SlackPayloadException exception)
        {
            return Malformed(exception);
        }

        switch (envelope.Event)
        {
            case UrlVerificationEvent verification:
                return SlackInboundResult.Text(verification.Challenge);
            case RateLimitedEvent limited:
                SlackLog.EventsRateLimited(logger, limited.TeamId, limited.MinuteRateLimited);
                return SlackInboundResult.Empty;
            case IgnoredEvent:
                return SlackInboundResult.Empty;
            default:
                var queued = 0;
                var outcome = await deduplicator.RunOnceAsync(
                    envelope.TeamId ?? string.Empty,
                    envelope.EventId,
                    async token => queued = await DispatchAsync(envelope, token),
                    cancellationToken);
                return outcome == DeliveryOutcome.Busy ? SlackInboundResult.Busy : SlackInboundResult.Later(queued);
        }
    }

    public async Task<SlackInboundResult> HandleInteractionAsync(JsonElement payload, CancellationToken cancellationToken)
    {
        SlackInteraction interaction;
        try
        {
            interaction = SlackInteractionParser.Parse(payload, timeProvider.GetUtcNow());
        }
        catch (SlackPayloadException exception)
        {
            return Malformed(exception);
        }

        switch (interaction)
        {
            case ButtonCommandInteraction button:
                return SlackInboundResult.Later(await RunForLaterAsync(button.Command, cancellationToken));
            case DeclareInvalidInteraction invalid:
                var errors = new JsonObject();
                foreach (var (block, message) in invalid.Errors)
                {
                    errors[block] = message;
                }

                return SlackInboundResult.Json(new JsonObject { ["response_action"] = "errors", ["errors"] = errors });
            case DeclareSubmittedInteraction declared:
                return SlackInboundResult.Later(await DeclareAsync(declared, cancellationToken));
            default:
                return SlackInboundResult.Empty;
        }
    }

    /// <summary>Applies one event; returns how many follow-up messages it queued.</summary>
    private async Task<int> DispatchAsync(SlackEventEnvelope envelope, CancellationToken cancellationToken)
    {
        switch (envelope.Event)
        {
            case MessagePostedEvent posted:
                var author = new Person(posted.UserId, await UserNameAsync(posted.UserId, cancellationToken));
                await capture.CaptureAsync(
                    new ChannelMessage(
                        Platform.Slack,
                        posted.TeamId,
                        new ChannelRef(Platform.Slack, posted.ChannelId, posted.ChannelId),
                        author,
                        SlackTimestamp.MessageId(posted.ChannelId, posted.Ts),
                        posted.ThreadTs is null ? null : SlackTimestamp.MessageId(posted.ChannelId, posted.ThreadTs),
                        SlackText.ToPlain(posted.Text),
                        posted.SentAt),
                    cancellationToken);
                return 0;
            case MessageEditedEvent edited:
                await capture.EditAsync(Platform.Slack, edited.TeamId, SlackTimestamp.MessageId(edited.ChannelId, edited.Ts), SlackText.ToPlain(edited.NewText), edited.EditedAt, cancellationToken);
                return 0;
            case MessageDeletedEvent deleted:
                await capture.DeleteAsync(Platform.Slack, deleted.TeamId, SlackTimestamp.MessageId(deleted.ChannelId, deleted.Ts), deleted.DeletedAt, cancellationToken);
                return 0;
            case MessagePromotedEvent promoted:
                var promotedBy = new Person(promoted.UserId, await UserNameAsync(promoted.UserId, cancellationToken));
                await capture.PromoteAsync(Platform.Slack, promoted.TeamId, SlackTimestamp.MessageId(promoted.ChannelId, promoted.Ts), new TimelineMarker(promoted.Marker, promotedBy), promoted.At, cancellationToken);
                return 0;
            case MessageDemotedEvent demoted:
                var demotedBy = new Person(demoted.UserId, await UserNameAsync(demoted.UserId, cancellationToken));
                await capture.DemoteAsync(Platform.Slack, demoted.TeamId, SlackTimestamp.MessageId(demoted.ChannelId, demoted.Ts), new TimelineMarker(demoted.Marker, demotedBy), demoted.At, cancellationToken);
                return 0;
            case MentionCommandEvent mention:
                var user = new Person(mention.UserId, await UserNameAsync(mention.UserId, cancellationToken));
                var command = new ChatCommand(
                    Platform.Slack,
                    mention.TeamId,
                    new ChannelRef(Platform.Slack, mention.ChannelId, mention.ChannelId),
                    user,
                    mention.Command,
                    mention.Text,
                    timeProvider.GetUtcNow(),
                    envelope.EventId);
                return await RunForLaterAsync(command, cancellationToken);
            default:
                return 0;
        }
    }

    /// <summary>
    /// The modal's declare, then its summary as <c>summary …</c> in the incident's channel. Core's declare has no
    /// summary argument, so the channel is taken from the announcements: the one that is not where it was declared.
    /// </summary>
    private async Task<int> DeclareAsync(DeclareSubmittedInteraction declared, CancellationToken cancellationToken)
    {
        var command = declared.Command;
        var result = await RunAsync(command, cancellationToken);
        var queued = await EnqueueRepliesAsync(command, result, cancellationToken);
        if (declared.Summary is { } summary && result.Announcements.Count > 0)
        {
            var incidentChannel = result.Announcements.Select(announcement => announcement.Channel).FirstOrDefault(channel => channel.Id != command.Channel.Id)
                ?? command.Channel;
            var summaryCommand = command with { Channel = incidentChannel, Text = "summary " + summary, DeliveryId = command.DeliveryId + "/summary" };
            queued += await RunForLaterAsync(summaryCommand, cancellationToken);
        }

        return queued;
    }

    /// <summary>Runs a command that is answered by messages rather than a response; returns how many it queued.</summary>
    private async Task<int> RunForLaterAsync(ChatCommand command, CancellationToken cancellationToken) =>
        await EnqueueRepliesAsync(command, await RunAsync(command, cancellationToken), cancellationToken);

    private async Task<int> EnqueueRepliesAsync(ChatCommand command, CommandResult result, CancellationToken cancellationToken)
    {
        var followUps = new List<SlackOutbound>(SlackOutbound.ReplyTo(command.Channel.Id, command.User.Id, result.Reply));
        AddAnnouncements(followUps, result);
        return await outbox.EnqueueAsync(command.WorkspaceId, followUps, command.DeliveryId, cancellationToken);
    }

    private async Task<CommandResult> RunAsync(ChatCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return await commands.HandleAsync(command, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Slack shows a 5xx as a vague failure; an ephemeral message tells the person what happened.
            SlackLog.CommandFailed(logger, exception, command.Command);
            return CommandResult.Answer(Reply.Private(new ErrorBlock("Sorry, IncidentBot could not run that command just now. Please try again in a moment.")));
        }
    }

    private static void AddAnnouncements(List<SlackOutbound> followUps, CommandResult result)
    {
        foreach (var announcement in result.Announcements.Where(announcement => announcement.Channel.Platform == Platform.Slack))
        {
            followUps.AddRange(SlackOutbound.FromReply(announcement.Channel.Id, announcement.Message));
        }
    }

    private static bool IsBareDeclare(ChatCommand command) =>
        command.Command == "incident" && string.Equals(command.Text.Trim(), "declare", StringComparison.OrdinalIgnoreCase);

    /// <summary>Opens the declare modal straight away (the trigger id lasts three seconds); false lets Core answer instead.</summary>
    private async Task<bool> TryOpenDeclareModalAsync(string triggerId, ChannelRef channel, CancellationToken cancellationToken)
    {
        try
        {
            await api.OpenViewAsync(triggerId, SlackDeclareModal.Build(channel.Id, channel.Name), cancellationToken);
            return true;
        }
        catch (SlackApiException)
        {
            return false;
        }
    }

    /// <summary>The person's display name; their id when Slack cannot say (the message is still captured).</summary>
    private async Task<string> UserNameAsync(string userId, CancellationToken cancellationToken)
    {
        try
        {
            return await api.GetUserNameAsync(userId, cancellationToken);
        }
        catch (SlackApiException)
        {
            return userId;
        }
    }

    private SlackInboundResult Malformed(SlackPayloadException exception)
    {
        SlackLog.MalformedPayload(logger, exception.Message);
        return SlackInboundResult.BadRequest(exception.Message);
    }
}
