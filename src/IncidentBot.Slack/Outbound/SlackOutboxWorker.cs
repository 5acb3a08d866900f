using System.Globalization;
using System.Text.Json;
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
                installation.Learn(await scope.ServiceProvider.GetRequiredService<SlackApiClient>().WithoutInlineRetries().AuthTestAsync(cancellationToken));
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
        string? failure;
        TimeSpan? retryAfter = null;
        bool permanent;
        try
        {
            await SendAsync(api, message, cancellationToken);
            if (!await outbox.MarkDeliveredAsync(message.Id, Claimant, Later(now), cancellationToken))
            {
                SlackLog.OutboundClaimLost(logger, message.Id, message.ChannelId);
            }

            return;
        }
        catch (SlackApiException exception)
        {
            failure = exception.Error;
            permanent = !exception.IsTransient;
            retryAfter = exception.RetryAfter;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient's own timeout: Slack did not answer in time.
            (failure, permanent) = ("timeout", false);
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            // A payload this version cannot send: retrying will not change that.
            (failure, permanent) = ($"invalid_payload: {exception.Message}", true);
        }

        var at = Later(now);
        if (permanent || at - message.CreatedAt >= timings.GiveUpAfter)
        {
            var reason = permanent ? failure : string.Create(CultureInfo.InvariantCulture, $"gave up after {message.Attempts + 1} attempts: {failure}");
            SlackLog.OutboundDeadLettered(logger, message.Id, message.ChannelId, message.Kind, reason);
            await outbox.MarkFailedAsync(message.Id, Claimant, at, reason, cancellationToken);
            return;
        }

        var wait = retryAfter ?? timings.Backoff(message.Attempts);
        SlackLog.OutboundRetry(logger, message.Id, message.ChannelId, failure, message.Attempts + 1, wait);
        await outbox.MarkRetryAsync(message.Id, Claimant, at + wait, failure, cancellationToken);
    }

    private async Task SendAsync(SlackApiClient api, OutboundMessage message, CancellationToken cancellationToken)
    {
        switch (message.Kind)
        {
            case SlackOutbox.PostMessageKind:
                await api.SendRenderedAsync("chat.postMessage", message.Payload, cancellationToken);
                break;
            case SlackOutbox.PostEphemeralKind:
                await api.SendRenderedAsync("chat.postEphemeral", message.Payload, cancellationToken);
                break;
            case SlackOutbox.FileUploadKind:
                var file = JsonSerializer.Deserialize(message.Payload, SlackJsonContext.Default.SlackFileUpload)
                    ?? throw new JsonException("The file upload payload is null.");
                await api.UploadFileAsync(file.FileName, System.Text.Encoding.UTF8.GetBytes(file.Content), file.ChannelId, file.Title, file.InitialComment, cancellationToken);
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

    /// <summary>When an attempt ended: the iteration's time, or the clock's if that has moved on during the call.</summary>
    private DateTimeOffset Later(DateTimeOffset now)
    {
        var clock = timeProvider.GetUtcNow();
        return clock > now ? clock : now;
    }
}
