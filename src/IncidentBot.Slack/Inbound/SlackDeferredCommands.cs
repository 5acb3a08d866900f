using System.Text.Json;
using System.Text.Json.Serialization;
using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Slack.Outbound;
using IncidentBot.Slack.WebApi;
using Microsoft.Extensions.Logging;

namespace IncidentBot.Slack.Inbound;

/// <summary>
/// Commands that take longer than Slack's three seconds (Core's <see cref="SlowCommands"/>: a declare that opens a
/// channel, a postmortem draft or publish) are acknowledged at once and run afterwards, durably: the request stores
/// the command in the outbox (<see cref="Kind"/>, in the channel it was typed in, keyed by its delivery id) before
/// the acknowledgement goes out, and <see cref="SlackOutboxWorker"/> hands the stored row to <see cref="RunAsync"/>.
/// The run queues the command's replies and announcements with the delivery's dedupe keys, and Core makes the same
/// delivery idempotent (a declare finds its incident, a draft its version), so a run repeated after a crash or an
/// expired claim changes nothing twice and posts nothing twice. A run that throws is retried with the outbox's
/// back-off; one that answers, even with an error, is done.
/// </summary>
internal sealed class SlackDeferredCommands(
    CommandService commands,
    IOutbox outbox,
    SlackOutbox slackOutbox,
    TimeProvider timeProvider,
    ILogger<SlackDeferredCommands> logger)
{
    /// <summary>The outbox kind of a stored command; its payload is a <see cref="SlackDeferredCommand"/>.</summary>
    public const string Kind = "slack.command.run";

    /// <summary>
    /// How long one run may take: more than a channel with its in-line retries or a large draft needs, less than the
    /// outbox's lease, so a run never outlives its claim (another replica would run it a second time meanwhile).
    /// </summary>
    public static readonly TimeSpan RunBudget = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Runs of one command before the person is told it failed: with the outbox's back-off (2 s, doubling) about a
    /// minute of trying, enough to ride out a database failover.
    /// </summary>
    public const int MaxRunAttempts = 6;

    /// <summary>
    /// Stores <paramref name="command"/> (and a declare form's <paramref name="summary"/>) to be run by the outbox
    /// worker. Returns how many outbox rows that is (one); storing the same delivery again stores nothing new.
    /// </summary>
    public async Task<int> EnqueueAsync(ChatCommand command, string? summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var payload = JsonSerializer.Serialize(SlackDeferredCommand.From(command, summary), SlackJsonContext.Default.SlackDeferredCommand);
        await outbox.EnqueueAsync(
            new OutboundMessage
            {
                Workspace = command.Workspace,
                Platform = Platform.Slack,
                ChannelId = command.Channel.Id,
                Kind = Kind,
                Payload = payload,
                DedupeKey = command.DeliveryId,
                CreatedAt = timeProvider.GetUtcNow(),
            },
            cancellationToken);
        return 1;
    }

    /// <summary>
    /// Runs a stored command (an outbox row of <see cref="Kind"/>) and queues what it says. A run that fails (the
    /// database was unreachable, the run took longer than <see cref="RunBudget"/>) is tried again after the outbox's
    /// back-off; after <see cref="MaxRunAttempts"/> attempts the person is told privately that it did not run, so that
    /// a command that cannot succeed does not hold up its channel's messages.
    /// </summary>
    /// <exception cref="SlackApiException"><see cref="SlackApiException.CommandFailed"/> when the run failed: run it again later.</exception>
    /// <exception cref="JsonException">The payload is not a stored command: running it again will not help.</exception>
    public async Task RunAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var stored = JsonSerializer.Deserialize(message.Payload, SlackJsonContext.Default.SlackDeferredCommand)
            ?? throw new JsonException("The deferred command's payload is null.");
        var command = stored.ToChatCommand();
        using var deadline = new CancellationTokenSource(RunBudget, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await RunAndQueueAsync(command, stored.Summary, commands.HandleAsync, linked.Token);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && exception is not (SlackApiException or JsonException))
        {
            SlackLog.DeferredCommandFailed(logger, exception, command.Command, command.DeliveryId, message.Attempts + 1);
            if (message.Attempts + 1 < MaxRunAttempts)
            {
                throw new SlackApiException(SlackApiException.CommandFailed, exception);
            }

            await GiveUpAsync(command, cancellationToken);
        }

        slackOutbox.Nudge();
    }
    /// <summary>Tells the person the command did not run (it may have done part of its work; running it again is safe).</summary>
    private async Task GiveUpAsync(ChatCommand command, CancellationToken cancellationToken)
    {
        var typed = $"/{command.Command} {command.Text}".TrimEnd();
        var apology = Reply.Private(new ErrorBlock($"Sorry, IncidentBot could not run “{typed}”. Please try it again."));
        try
        {
            await slackOutbox.EnqueueAsync(command.WorkspaceId, [.. SlackOutbound.ReplyTo(command.Channel.Id, command.User.Id, apology)], command.DeliveryId + "/failed", cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new SlackApiException(SlackApiException.CommandFailed, exception);
        }
    }

    /// <summary>
    /// Runs <paramref name="command"/> with <paramref name="run"/>, and after a declare from the form its
    /// <paramref name="summary"/> as <c>summary …</c> where the incident lives; queues the replies (private ones only
    /// for the person) and announcements, keyed by the delivery so that queueing them again stores nothing new.
    /// Returns how many messages that is.
    /// </summary>
    public async Task<int> RunAndQueueAsync(
        ChatCommand command, string? summary, Func<ChatCommand, CancellationToken, Task<CommandResult>> run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(run);
        var result = await run(command, cancellationToken);
        var queued = await slackOutbox.EnqueueAsync(command.WorkspaceId, FollowUps(command, result), command.DeliveryId, cancellationToken);
        if (summary is not null && (result.Announcements.Count > 0 || result.Reply.Visibility == ReplyVisibility.InChannel))
        {
            // Core's declare has no summary argument. The incident lives in the announced channel that is not the one
            // it was declared in, or (no announcement: the card was the reply) in that one.
            var incidentChannel = result.Announcements.Select(announcement => announcement.Channel).FirstOrDefault(channel => channel.Id != command.Channel.Id)
                ?? command.Channel;
            var summaryCommand = command with { Channel = incidentChannel, Text = "summary " + summary, DeliveryId = command.DeliveryId + "/summary" };
            var summaryResult = await run(summaryCommand, cancellationToken);
            queued += await slackOutbox.EnqueueAsync(summaryCommand.WorkspaceId, FollowUps(summaryCommand, summaryResult), summaryCommand.DeliveryId, cancellationToken);
        }

        return queued;
    }

    /// <summary>A command's reply in its channel (privately when it is private) and its announcements elsewhere.</summary>
    public static List<SlackOutbound> FollowUps(ChatCommand command, CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(result);
        var followUps = new List<SlackOutbound>(SlackOutbound.ReplyTo(command.Channel.Id, command.User.Id, result.Reply));
        AddAnnouncements(followUps, result);
        return followUps;
    }

    /// <summary>Adds the Slack announcements of <paramref name="result"/> (messages for other channels) to <paramref name="followUps"/>.</summary>
    public static void AddAnnouncements(List<SlackOutbound> followUps, CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(followUps);
        ArgumentNullException.ThrowIfNull(result);
        foreach (var announcement in result.Announcements.Where(announcement => announcement.Channel.Platform == Platform.Slack))
        {
            followUps.AddRange(SlackOutbound.FromReply(announcement.Channel.Id, announcement.Message));
        }
    }
}

/// <summary>A command as the outbox stores it until it runs: what <see cref="ChatCommand"/> holds, and a declare form's summary.</summary>
internal sealed record SlackDeferredCommand(
    [property: JsonPropertyName("team_id")] string TeamId,
    [property: JsonPropertyName("channel_id")] string ChannelId,
    [property: JsonPropertyName("channel_name")] string ChannelName,
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("user_name")] string UserName,
    [property: JsonPropertyName("command")] string Command,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("received_at")] DateTimeOffset ReceivedAt,
    [property: JsonPropertyName("delivery_id")] string? DeliveryId,
    [property: JsonPropertyName("summary")] string? Summary)
{
    public static SlackDeferredCommand From(ChatCommand command, string? summary) => new(
        command.WorkspaceId,
        command.Channel.Id,
        command.Channel.Name,
        command.User.Id,
        command.User.Name,
        command.Command,
        command.Text,
        command.ReceivedAt,
        command.DeliveryId,
        summary);

    public ChatCommand ToChatCommand() => new(
        Platform.Slack,
        TeamId,
        new ChannelRef(Platform.Slack, ChannelId, ChannelName),
        new Person(UserId, UserName),
        Command,
        Text,
        ReceivedAt,
        DeliveryId);
}
