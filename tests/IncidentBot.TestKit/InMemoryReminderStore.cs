using IncidentBot.Core.Ports;
using IncidentBot.Core.Reminders;

namespace IncidentBot.TestKit;

/// <summary>
/// <see cref="IReminderStore"/> in memory, with the semantics of the SQL store (the storage contract tests run against
/// both): idempotent by (workspace, dedupe key), claims that only one claimant wins and that expire, instants in
/// UTC to the microsecond. Thread-safe; every call is atomic.
/// </summary>
public sealed class InMemoryReminderStore : IReminderStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, Reminder> _reminders = [];
    private long _lastId;
    private Func<Task>? _beforeNextCancel;

    /// <summary>
    /// Runs <paramref name="change"/> when the next cancellation arrives, before it takes effect: what another
    /// replica's change landing just then looks like.
    /// </summary>
    public void BeforeNextCancel(Func<Task> change) => _beforeNextCancel = change;

    public Task<int> ScheduleAsync(IReadOnlyList<Reminder> reminders, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminders);
        lock (_gate)
        {
            var added = 0;
            foreach (var reminder in reminders)
            {
                if (_reminders.Values.Any(r => IsIn(r.Workspace, reminder.Workspace) && IsIn(r.DedupeKey, reminder.DedupeKey)))
                {
                    continue;
                }

                var stored = reminder with
                {
                    Id = ++_lastId,
                    DueAt = Stored(reminder.DueAt),
                    CreatedAt = Stored(reminder.CreatedAt),
                    ClaimedBy = null,
                    ClaimedUntil = null,
                    Attempts = 0,
                    SentAt = null,
                    Late = false,
                    SkippedAt = null,
                    CancelledAt = null,
                    Note = null,
                };
                _reminders[stored.Id] = stored;
                added++;
            }

            return Task.FromResult(added);
        }
    }

    public async Task<int> CancelPendingAsync(string workspace, IReadOnlyCollection<ReminderKind> kinds, long subjectId, int throughRevision, DateTimeOffset cancelledAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        if (Interlocked.Exchange(ref _beforeNextCancel, null) is { } change)
        {
            await change();
        }

        lock (_gate)
        {
            var cancelled = 0;
            foreach (var reminder in _reminders.Values.ToList())
            {
                if (IsIn(reminder.Workspace, workspace) && kinds.Contains(reminder.Kind) && reminder.SubjectId == subjectId && reminder.IsPending
                    && reminder.Revision <= throughRevision
                    && (reminder.ClaimedBy is null || reminder.ClaimedUntil <= cancelledAt))
                {
                    _reminders[reminder.Id] = reminder with { CancelledAt = Stored(cancelledAt) };
                    cancelled++;
                }
            }

            return cancelled;
        }
    }

    public Task<IReadOnlyList<Reminder>> ClaimDueAsync(string claimant, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var due = _reminders.Values
                .Where(r => r.IsPending && r.DueAt <= now && (r.ClaimedUntil is null || r.ClaimedUntil <= now))
                .OrderBy(r => r.DueAt)
                .ThenBy(r => r.Id)
                .Take(max)
                .ToList();
            IReadOnlyList<Reminder> claimed = [.. due.Select(r => _reminders[r.Id] = r with { ClaimedBy = claimant, ClaimedUntil = Stored(now + lease) })];
            return Task.FromResult(claimed);
        }
    }

    public Task<bool> MarkSentAsync(long id, string claimant, DateTimeOffset sentAt, bool late, CancellationToken cancellationToken) =>
        Complete(id, claimant, r => r with { SentAt = Stored(sentAt), Late = late, ClaimedUntil = null, Attempts = r.Attempts + 1 });

    public Task<bool> MarkSkippedAsync(long id, string claimant, DateTimeOffset skippedAt, string reason, CancellationToken cancellationToken) =>
        Complete(id, claimant, r => r with { SkippedAt = Stored(skippedAt), Note = reason, ClaimedUntil = null });

    public Task<bool> ReleaseAsync(long id, string claimant, DateTimeOffset retryAt, string failure, CancellationToken cancellationToken) =>
        Complete(id, claimant, r => r with { ClaimedBy = null, ClaimedUntil = Stored(retryAt), Attempts = r.Attempts + 1, Note = failure });

    public Task<IReadOnlyList<Reminder>> ListAsync(string workspace, long? subjectId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<Reminder> list = [.. _reminders.Values
                .Where(r => IsIn(r.Workspace, workspace) && (subjectId is null || r.SubjectId == subjectId))
                .OrderBy(r => r.DueAt)
                .ThenBy(r => r.Id)];
            return Task.FromResult(list);
        }
    }

    /// <summary>Every reminder of every workspace, for tests that look across them.</summary>
    public IReadOnlyList<Reminder> All()
    {
        lock (_gate)
        {
            return [.. _reminders.Values.OrderBy(r => r.DueAt).ThenBy(r => r.Id)];
        }
    }

    private Task<bool> Complete(long id, string claimant, Func<Reminder, Reminder> change)
    {
        lock (_gate)
        {
            if (!_reminders.TryGetValue(id, out var reminder) || !reminder.IsPending || !IsIn(reminder.ClaimedBy ?? string.Empty, claimant))
            {
                return Task.FromResult(false);
            }

            _reminders[id] = change(reminder);
            return Task.FromResult(true);
        }
    }

    private static bool IsIn(string value, string wanted) => string.Equals(value, wanted, StringComparison.Ordinal);

    private static DateTimeOffset Stored(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
}
