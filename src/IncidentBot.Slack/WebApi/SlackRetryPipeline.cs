using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace IncidentBot.Slack.WebApi;

/// <summary>
/// The Web API's retry rules (Polly 8, timed by the injected <see cref="TimeProvider"/>): HTTP 429 waits exactly
/// the <c>Retry-After</c> Slack asked for; 5xx answers and network failures back off exponentially with jitter;
/// at most <see cref="MaxRetries"/> retries, and a <c>Retry-After</c> longer than <see cref="MaxRetryAfter"/> is
/// not waited out in-line but surfaced as <see cref="SlackApiException"/> (<c>ratelimited</c>) for the caller's queue.
/// </summary>
internal sealed class SlackRetryPipeline
{
    public const int MaxRetries = 4;
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);

    /// <summary>Slack's advice when a 429 carries no Retry-After is to back off; python-slack-sdk waits 30 s. Ours is shorter and bounded.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(5);

    public static readonly ResiliencePropertyKey<string> MethodKey = new("slack.method");

    public SlackRetryPipeline(TimeProvider timeProvider, ILogger<SlackRetryPipeline> logger)
    {
        Pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(1),
                MaxDelay = TimeSpan.FromSeconds(30),
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, timeProvider)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } response
                        ? RetryAfter(response, timeProvider)
                        : null),
                OnRetry = args =>
                {
                    args.Context.Properties.TryGetValue(MethodKey, out var method);
                    SlackLog.ApiRetry(logger, method ?? "unknown", (int?)args.Outcome.Result?.StatusCode ?? 0, args.AttemptNumber + 1, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public ResiliencePipeline<HttpResponseMessage> Pipeline { get; }

    /// <summary>How long a 429 asks us to wait: <c>Retry-After</c> in seconds or as a date; a default when absent.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return DefaultRetryAfter;
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeProvider timeProvider) => outcome switch
    {
        { Exception: HttpRequestException } => true,
        { Exception: TaskCanceledException { InnerException: TimeoutException } } => true,
        { Result.StatusCode: HttpStatusCode.TooManyRequests } => RetryAfter(outcome.Result!, timeProvider) <= MaxRetryAfter,
        { Result: { } response } => (int)response.StatusCode >= 500,
        _ => false,
    };
}
