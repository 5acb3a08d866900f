using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using Microsoft.Extensions.Logging;

namespace IncidentBot.Slack.Inbound;

/// <summary>
/// Slack re-delivers an event (same <c>event_id</c>) when it saw no 2xx within three seconds, sometimes while the
/// first delivery is still running, and possibly to another replica or after a restart. This runs the work once per
/// id, recorded in the database (<see cref="IDeliveryLedger"/>): a re-delivery of processed work is a no-op; one that
/// overlaps a delivery in progress waits briefly for it and, if it is still running, answers <see cref="DeliveryOutcome.Busy"/>
/// so that Slack tries again later (an ack then could lose the event should the first delivery fail); a delivery
/// whose work failed is released, so Slack's next retry runs it again; and one whose process died mid-way is taken
/// over by a retry once its <see cref="Lease"/> has run out.
/// </summary>
internal sealed class SlackDeliveryDeduplicator(
    IDeliveryLedger ledger,
    SlackDeliveryTimings timings,
    TimeProvider timeProvider,
    ILogger<SlackDeliveryDeduplicator> logger)
{
    public async Task<DeliveryOutcome> RunOnceAsync(string teamId, string? deliveryId, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (string.IsNullOrEmpty(deliveryId))
        {
            await work(cancellationToken);
            return DeliveryOutcome.Ran;
        }

        var workspace = Workspace.Key(Platform.Slack, teamId);
        var owner = Guid.NewGuid().ToString("N");
        for (var wait = 0; ; wait++)
        {
            var start = await ledger.TryBeginAsync(workspace, deliveryId, owner, timeProvider.GetUtcNow(), timings.Lease, cancellationToken);
            if (start == DeliveryStart.AlreadyDone)
            {
                return DeliveryOutcome.Duplicate;
            }

            if (start == DeliveryStart.Begun)
            {
                break;
            }

            if (wait >= timings.OverlapPolls)
            {
                SlackLog.DeliveryBusy(logger, deliveryId);
                return DeliveryOutcome.Busy;
            }

            await Task.Delay(timings.OverlapPollInterval, timeProvider, cancellationToken);
        }

        try
        {
            await work(cancellationToken);
        }
        catch
        {
            // CancellationToken.None, not the request's token: the release must happen even when the request was aborted.
            try
            {
                await ledger.ReleaseAsync(workspace, deliveryId, owner, CancellationToken.None);
            }
            catch (Exception releaseFailure)
            {
                // The work's own error is the one to report; the unreleased delivery is taken over when its lease ends.
                SlackLog.DeliveryReleaseFailed(logger, releaseFailure, deliveryId);
            }

            throw;
        }

        // The work is done and durable: record it even if the request is being aborted, or a retry would wait out the lease.
        await ledger.CompleteAsync(workspace, deliveryId, owner, timeProvider.GetUtcNow(), CancellationToken.None);
        return DeliveryOutcome.Ran;
    }
}

internal enum DeliveryOutcome
{
    /// <summary>This call did the work.</summary>
    Ran,

    /// <summary>The work was done already by an earlier delivery.</summary>
    Duplicate,

    /// <summary>An earlier delivery is still doing the work; ask Slack to retry later.</summary>
    Busy,
}

/// <summary>How long a delivery may be held, and how an overlapping delivery waits for it; tests shorten these.</summary>
internal sealed record SlackDeliveryTimings
{
    /// <summary>
    /// Longer than any processing takes (a declare creates a channel through the Web API), shorter than Slack's
    /// five-minute last retry, so a delivery whose process died is taken over by a retry.
    /// </summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>An overlapping delivery looks again this often …</summary>
    public TimeSpan OverlapPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>… this many times (well inside Slack's three seconds) before answering that it is busy.</summary>
    public int OverlapPolls { get; init; } = 20;

    /// <summary>
    /// The most a Web API call made while answering may take (<c>users.info</c> for an event's author, <c>views.open</c>
    /// for the declare form), measured with the <see cref="TimeProvider"/>, with no in-line retries: well inside Slack's
    /// three seconds. Over it, the answer goes out without what the call would have added.
    /// </summary>
    public TimeSpan InlineCallBudget { get; init; } = TimeSpan.FromSeconds(1.5);
}
