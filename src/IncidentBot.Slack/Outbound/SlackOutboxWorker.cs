using IncidentBot.Slack.WebApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IncidentBot.Slack.Outbound;

/// <summary>
/// Posts what <see cref="InMemorySlackOutbox"/> holds, one message at a time, so in order. Transient failures
/// (rate limits past the client's own retries, Slack outages) are retried with back-off up to <see cref="MaxAttempts"/>; permanent ones (<c>channel_not_found</c>)
/// are logged and dropped.
/// </summary>
internal sealed class SlackOutboxWorker(
    InMemorySlackOutbox outbox,
    IServiceScopeFactory scopes,
    TimeProvider timeProvider,
    ILogger<SlackOutboxWorker> logger) : BackgroundService
{
    public const int MaxAttempts = 5;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var message in outbox.Reader.ReadAllAsync(stoppingToken))
        {
            await DeliverAsync(message, stoppingToken);
        }
    }

    internal async Task DeliverAsync(SlackOutboundMessage message, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var api = scope.ServiceProvider.GetRequiredService<SlackApiClient>();
                if (message.EphemeralUserId is { } user)
                {
                    await api.PostEphemeralAsync(message.ChannelId, user, message.Message, cancellationToken);
                }
                else
                {
                    await api.PostMessageAsync(message.ChannelId, message.Message, message.ThreadTs, cancellationToken);
                }

                return;
            }
            catch (SlackApiException exception) when (exception.IsTransient && attempt < MaxAttempts)
            {
                var delay = exception.RetryAfter ?? TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, attempt)));
                SlackLog.OutboundRetry(logger, exception, message.ChannelId, attempt, delay);
                await Task.Delay(delay, timeProvider, cancellationToken);
            }
            catch (SlackApiException exception)
            {
                SlackLog.OutboundDropped(logger, exception, message.ChannelId, attempt);
                return;
            }
        }
    }
}
