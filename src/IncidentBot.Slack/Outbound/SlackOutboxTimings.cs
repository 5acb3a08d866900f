namespace IncidentBot.Slack.Outbound;

/// <summary>How <see cref="SlackOutboxWorker"/> paces itself; tests shorten these.</summary>
internal sealed record SlackOutboxTimings
{
    /// <summary>How often the worker looks for due messages when nothing woke it (retries, other replicas' messages).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a claim lasts. Longer than any delivery can take at 30 s a call: finding a direct-message channel and
    /// searching <see cref="HistoryPages"/> pages of it, a completion Slack no longer knows, then a fresh three-step
    /// upload (at most ten calls), so another replica never takes over a message that is still being sent.
    /// </summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(6);

    /// <summary>Messages claimed at once; at most one per channel.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Channels delivered to at the same time.</summary>
    public int Parallelism { get; init; } = 4;

    /// <summary>After a Slack outage (5xx, network) the first retry waits this, then twice as long each time.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A message Slack keeps refusing for a passing reason is dead-lettered (kept, with its error) after this long.</summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromDays(1);

    public TimeSpan HousekeepingInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Delivered messages are deleted after this long.</summary>
    public TimeSpan KeepDelivered { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Processed inbound deliveries are forgotten after this long; Slack stops retrying after minutes.</summary>
    public TimeSpan KeepDeliveryIds { get; init; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Before sending again a message whose earlier attempt may have reached Slack, its history is searched from the
    /// message's creation minus this margin (clocks differ; Slack stamps the message when it posts it).
    /// </summary>
    public TimeSpan HistoryMargin { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Messages per page of that search (Slack caps some apps lower; pages then hold fewer).</summary>
    public int HistoryPageSize { get; init; } = 200;

    /// <summary>Pages searched at most; past them the message is taken as not posted and sent (logged).</summary>
    public int HistoryPages { get; init; } = 5;

    /// <summary>
    /// Slack shares a completed upload in the channel asynchronously, shortly after answering. After a completion
    /// whose answer was lost, the share is looked for until this long after the upload before completing it again.
    /// </summary>
    public TimeSpan FileShareGrace { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The back-off before retry number <paramref name="attempts"/> + 1.</summary>
    public TimeSpan Backoff(int attempts)
    {
        var seconds = InitialBackoff.TotalSeconds * Math.Pow(2, Math.Clamp(attempts, 0, 30));
        return seconds >= MaxBackoff.TotalSeconds ? MaxBackoff : TimeSpan.FromSeconds(seconds);
    }
}
