namespace IncidentBot.Slack.SocketMode;

/// <summary>How patient the Socket Mode client is. The defaults suit Slack; tests shorten them.</summary>
internal sealed record SocketModeTimings
{
    /// <summary>Slack sends <c>hello</c> right after the socket opens; no hello by then means a bad connection.</summary>
    public TimeSpan HelloTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>First wait after a dropped socket or a failed connect; doubles up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>After a <c>disconnect</c> frame, how long envelopes still running may take to be acknowledged on the old socket.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A connection shorter than this that ends in a disconnect request counts as a quick disconnect (backed off).</summary>
    public TimeSpan MinHealthyConnection { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxFrameBytes { get; init; } = 1024 * 1024;

    public TimeSpan Backoff(int failures)
    {
        var factor = Math.Pow(2, Math.Clamp(failures - 1, 0, 20));
        var wait = TimeSpan.FromTicks((long)Math.Min(InitialBackoff.Ticks * factor, MaxBackoff.Ticks));
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }
}
