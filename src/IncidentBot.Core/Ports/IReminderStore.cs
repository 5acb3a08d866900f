using IncidentBot.Core.Reminders;

namespace IncidentBot.Core.Ports;

/// <summary>
/// Reminders as rows: what, to whom, due when, claimed by whom until when, sent when. Scheduling is idempotent by
/// (workspace, dedupe key); claiming is an update only one claimant can win, and a claim expires so a replica
/// that dies mid-delivery does not hold its reminders forever.
/// </summary>
public interface IReminderStore
{
    /// <summary>Adds the reminders whose (workspace, <see cref="Reminder.DedupeKey"/>) is new; returns how many it added.</summary>
    Task<int> ScheduleAsync(IReadOnlyList<Reminder> reminders, CancellationToken cancellationToken);

    /// <summary>
    /// Cancels the pending reminders of these kinds about one subject (a review or an action item) that are not
    /// claimed right now and were planned for its state <paramref name="throughRevision"/> or an earlier one; returns
    /// how many. A change withdraws what was planned before it, never what a later change has planned since: two
    /// changes that race (a move and a handover) would otherwise each withdraw the other's new reminders.
    /// </summary>
    Task<int> CancelPendingAsync(string workspace, IReadOnlyCollection<ReminderKind> kinds, long subjectId, int throughRevision, DateTimeOffset cancelledAt, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="max"/> pending reminders due at <paramref name="now"/> (oldest due first) that
    /// nobody holds a live claim on, until now + <paramref name="lease"/>, across all workspaces (each row says its own).
    /// </summary>
    Task<IReadOnlyList<Reminder>> ClaimDueAsync(string claimant, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken);

    /// <summary>Marks a claimed reminder sent. False when the claim was lost (it expired and someone else holds it).</summary>
    Task<bool> MarkSentAsync(long id, string claimant, DateTimeOffset sentAt, bool late, CancellationToken cancellationToken);

    /// <summary>Marks a claimed reminder skipped because it no longer applies. False when the claim was lost.</summary>
    Task<bool> MarkSkippedAsync(long id, string claimant, DateTimeOffset skippedAt, string reason, CancellationToken cancellationToken);

    /// <summary>Releases a claimed reminder after a failed delivery, to be tried again from <paramref name="retryAt"/>.</summary>
    Task<bool> ReleaseAsync(long id, string claimant, DateTimeOffset retryAt, string failure, CancellationToken cancellationToken);

    /// <summary>The workspace's reminders about one subject (and, with <paramref name="subjectId"/> null, all of them), by due time.</summary>
    Task<IReadOnlyList<Reminder>> ListAsync(string workspace, long? subjectId, CancellationToken cancellationToken);
}
