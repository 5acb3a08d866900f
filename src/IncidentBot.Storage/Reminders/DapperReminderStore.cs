using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Dapper;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Reminders;
using IncidentBot.Storage.Dialects;
using IncidentBot.Storage.Reviews;

namespace IncidentBot.Storage.Reminders;

/// <summary>
/// <see cref="IReminderStore"/> over SQL. Claiming is one <c>UPDATE … RETURNING</c> whose rows only one claimant can
/// win: on SQLite every write takes the database's write lock, so a second claimer runs after the first and no
/// longer finds the rows due and unclaimed; on PostgreSQL the rows are picked <c>FOR UPDATE SKIP LOCKED</c>, so a
/// second claimer skips what the first holds, and the outer condition is checked again on the latest row.
/// </summary>
internal sealed class DapperReminderStore(StorageDatabase database) : IReminderStore
{
    private const string Columns = """
        id, workspace, kind, subject_id, incident_id, recipient_platform, recipient_id, recipient_name, due_at, revision,
        dedupe_key, created_at, claimed_by, claimed_until, attempts, sent_at, late, skipped_at, cancelled_at, note
        """;

    private const string Pending = "sent_at IS NULL AND skipped_at IS NULL AND cancelled_at IS NULL";

    private const string Claimable = $"{Pending} AND due_at <= @now AND (claimed_until IS NULL OR claimed_until <= @now)";

    // SQLite: the UPDATE takes the database's write lock, so a second claimer runs after the first commits and its
    // subquery no longer finds those rows claimable.
    private const string ClaimSqliteSql = $"""
        UPDATE reminder SET claimed_by = @claimant, claimed_until = @until
        WHERE id IN (SELECT id FROM reminder WHERE {Claimable} ORDER BY due_at, id LIMIT @max)
        RETURNING {Columns};
        """;

    // PostgreSQL: the rows are picked once, in a CTE, FOR UPDATE SKIP LOCKED (a LIMIT inside IN (…) may be run more
    // than once and pick more rows); a second claimer skips what the first holds, and the outer condition is checked
    // again on the row's latest version.
    private static readonly string ClaimPostgresSql = $"""
        WITH picked AS (
            SELECT id FROM reminder WHERE {Claimable} ORDER BY due_at, id LIMIT @max FOR UPDATE SKIP LOCKED)
        UPDATE reminder SET claimed_by = @claimant, claimed_until = @until
        FROM picked
        WHERE reminder.id = picked.id AND reminder.sent_at IS NULL AND reminder.skipped_at IS NULL AND reminder.cancelled_at IS NULL
          AND (reminder.claimed_until IS NULL OR reminder.claimed_until <= @now)
        RETURNING {Qualified(Columns)};
        """;

    private readonly Dialects.SqlDialect _dialect = database.Dialect;

    public async Task<int> ScheduleAsync(IReadOnlyList<Reminder> reminders, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminders);
        if (reminders.Count == 0)
        {
            return 0;
        }

        return await database.WriteAsync(async (connection, transaction) =>
        {
            var added = 0;
            foreach (var reminder in reminders)
            {
                added += await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO reminder (
                        workspace, kind, subject_id, incident_id, recipient_platform, recipient_id, recipient_name, due_at, revision,
                        dedupe_key, created_at, attempts, late)
                    VALUES (
                        @workspace, @kind, @subjectId, @incidentId, @recipientPlatform, @recipientId, @recipientName, @dueAt, @revision,
                        @dedupeKey, @createdAt, 0, @late)
                    ON CONFLICT (workspace, dedupe_key) DO NOTHING;
                    """,
                    new
                    {
                        workspace = reminder.Workspace,
                        kind = reminder.Kind.ToString(),
                        subjectId = reminder.SubjectId,
                        incidentId = reminder.IncidentId,
                        recipientPlatform = reminder.Recipient.Platform.ToString(),
                        recipientId = reminder.Recipient.Id,
                        recipientName = reminder.Recipient.Name,
                        dueAt = _dialect.Instant(reminder.DueAt),
                        revision = reminder.Revision,
                        dedupeKey = reminder.DedupeKey,
                        createdAt = _dialect.Instant(reminder.CreatedAt),
                        late = false,
                    },
                    transaction,
                    cancellationToken: cancellationToken));
            }

            return added;
        }, cancellationToken);
    }

    public async Task<int> CancelPendingAsync(string workspace, IReadOnlyCollection<ReminderKind> kinds, long subjectId, int throughRevision, DateTimeOffset cancelledAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        if (kinds.Count == 0)
        {
            return 0;
        }

        var parameters = new { workspace, subjectId, throughRevision, at = _dialect.Instant(cancelledAt), kinds = kinds.Select(kind => kind.ToString()).ToArray() };
        return await database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
                $"""
                UPDATE reminder SET cancelled_at = @at
                WHERE workspace = @workspace AND subject_id = @subjectId AND {_dialect.IsAnyOf("kind", "@kinds")} AND {Pending}
                  AND revision <= @throughRevision
                  AND (claimed_by IS NULL OR claimed_until IS NULL OR claimed_until <= @at);
                """,
                parameters,
                transaction,
                cancellationToken: cancellationToken)),
            cancellationToken);
    }

    public async Task<IReadOnlyList<Reminder>> ClaimDueAsync(string claimant, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken)
    {
        var at = _dialect.Instant(now);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ReminderRow>(new CommandDefinition(
            _dialect.Provider == StorageProvider.Postgres ? ClaimPostgresSql : ClaimSqliteSql,
            new { claimant, until = _dialect.Instant(now + lease), now = at, max },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToReminder()).OrderBy(r => r.DueAt).ThenBy(r => r.Id)];
    }

    public Task<bool> MarkSentAsync(long id, string claimant, DateTimeOffset sentAt, bool late, CancellationToken cancellationToken) =>
        CompleteAsync(
            "sent_at = @at, late = @late, claimed_until = NULL, attempts = attempts + 1",
            new { id, claimant, at = _dialect.Instant(sentAt), late },
            cancellationToken);

    public Task<bool> MarkSkippedAsync(long id, string claimant, DateTimeOffset skippedAt, string reason, CancellationToken cancellationToken) =>
        CompleteAsync(
            "skipped_at = @at, note = @reason, claimed_until = NULL",
            new { id, claimant, at = _dialect.Instant(skippedAt), reason },
            cancellationToken);

    public Task<bool> ReleaseAsync(long id, string claimant, DateTimeOffset retryAt, string failure, CancellationToken cancellationToken) =>
        CompleteAsync(
            "claimed_by = NULL, claimed_until = @at, attempts = attempts + 1, note = @failure",
            new { id, claimant, at = _dialect.Instant(retryAt), failure },
            cancellationToken);

    public async Task<IReadOnlyList<Reminder>> ListAsync(string workspace, long? subjectId, CancellationToken cancellationToken)
    {
        var onlySubject = subjectId is null ? "" : "AND subject_id = @subjectId";
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ReminderRow>(new CommandDefinition(
            $"SELECT {Columns} FROM reminder WHERE workspace = @workspace {onlySubject} ORDER BY due_at, id;",
            new { workspace, subjectId },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToReminder())];
    }

    /// <summary>Changes a pending reminder only while <paramref name="parameters"/>' claimant still holds it.</summary>
    private async Task<bool> CompleteAsync(string set, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE reminder SET {set} WHERE id = @id AND claimed_by = @claimant AND {Pending};",
            parameters,
            cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Column names prefixed with the table, for the statement that joins the picked rows.</summary>
    private static string Qualified(string columns) =>
        string.Join(", ", columns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(c => "reminder." + c));

    [SuppressMessage("Performance", "CA1812:Avoid uninstantiated internal classes", Justification = "Materialised by Dapper.")]
    private sealed class ReminderRow
    {
        public long Id { get; set; }
        public string Workspace { get; set; } = "";
        public string Kind { get; set; } = "";
        public long SubjectId { get; set; }
        public long IncidentId { get; set; }
        public string RecipientPlatform { get; set; } = "";
        public string RecipientId { get; set; } = "";
        public string RecipientName { get; set; } = "";
        public DateTimeOffset DueAt { get; set; }
        public int Revision { get; set; }
        public string DedupeKey { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }
        public string? ClaimedBy { get; set; }
        public DateTimeOffset? ClaimedUntil { get; set; }
        public int Attempts { get; set; }
        public DateTimeOffset? SentAt { get; set; }
        public bool Late { get; set; }
        public DateTimeOffset? SkippedAt { get; set; }
        public DateTimeOffset? CancelledAt { get; set; }
        public string? Note { get; set; }

        public Reminder ToReminder() => new()
        {
            Id = Id,
            Workspace = Workspace,
            Kind = Enum.Parse<ReminderKind>(Kind),
            SubjectId = SubjectId,
            IncidentId = IncidentId,
            Recipient = new ChannelRef(Enum.Parse<Platform>(RecipientPlatform), RecipientId, RecipientName),
            DueAt = DueAt,
            Revision = Revision,
            DedupeKey = DedupeKey,
            CreatedAt = CreatedAt,
            ClaimedBy = ClaimedBy,
            ClaimedUntil = ClaimedUntil,
            Attempts = Attempts,
            SentAt = SentAt,
            Late = Late,
            SkippedAt = SkippedAt,
            CancelledAt = CancelledAt,
            Note = Note,
        };
    }
}
