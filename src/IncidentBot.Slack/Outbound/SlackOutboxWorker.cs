using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Slack.Inbound;
using IncidentBot.Slack.WebApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IncidentBot.Slack.Outbound;

/// <summary>
/// Delivers the Slack messages in the durable outbox. Each iteration (<see cref="RunOnceAsync"/>, driven by the
/// loop with the <see cref="TimeProvider"/>'s time, or by tests with any time) claims the due head of each channel
/// under a lease, so the channel's order holds and several replicas never send the same message. A delivered
/// message is marked so; Slack's 429 is retried after its <c>Retry-After</c>, an outage (5xx, network, timeout)
/// with exponential back-off; errors that retrying cannot fix (<c>channel_not_found</c>, <c>not_in_channel</c>,
/// <c>is_archived</c>, <c>invalid_auth</c> …) dead-letter the message: it stays stored with its error and stops
/// holding up its channel. In-line retries are off here, so a claim is never held while waiting.
/// <para>
/// No duplicates after an attempt whose outcome is unknown (Slack may have posted it but the answer was lost, or the
/// worker died before marking it): every <c>chat.postMessage</c> carries message metadata naming its outbox row
/// (<see cref="SlackPayloads.WithOutboxMetadata"/>), and before such a message is sent again the channel's history
/// (the thread's replies for a thread message) is searched for it; found, it is marked delivered without posting.
/// A 429 or an <c>ok:false</c> answer is certain and needs no search. Ephemeral messages are not in any history: one
/// whose earlier attempt may have reached Slack is sent again and may show twice to its one reader. Files: see
/// <see cref="UploadAsync"/>.
/// </para>
/// </summary>
internal sealed class SlackOutboxWorker(
    IOutbox outbox,
    IDeliveryLedger deliveries,
    SlackOutboxSignal signal,
    SlackInstallation installation,
    IServiceScopeFactory scopes,
    SlackOutboxTimings timings,
    TimeProvider timeProvider,
    ILogger<SlackOutboxWorker> logger) : BackgroundService
{
    /// <summary>Who holds this worker's claims: unique per process start, so a restarted host never mistakes old claims for its own.</summary>
    public string Claimant { get; } = string.Create(
        CultureInfo.InvariantCulture, $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var housekeepingDue = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = timeProvider.GetUtcNow();
            var handled = 0;
            try
            {
                if (now >= housekeepingDue)
                {
                    housekeepingDue = now + timings.HousekeepingInterval;
                    await HousekeepAsync(now, stoppingToken);
                }

                handled = await RunOnceAsync(now, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The database is unreachable, say: nothing is lost, the next iteration tries again.
                SlackLog.OutboxUnavailable(logger, exception);
            }

            if (handled == 0)
            {
                try
                {
                    await signal.WaitAsync(timings.PollInterval, timeProvider, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One iteration at <paramref name="now"/>: claims what is due and delivers it. Returns how many messages it handled.</summary>
    internal async Task<int> RunOnceAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var claimed = await outbox.ClaimDueAsync(Platform.Slack, Claimant, now, timings.Lease, timings.BatchSize, cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }

        await using var scope = scopes.CreateAsyncScope();
        var api = scope.ServiceProvider.GetRequiredService<SlackApiClient>().WithoutInlineRetries();
        await Parallel.ForEachAsync(
            claimed,
            new ParallelOptions { MaxDegreeOfParallelism = timings.Parallelism, CancellationToken = cancellationToken },
            async (message, token) => await DeliverAsync(api, message, now, token));
        return claimed.Count;
    }

    /// <summary>Learns the workspace of the bot token once, and deletes what is no longer needed.</summary>
    internal async Task HousekeepAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (installation.Identity is null)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await installation.IdentityAsync(scope.ServiceProvider.GetRequiredService<SlackApiClient>().WithoutInlineRetries(), cancellationToken);
            }
            catch (SlackApiException exception)
            {
                SlackLog.AuthTestFailed(logger, exception.Error);
            }
        }

        await outbox.PurgeDeliveredAsync(now - timings.KeepDelivered, cancellationToken);
        await deliveries.ForgetBeforeAsync(now - timings.KeepDeliveryIds, cancellationToken);
    }

    private async Task DeliverAsync(SlackApiClient api, OutboundMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Failure failure;
        try
        {
            if (await FoundPostedAsync(api, message, cancellationToken))
            {
                SlackLog.OutboundFoundPosted(logger, message.Id, message.ChannelId, message.Kind);
            }
            else
            {
                await SendAsync(api, message, now, cancellationToken);
            }

            if (!await outbox.MarkDeliveredAsync(message.Id, Claimant, Later(now), cancellationToken))
            {
                SlackLog.OutboundClaimLost(logger, message.Id, message.ChannelId);
            }

            return;
        }
        catch (ClaimLostException)
        {
            SlackLog.OutboundClaimLost(logger, message.Id, message.ChannelId);
            return;
        }
        catch (Exception exception) when (Classify(exception, now, cancellationToken) is { } classified)
        {
            failure = classified;
        }

        var at = Later(now);
        if (failure.Permanent || at - message.CreatedAt >= timings.GiveUpAfter)
        {
            var reason = failure.Permanent ? failure.Reason : string.Create(CultureInfo.InvariantCulture, $"gave up after {message.Attempts + 1} attempts: {failure.Reason}");
            SlackLog.OutboundDeadLettered(logger, message.Id, message.ChannelId, message.Kind, reason);
            await outbox.MarkFailedAsync(message.Id, Claimant, at, reason, cancellationToken);
            return;
        }

        var wait = failure.RetryAfter ?? timings.Backoff(message.Attempts);
        SlackLog.OutboundRetry(logger, message.Id, message.ChannelId, failure.Reason, message.Attempts + 1, wait);
        await outbox.MarkRetryAsync(message.Id, Claimant, at + wait, failure.Reason, failure.OutcomeUnknown, cancellationToken);
    }

    /// <summary>What a failed attempt means for the next one; null for exceptions that are not a delivery's to handle.</summary>
    private static Failure? Classify(Exception exception, DateTimeOffset now, CancellationToken cancellationToken) => exception switch
    {
        SlackApiException slack => new Failure(slack.Error, !slack.IsTransient, slack.RetryAfter, slack.OutcomeUnknown && PostsMessages(slack.Method)),
        FileSharePendingException pending => new Failure("file_share_pending", false, pending.CheckAt > now ? pending.CheckAt - now : TimeSpan.Zero, false),

        // A timeout the client did not turn into http_timeout: which call it hit is not known, so neither is the outcome.
        OperationCanceledException when !cancellationToken.IsCancellationRequested => new Failure("timeout", false, null, true),

        // A payload this version cannot send: retrying will not change that.
        JsonException or FormatException or InvalidOperationException or ArgumentException => new Failure($"invalid_payload: {exception.Message}", true, null, false),
        _ => null,
    };

    private async Task SendAsync(SlackApiClient api, OutboundMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        switch (message.Kind)
        {
            case SlackOutbox.PostMessageKind:
                await api.SendRenderedAsync("chat.postMessage", SlackPayloads.WithOutboxMetadata(message.Payload, OutboxId(message)), cancellationToken);
                break;
            case SlackOutbox.PostEphemeralKind:
                // Ephemeral messages cannot be found afterwards (they are not in any history), so one whose earlier
                // attempt may have reached Slack is sent again: it may show twice, privately and until reloaded.
                await api.SendRenderedAsync("chat.postEphemeral", message.Payload, cancellationToken);
                break;
            case SlackOutbox.FileUploadKind:
                await UploadAsync(api, message, now, cancellationToken);
                break;
            case SlackOutbox.JoinKind:
                await JoinAsync(api, message, cancellationToken);
                break;
            case SlackDeferredCommands.Kind:
                await using (var scope = scopes.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<SlackDeferredCommands>().RunAsync(message, cancellationToken);
                }

                break;
            default:
                throw new InvalidOperationException($"Unknown outbox message kind '{message.Kind}'.");
        }
    }

    /// <summary>
    /// Joins the channel a queued join names. A private channel (or a conversation that is not a channel) cannot be
    /// joined, only invited to: that is logged for operators and the join is done, since retrying cannot change it.
    /// </summary>
    private async Task JoinAsync(SlackApiClient api, OutboundMessage message, CancellationToken cancellationToken)
    {
        var channel = System.Text.Json.Nodes.JsonNode.Parse(message.Payload)?["channel"]?.GetValue<string>()
            ?? throw new JsonException("The join payload names no channel.");
        try
        {
            await api.JoinConversationAsync(channel, cancellationToken);
        }
        catch (SlackApiException exception) when (exception.Error is "method_not_supported_for_channel_type" or "channel_not_found")
        {
            SlackLog.CannotJoinChannel(logger, channel, exception.Error);
        }
    }

    /// <summary>
    /// The <c>event_payload.id</c> of an outbox message's metadata: its row id and creation instant, so that even a
    /// database started afresh (ids from 1 again) never takes an older message in the channel for this one.
    /// </summary>
    internal static string OutboxId(OutboundMessage message) =>
        string.Create(CultureInfo.InvariantCulture, $"{message.Id}.{message.CreatedAt.ToUnixTimeMilliseconds()}");

    /// <summary>A person rather than a conversation: Slack user ids start with U (W in Enterprise Grid); conversations with C, G or D.</summary>
    private static bool IsUserId(string channelId) => channelId.Length > 1 && channelId[0] is 'U' or 'W';

    /// <summary>The Web API methods whose lost answer leaves a message possibly posted (or a file possibly shared).</summary>
    private static bool PostsMessages(string method) =>
        method is "chat.postMessage" or "chat.postEphemeral" or "files.completeUploadExternal";

    /// <summary>
    /// For a <c>chat.postMessage</c> whose earlier attempt may have reached Slack: whether it is in the channel (or its
    /// thread) already, found by its metadata. A check Slack refuses for good (a missing scope, say) is logged and
    /// treated as not found: sending again risks a duplicate, not sending would lose the message.
    /// </summary>
    private async Task<bool> FoundPostedAsync(SlackApiClient api, OutboundMessage message, CancellationToken cancellationToken)
    {
        if (!message.OutcomeUnknown || message.Kind != SlackOutbox.PostMessageKind)
        {
            return false;
        }

        var id = OutboxId(message);
        var threadTs = JsonNode.Parse(message.Payload)?["thread_ts"]?.GetValue<string>();
        var botId = installation.Identity?.BotId;
        return await SearchAsync(
            api,
            message,
            threadTs,
            message.CreatedAt - timings.HistoryMargin,
            posted => posted.Metadata is { EventType: SlackPayloads.OutboxEventType } metadata && metadata.PayloadId == id
                && (botId is null || posted.BotId == botId),
            cancellationToken);
    }

    /// <summary>
    /// Slack's three-step upload, resumable: the uploaded file's id is recorded on the row before
    /// <c>files.completeUploadExternal</c> (the step that shares it), so a retry never uploads a second file once the
    /// first may have been shared. When that completion's answer was lost (or its claimant died), the channel's
    /// history is searched for the file's share; Slack posts shares asynchronously, so until
    /// <see cref="SlackOutboxTimings.FileShareGrace"/> after the upload a missing share is waited for rather than
    /// completed again. After that the same file is completed again, or, if Slack no longer knows the upload, a new
    /// one is made. Uploads that were never completed are invisible in Slack and cost nothing.
    /// </summary>
    private async Task UploadAsync(SlackApiClient api, OutboundMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var file = JsonSerializer.Deserialize(message.Payload, SlackJsonContext.Default.SlackFileUpload)
            ?? throw new JsonException("The file upload payload is null.");
        if (message.Progress is { } recorded
            && JsonSerializer.Deserialize(recorded, SlackJsonContext.Default.SlackFileProgress) is { } uploaded)
        {
            if (message.OutcomeUnknown)
            {
                if (await SearchAsync(api, message, threadTs: null, uploaded.UploadedAt - timings.HistoryMargin, posted => posted.Files?.Any(f => f.Id == uploaded.FileId) == true, cancellationToken))
                {
                    SlackLog.OutboundFoundPosted(logger, message.Id, message.ChannelId, message.Kind);
                    return;
                }

                var settled = uploaded.UploadedAt + timings.FileShareGrace;
                if (now < settled)
                {
                    throw new FileSharePendingException(settled);
                }
            }

            try
            {
                await api.CompleteUploadAsync(uploaded.FileId, file.Title, file.ChannelId, file.InitialComment, cancellationToken);
                return;
            }
            catch (SlackApiException exception) when (exception.Error == "file_not_found")
            {
                // The upload expired before it was completed: nothing was shared, so upload it afresh.
                SlackLog.OutboundUploadRestarted(logger, message.Id, message.ChannelId);
            }
        }

        var content = System.Text.Encoding.UTF8.GetBytes(file.Content);
        var ticket = await api.GetUploadTicketAsync(file.FileName, content.Length, cancellationToken);
        await api.UploadBytesAsync(ticket.UploadUrl, content, cancellationToken);
        var progress = JsonSerializer.Serialize(new SlackFileProgress(ticket.FileId, Later(now)), SlackJsonContext.Default.SlackFileProgress);
        if (!await outbox.RecordProgressAsync(message.Id, Claimant, progress, cancellationToken))
        {
            throw new ClaimLostException();
        }

        await api.CompleteUploadAsync(ticket.FileId, file.Title, file.ChannelId, file.InitialComment, cancellationToken);
    }

    /// <summary>
    /// Looks through the channel's history (or the thread's replies) from <paramref name="oldest"/> for a message that
    /// <paramref name="matches"/>, newest first, at most <see cref="SlackOutboxTimings.HistoryPages"/> pages. A message
    /// posted to a person (a reminder: the channel is their user id) is in the bot's direct-message channel with them,
    /// found with <c>conversations.open</c>. A search Slack refuses for good (a scope the app was installed without),
    /// or one that runs out of pages, counts as not found and is logged; a passing failure (a 429, an outage) is
    /// thrown, so the message is tried again later, still unknown.
    /// </summary>
    private async Task<bool> SearchAsync(
        SlackApiClient api, OutboundMessage message, string? threadTs, DateTimeOffset oldest, Func<SlackHistoryMessage, bool> matches, CancellationToken cancellationToken)
    {
        var since = SlackTimestamp.Format(oldest < DateTimeOffset.UnixEpoch ? DateTimeOffset.UnixEpoch : oldest);
        string? cursor = null;
        try
        {
            var channel = IsUserId(message.ChannelId) ? await api.OpenDirectMessageAsync(message.ChannelId, cancellationToken) : message.ChannelId;
            for (var page = 0; page < timings.HistoryPages; page++)
            {
                var found = threadTs is null
                    ? await api.GetHistoryAsync(channel, cursor, timings.HistoryPageSize, since, includeAllMetadata: true, cancellationToken)
                    : await api.GetRepliesAsync(channel, threadTs, cursor, timings.HistoryPageSize, since, includeAllMetadata: true, cancellationToken);
                if (found.Messages.Any(matches))
                {
                    return true;
                }

                if (found.NextCursor is not { } next)
                {
                    return false;
                }

                cursor = next;
            }
        }
        catch (SlackApiException exception) when (!exception.IsTransient)
        {
            SlackLog.OutboundCheckFailed(logger, message.Id, message.ChannelId, exception.Error);
            return false;
        }

        SlackLog.OutboundCheckFailed(logger, message.Id, message.ChannelId, "history_not_exhausted");
        return false;
    }

    /// <summary>When an attempt ended: the iteration's time, or the clock's if that has moved on during the call.</summary>
    private DateTimeOffset Later(DateTimeOffset now)
    {
        var clock = timeProvider.GetUtcNow();
        return clock > now ? clock : now;
    }

    /// <param name="Reason">The error kept on the row (<c>http_503</c>, <c>ratelimited</c> …).</param>
    /// <param name="RetryAfter">When to try again, if the failure says (a 429's <c>Retry-After</c>); else back-off.</param>
    /// <param name="OutcomeUnknown">The failed call may have posted the message anyway.</param>
    private sealed record Failure(string Reason, bool Permanent, TimeSpan? RetryAfter, bool OutcomeUnknown);

    /// <summary>A completed upload's share is not in the channel yet, but may still come: look again at <see cref="CheckAt"/>.</summary>
    private sealed class FileSharePendingException : Exception
    {
        public FileSharePendingException()
            : this("The file's share may still be on its way.")
        {
        }

        public FileSharePendingException(string message)
            : base(message)
        {
        }

        public FileSharePendingException(string message, Exception innerException)
            : base(message, innerException)
        {
        }

        public FileSharePendingException(DateTimeOffset checkAt)
            : this() => CheckAt = checkAt;

        public DateTimeOffset CheckAt { get; }
    }

    /// <summary>The claim ended before a step that must not run twice: another worker has the message now.</summary>
    private sealed class ClaimLostException : Exception
    {
        public ClaimLostException()
            : this("The outbox claim was lost.")
        {
        }

        public ClaimLostException(string message)
            : base(message)
        {
        }

        public ClaimLostException(string message, Exception innerException)
            : base(message, innerException)
        {
        }
    }
}
