using System.Globalization;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Postmortems;
using IncidentBot.Core.Reviews;
using Microsoft.Extensions.Logging;

namespace IncidentBot.Core.Reminders;

/// <summary>What one delivery run did.</summary>
public sealed record DeliveryReport(int Sent, int Late, int Skipped, int Failed)
{
    public static readonly DeliveryReport None = new(0, 0, 0, 0);

    public int Claimed => Sent + Skipped + Failed;
}

/// <summary>
/// The reminder use case the scheduler's job calls with the current time. It plans today's overdue digests, then
/// claims the reminders that are due (an expiring claim in the database, so two replicas never both take one),
/// checks each against its subject as it is now (<see cref="ReminderPolicy.Decide"/>), sends it through the
/// platform's <see cref="IChatNotifier"/> and marks it sent, late when it was due well before now. A failed send
/// is released and retried with back-off; one that keeps failing is given up with its error on record.
/// </summary>
/// <remarks>
/// A process that dies after posting but before the reminder is marked sent leaves the claim to expire, and the
/// reminder is posted again: each post names the reminder (<see cref="OutboundKey"/>), so a platform with a durable
/// outbox (Slack) queues it only once. A platform that posts at once without such a key (the sandbox) may show it twice.
/// One kind is an action as well as a message: when an ask to facilitate goes unanswered
/// (<see cref="ReminderKind.FacilitatorAskExpired"/>), <see cref="ReviewService.HandOverUnansweredAskAsync"/> changes
/// the review first and says what to post; it is safe to run again after a crash at any point.
/// </remarks>
public sealed partial class ReminderDelivery(
    IReminderStore reminders,
    IReviewStore reviews,
    IActionItemStore actionItems,
    IIncidentStore incidents,
    IPostmortemStore postmortems,
    IEnumerable<IChatNotifier> notifiers,
    ReminderPolicy policy,
    ReminderMessages messages,
    ReviewService reviewService,
    ILogger<ReminderDelivery> logger)
{
    public const int BatchSize = 50;
    public const int MaxAttempts = 8;

    /// <summary>How long a claim holds: far longer than sending one batch takes.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private const int MaxBatchesPerRun = 20;
    private readonly Dictionary<Platform, IChatNotifier> _notifiers = notifiers.GroupBy(n => n.Platform).ToDictionary(g => g.Key, g => g.First());

    /// <summary>Who this instance claims reminders as: unique per instance, so two replicas (or two tests) never share claims.</summary>
    public string Claimant { get; } = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}");

    public async Task<DeliveryReport> DeliverDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await PlanDigestsAsync(now, cancellationToken);
        var report = DeliveryReport.None;
        for (var batch = 0; batch < MaxBatchesPerRun; batch++)
        {
            var claimed = await reminders.ClaimDueAsync(Claimant, now, Lease, BatchSize, cancellationToken);
            foreach (var reminder in claimed)
            {
                report = Add(report, await DeliverAsync(reminder, now, cancellationToken));
            }

            if (claimed.Count < BatchSize)
            {
                break;
            }
        }

        return report;
    }

    /// <summary>Today's digest for every workspace with a digest channel, once its local time has come (idempotent).</summary>
    private async Task PlanDigestsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (policy.DigestDueAt(now) is not { } dueAt)
        {
            return;
        }

        var subscriptions = await reviews.ListDigestSubscriptionsAsync(cancellationToken);
        if (subscriptions.Count > 0)
        {
            await reminders.ScheduleAsync([.. subscriptions.Select(s => policy.Digest(s.Workspace, s.Channel, dueAt, now))], cancellationToken);
        }
    }

    private async Task<Outcome> DeliverAsync(Reminder reminder, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var subject = await LoadAsync(reminder, now, cancellationToken);
            var decision = policy.Decide(reminder, subject, now);
            if (!decision.Send)
            {
                return await SkipAsync(reminder, decision.SkipReason!, now, cancellationToken);
            }

            var late = ReminderPolicy.IsLate(reminder, now);
            if (reminder.Kind == ReminderKind.FacilitatorAskExpired)
            {
                // The review is changed (and saved) before anything is posted; see HandOverUnansweredAskAsync for why a
                // crash anywhere in between is finished, not repeated, by the retry.
                var handover = await reviewService.HandOverUnansweredAskAsync(reminder, subject.Incident!, subject.Review!, now, cancellationToken);
                if (handover.SkipReason is { } reason)
                {
                    return await SkipAsync(reminder, reason, now, cancellationToken);
                }

                for (var i = 0; i < handover.Messages.Count; i++)
                {
                    var message = handover.Messages[i];
                    var key = i == 0 ? OutboundKey(reminder) : string.Create(CultureInfo.InvariantCulture, $"{OutboundKey(reminder)}:{i}");
                    await NotifierFor(message.Channel).PostAsync(reminder.Workspace, message.Channel, message.Message, key, cancellationToken);
                }
            }
            else
            {
                await NotifierFor(reminder.Recipient).PostAsync(reminder.Workspace, reminder.Recipient, messages.Compose(reminder, subject, late, now), OutboundKey(reminder), cancellationToken);
            }

            if (!await reminders.MarkSentAsync(reminder.Id, Claimant, now, late, cancellationToken))
            {
                LogClaimLost(reminder.Id);
            }

            return late ? Outcome.SentLate : Outcome.Sent;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Only shutdown stops the batch: a post that timed out (a TaskCanceledException of its own) is a failed
            // attempt like any other, retried with back-off.
            await FailAsync(reminder, now, exception, cancellationToken);
            return Outcome.Failed;
        }
    }

    private async Task<Outcome> SkipAsync(Reminder reminder, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await reminders.MarkSkippedAsync(reminder.Id, Claimant, now, reason, cancellationToken);
        LogSkipped(reminder.Id, reminder.Kind, reason);
        return Outcome.Skipped;
    }

    private IChatNotifier NotifierFor(ChannelRef channel) =>
        _notifiers.TryGetValue(channel.Platform, out var notifier)
            ? notifier
            : throw new InvalidOperationException($"No chat platform is configured to send to {channel.Platform}.");

    private async Task FailAsync(Reminder reminder, DateTimeOffset now, Exception exception, CancellationToken cancellationToken)
    {
        var attempts = reminder.Attempts + 1;
        if (attempts >= MaxAttempts)
        {
            LogGaveUp(exception, reminder.Id, reminder.Kind, attempts);
            await reminders.MarkSkippedAsync(reminder.Id, Claimant, now, $"gave up after {attempts} attempts: {exception.Message}", cancellationToken);
            return;
        }

        var backoff = TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, attempts - 1)));
        LogRetrying(exception, reminder.Id, reminder.Kind, attempts, backoff);
        await reminders.ReleaseAsync(reminder.Id, Claimant, now + backoff, exception.Message, cancellationToken);
    }

    /// <summary>Reads what the reminder is about, as it is now: the source of truth, not what was true when it was planned.</summary>
    private async Task<ReminderSubject> LoadAsync(Reminder reminder, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var workspace = reminder.Workspace;
        if (reminder.Kind == ReminderKind.OverdueDigest)
        {
            var today = policy.Calendar.Today(now);
            var overdue = (await actionItems.ListOpenAsync(workspace, ownerId: null, cancellationToken)).Where(i => i.IsOverdueOn(today)).ToList();
            var byId = new Dictionary<long, Incident?>();
            foreach (var id in overdue.Select(i => i.IncidentId).Distinct())
            {
                byId[id] = await incidents.FindByIdAsync(workspace, id, cancellationToken);
            }

            return ReminderSubject.Nothing with { Overdue = [.. overdue.Select(i => new OverdueItem(i, byId[i.IncidentId]))] };
        }

        var incident = await incidents.FindByIdAsync(workspace, reminder.IncidentId, cancellationToken);
        if (reminder.Kind is ReminderKind.ActionDueSoon or ReminderKind.ActionDueToday)
        {
            var item = await actionItems.FindAsync(workspace, (int)reminder.SubjectId, cancellationToken);
            return ReminderSubject.Nothing with { Incident = incident, Item = item };
        }

        if (incident is null)
        {
            return ReminderSubject.Nothing;
        }

        var review = await reviews.GetAsync(workspace, incident.Id, cancellationToken);
        var contributors = (await postmortems.GetNotesAsync(workspace, incident.Id, cancellationToken))
            .Where(n => n.Kind == PostmortemNoteKind.Perspective)
            .Select(n => n.Author.Id)
            .ToHashSet(StringComparer.Ordinal);
        var subject = new ReminderSubject(incident, review, null, contributors, []);
        return (reminder.Kind, review) switch
        {
            (ReminderKind.FacilitatorAskExpired, not null) =>
                subject with { Passed = (await reviews.ListPassesAsync(workspace, review.Id, cancellationToken)).ToHashSet(StringComparer.Ordinal) },
            (ReminderKind.InputFollowUp or ReminderKind.ReviewUpcoming, not null) => subject with
            {
                AccountRequestedAt = (await reminders.ListAsync(workspace, review.Id, cancellationToken))
                    .FirstOrDefault(r => r.Kind == ReminderKind.InputRequest && string.Equals(r.Recipient.Id, reminder.Recipient.Id, StringComparison.Ordinal))?.SentAt,
            },
            _ => subject,
        };
    }

    /// <summary>What names a reminder's message for the notifier's deduplication: the reminder's id and kind.</summary>
    public static string OutboundKey(Reminder reminder)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        return string.Create(CultureInfo.InvariantCulture, $"reminder:{reminder.Id}:{reminder.Kind}");
    }

    private static DeliveryReport Add(DeliveryReport report, Outcome outcome) => outcome switch
    {
        Outcome.Sent => report with { Sent = report.Sent + 1 },
        Outcome.SentLate => report with { Sent = report.Sent + 1, Late = report.Late + 1 },
        Outcome.Skipped => report with { Skipped = report.Skipped + 1 },
        _ => report with { Failed = report.Failed + 1 },
    };

    [LoggerMessage(EventId = 5001, Level = LogLevel.Debug, Message = "Reminder {ReminderId} ({Kind}) skipped: {Reason}")]
    private partial void LogSkipped(long reminderId, ReminderKind kind, string reason);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Reminder {ReminderId} ({Kind}) failed on attempt {Attempt}; retrying in {Backoff}")]
    private partial void LogRetrying(Exception exception, long reminderId, ReminderKind kind, int attempt, TimeSpan backoff);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Error, Message = "Reminder {ReminderId} ({Kind}) given up after {Attempts} attempts")]
    private partial void LogGaveUp(Exception exception, long reminderId, ReminderKind kind, int attempts);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Reminder {ReminderId} was sent, but its claim had expired and passed to another instance")]
    private partial void LogClaimLost(long reminderId);

    private enum Outcome
    {
        Sent,
        SentLate,
        Skipped,
        Failed,
    }
}
