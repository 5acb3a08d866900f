namespace IncidentBot.Slack.WebApi;

/// <summary>
/// A Web API call that did not succeed: Slack's <c>ok:false</c> with its error code (<c>channel_not_found</c>,
/// <c>name_taken</c> …), a rate limit that outlasted the retries (<c>ratelimited</c>, with <see cref="RetryAfter"/>),
/// or an HTTP failure (<c>http_503</c>).
/// </summary>
internal sealed class SlackApiException : Exception
{
    public SlackApiException()
        : this("unknown_error", "unknown")
    {
    }

    public SlackApiException(string message)
        : this(message, "unknown")
    {
    }

    public SlackApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = message;
        Method = "unknown";
    }

    public SlackApiException(string error, string method, TimeSpan? retryAfter = null, IReadOnlyList<string>? details = null)
        : base(Describe(error, method, details))
    {
        Error = error;
        Method = method;
        RetryAfter = retryAfter;
        Details = details ?? [];
    }

    /// <summary>Not Slack's: a command queued to run later threw; the outbox runs it again after its back-off.</summary>
    public const string CommandFailed = "command_failed";

    /// <summary>Slack's error code, e.g. <c>not_in_channel</c>.</summary>
    public string Error { get; }

    /// <summary>The Web API method, e.g. <c>chat.postMessage</c>.</summary>
    public string Method { get; }

    /// <summary>For <c>ratelimited</c>: how long Slack asked us to wait.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary><c>response_metadata.messages</c>, for <c>invalid_arguments</c>.</summary>
    public IReadOnlyList<string> Details { get; } = [];

    /// <summary>
    /// Worth trying again later: rate limits, Slack-side failures (5xx, <c>internal_error</c> …), an unreachable Slack
    /// or an answer that was not Slack's JSON (a proxy's error page), and a deferred command that failed to run
    /// (<see cref="CommandFailed"/>: the database was unreachable, say). Not what the request itself got wrong
    /// (<c>channel_not_found</c>, <c>invalid_auth</c>, an HTTP 4xx).
    /// </summary>
    public bool IsTransient =>
        Error is "ratelimited" or "rate_limited" or "internal_error" or "fatal_error" or "service_unavailable" or "request_timeout"
            or "http_unreachable" or "http_timeout" or "http_408" or "http_429" or "invalid_response" or CommandFailed
        || Error.StartsWith("http_5", StringComparison.Ordinal);

    /// <summary>
    /// The call may have taken effect although it failed here: no answer came (a broken connection,
    /// <c>http_timeout</c>), the answer was not Slack's (a proxy's error page: <c>invalid_response</c>, HTTP 5xx or 408),
    /// or Slack's own "some aspect may have succeeded" errors (<c>internal_error</c>, <c>fatal_error</c>,
    /// <c>service_unavailable</c>). A 429 is certain: Slack refused the call before doing anything, as it did for any
    /// other <c>ok:false</c>.
    /// </summary>
    public bool OutcomeUnknown =>
        Error is "http_unreachable" or "http_timeout" or "http_408" or "invalid_response" or "internal_error" or "fatal_error" or "service_unavailable"
        || Error.StartsWith("http_5", StringComparison.Ordinal);

    private static string Describe(string error, string method, IReadOnlyList<string>? details) =>
        details is { Count: > 0 } ? $"{method} failed: {error} ({string.Join("; ", details)})" : $"{method} failed: {error}";
}
