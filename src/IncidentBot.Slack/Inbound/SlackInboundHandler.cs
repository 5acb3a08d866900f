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
/// <para>
/// Slack waits three seconds for the answer. Commands Core deems slow (<see cref="CommandService.AcknowledgementIfSlow"/>)
/// are stored to run afterwards (<see cref="SlackDeferredCommands"/>) and answered with Core's acknowledgement; the
/// Web API calls still made while answering (<c>users.info</c>, <c>views.open</c>) have a budget
/// (<see cref="SlackDeliveryTimings.InlineCallBudget"/>) and no in-line retries.
/// </para>
/// </summary>
internal sealed class SlackInboundHandler(
    CommandService commands,
    ChannelCapture capture,
    SlackApiClient api,
    SlackUserNameCache userNames,
    SlackOutbox outbox,
    SlackDeferredCommands deferred,
    SlackDeliveryDeduplicator deduplicator,
    SlackDeliveryTimings timings,
    IOptions<SlackOptions> options,
    TimeProvider timeProvider,
    ILogger<SlackInboundHandler> logger)
{
    private static readonly Reply Apology = Reply.Private(new ErrorBlock("Sorry, IncidentBot could not run that command just now. Please try again in a moment."));

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

        if (commands.AcknowledgementIfSlow(command) is { } acknowledgement)
        {
            // Stored before the answer goes out, so an acknowledged command is never lost; the worker runs it.
            int stored;
            try
            {
                stored = await deferred.EnqueueAsync(command, summary: null, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                SlackLog.CommandFailed(logger, exception, command.Command);
                acknowledgement = Apology;
                stored = 0;
            }

            return SlackInboundResult.Json(ResponsePayload(SlackMessageRenderer.Render(acknowledgement)[0], acknowledgement), stored);
        }

        var result = await RunAsync(command, cancellationToken);
        var parts = SlackMessageRenderer.Render(result.Reply);
        var answer = ResponsePayload(parts[0], result.Reply);
        var isPrivate = result.Reply.Visibility == ReplyVisibility.Private;

        // A response carries one message and no file: the rest of a long reply, and an in-channel reply's
        // attachments (which the answer says follow as files), are posted through the outbox.
        var followUps = new List<SlackOutbound>();
        followUps.AddRange(parts.Skip(1).Select(part => new SlackOutboundMessage(command.Channel.Id, part, isPrivate ? command.User.Id : null)));
        if (!isPrivate)
        {
            followUps.AddRange(SlackOutbound.Files(command.Channel.Id, result.Reply));
        }

        SlackDeferredCommands.AddAnnouncements(followUps, result);
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
                return SlackInboundResult.Later(await RunForLaterAsync(button.Command, summary: null, cancellationToken));
            case DeclareInvalidInteraction invalid:
                var errors = new JsonObject();
                foreach (var (block, message) in invalid.Errors)
                {
                    errors[block] = message;
                }

                return SlackInboundResult.Json(new JsonObject { ["response_action"] = "errors", ["errors"] = errors });
            case DeclareSubmittedInteraction declared:
                return SlackInboundResult.Later(await RunForLaterAsync(declared.Command, declared.Summary, cancellationToken));
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
                await CaptureAsync(posted, cancellationToken);
                return 0;
            case MessageEditedEvent edited:
                await capture.EditAsync(Platform.Slack, edited.TeamId, SlackTimestamp.MessageId(edited.ChannelId, edited.Ts), SlackText.ToPlain(edited.NewText), edited.EditedAt, cancellationToken);
                return 0;
            case MessageDeletedEvent deleted:
                await capture.DeleteAsync(Platform.Slack, deleted.TeamId, SlackTimestamp.MessageId(deleted.ChannelId, deleted.Ts), deleted.DeletedAt, cancellationToken);
                return 0;
            case MessagePromotedEvent promoted:
                var promotedBy = new Person(promoted.UserId, await UserNameAsync(promoted.UserId, cancellationToken));
                var promotedId = SlackTimestamp.MessageId(promoted.ChannelId, promoted.Ts);
                var marker = new TimelineMarker(promoted.Marker, promotedBy);
                var promotion = await capture.PromoteAsync(Platform.Slack, promoted.TeamId, promotedId, marker, promoted.At, cancellationToken);
                if (!promotion.Captured && await CaptureFromHistoryAsync(promoted, cancellationToken))
                {
                    await capture.PromoteAsync(Platform.Slack, promoted.TeamId, promotedId, marker, promoted.At, cancellationToken);
                }

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
                return await RunForLaterAsync(command, summary: null, cancellationToken);
            default:
                return 0;
        }
    }

    /// <summary>
    /// Runs a command that is answered by messages rather than a response (a button, a mention, the declare form with
    /// its <paramref name="summary"/>), or stores it to run afterwards when it is slow; returns how many outbox rows it
    /// queued. The modal closes (or the event is acknowledged) at once either way.
    /// </summary>
    private async Task<int> RunForLaterAsync(ChatCommand command, string? summary, CancellationToken cancellationToken) =>
        commands.AcknowledgementIfSlow(command) is null
            ? await deferred.RunAndQueueAsync(command, summary, RunAsync, cancellationToken)
            : await deferred.EnqueueAsync(command, summary, cancellationToken);

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
            return CommandResult.Answer(Apology);
        }
    }

    /// <summary>A slash command's response body: the message, in the channel or only for the person.</summary>
    private static byte[] ResponsePayload(SlackMessage message, Reply reply) =>
        message.ToResponseUtf8(reply.Visibility == ReplyVisibility.Private ? "ephemeral" : "in_channel");

    private static bool IsBareDeclare(ChatCommand command) =>
        command.Command == "incident" && string.Equals(command.Text.Trim(), "declare", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Opens the declare modal straight away (the trigger id lasts three seconds, and works once) within the budget;
    /// false lets Core answer instead.
    /// </summary>
    private async Task<bool> TryOpenDeclareModalAsync(string triggerId, ChannelRef channel, CancellationToken cancellationToken)
    {
        var view = SlackDeclareModal.Build(channel.Id, channel.Name);
        return await WithinBudgetAsync(
            "views.open",
            async (client, token) =>
            {
                await client.OpenViewAsync(triggerId, view, token);
                return true;
            },
            fallback: false,
            cancellationToken);
    }

    /// <summary>
    /// A pin or the timeline reaction reached us before the message it marks (its delivery failed and Slack will send
    /// it again later, say): the message is read back from the channel and captured now, so that the mark is not lost.
    /// Only in a channel that hosts an incident, within the in-line budget; false when it could not be captured.
    /// </summary>
    private async Task<bool> CaptureFromHistoryAsync(MessagePromotedEvent promoted, CancellationToken cancellationToken)
    {
        if (!await capture.HostsIncidentAsync(Platform.Slack, promoted.TeamId, promoted.ChannelId, cancellationToken))
        {
            return false;
        }

        var message = await WithinBudgetAsync<SlackHistoryMessage?>(
            "conversations.history", (client, token) => client.GetMessageAsync(promoted.ChannelId, promoted.Ts, token), fallback: null, cancellationToken);
        if (message is null || !SlackEventParser.IsHumanMessage(message.Subtype, message.User, message.BotId)
            || !SlackTimestamp.TryParse(message.Ts, out var sentAt))
        {
            SlackLog.MarkedMessageNotFound(logger, promoted.ChannelId, promoted.Ts);
            return false;
        }

        var threadTs = message.ThreadTs == message.Ts ? null : message.ThreadTs;
        return await CaptureAsync(
            new MessagePostedEvent(promoted.TeamId, promoted.ChannelId, message.User!, message.Ts, threadTs, message.Text ?? string.Empty, sentAt),
            cancellationToken);
    }

    /// <summary>A person's message in a channel, kept in the transcript if the channel hosts an incident.</summary>
    private async Task<bool> CaptureAsync(MessagePostedEvent posted, CancellationToken cancellationToken)
    {
        var author = new Person(posted.UserId, await UserNameAsync(posted.UserId, cancellationToken));
        return await capture.CaptureAsync(
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
    }

    /// <summary>
    /// The person's display name (from the cache when fresh); their id when Slack cannot say within the budget (the
    /// message is still captured).
    /// </summary>
    private Task<string> UserNameAsync(string userId, CancellationToken cancellationToken) =>
        userNames.TryGet(userId, out var name)
            ? Task.FromResult(name)
            : WithinBudgetAsync("users.info", (client, token) => client.GetUserNameAsync(userId, token), fallback: userId, cancellationToken);

    /// <summary>
    /// A Web API call made while Slack waits for the answer: one attempt, given up after the budget (measured with the
    /// <see cref="TimeProvider"/>); <paramref name="fallback"/> when it fails or runs over. The request's own
    /// cancellation still propagates.
    /// </summary>
    private async Task<T> WithinBudgetAsync<T>(string method, Func<SlackApiClient, CancellationToken, Task<T>> call, T fallback, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timings.InlineCallBudget, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await call(api.WithoutInlineRetries(), linked.Token);
        }
        catch (SlackApiException exception)
        {
            SlackLog.InlineCallGaveUp(logger, method, timings.InlineCallBudget, exception.Error);
            return fallback;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            SlackLog.InlineCallGaveUp(logger, method, timings.InlineCallBudget, "over budget");
            return fallback;
        }
    }

    private SlackInboundResult Malformed(SlackPayloadException exception)
    {
        SlackLog.MalformedPayload(logger, exception.Message);
        return SlackInboundResult.BadRequest(exception.Message);
    }
}
