using System.Diagnostics.CodeAnalysis;
using Dapper;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;

namespace IncidentBot.Storage.Outbox;

/// <summary>
/// <see cref="IOutbox"/> over SQL that SQLite and PostgreSQL both accept. A claim is one <c>UPDATE</c> that takes
/// each channel's head if it is due and not leased, and re-checks the lease on the row it writes: on SQLite the
/// statement holds the database's write lock from start to end; on PostgreSQL the candidate rows are locked with
/// <c>FOR UPDATE SKIP LOCKED</c>, so a concurrent claimant skips them, and a row it still reaches after the first
/// claim committed fails the re-check. Either way two claimants never get the same message. Completing a claim
/// (delivered, retry, failed) only works for the claimant that holds it. A claim that takes over from one that was
/// never completed (<c>claimed_by</c> still set: its claimant died mid-attempt) marks the message
/// <c>outcome_unknown</c>; so does a retry whose attempt may have reached the platform.
/// </summary>
internal sealed class DapperOutbox(StorageDatabase database) : IOutbox
{
    private const string Columns = """
        id, workspace, platform, channel_id, kind, payload, dedupe_key, created_at, next_attempt_at, attempts,
        delivered_at, failed_at, last_error, outcome_unknown, progress
        """;

    private const string Pending = "delivered_at IS NULL AND failed_at IS NULL";

    private const string InsertUnlessKnownSql = $"""
        INSERT INTO outbox_message (
            workspace, platform, channel_id, kind, payload, dedupe_key, created_at, next_attempt_at, attempts)
        VALUES (
            @workspace, @platform, @channelId, @kind, @payload, @dedupeKey, @createdAt, @nextAttemptAt, 0)
        ON CONFLICT (workspace, dedupe_key) DO NOTHING
        RETURNING {Columns};
        """;

    private readonly Dialects.SqlDialect _dialect = database.Dialect;

    public async Task<OutboundMessage> EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var nextAttemptAt = message.NextAttemptAt == default ? message.CreatedAt : message.NextAttemptAt;
        return await database.WriteAsync(async (connection, transaction) =>
        {
            var added = await connection.QuerySingleOrDefaultAsync<OutboxRow>(new CommandDefinition(
                InsertUnlessKnownSql,
                new
                {
                    workspace = message.Workspace,
                    platform = message.Platform.ToString(),
                    channelId = message.ChannelId,
                    kind = message.Kind,
                    payload = message.Payload,
                    dedupeKey = message.DedupeKey,
                    createdAt = _dialect.Instant(message.CreatedAt),
                    nextAttemptAt = _dialect.Instant(nextAttemptAt),
                },
                transaction,
                cancellationToken: cancellationToken));
            if (added is not null)
            {
                return added.ToMessage();
            }

            // Only a known dedupe key gets here: the message is queued already.
            var existing = await connection.QuerySingleAsync<OutboxRow>(new CommandDefinition(
                $"SELECT {Columns} FROM outbox_message WHERE workspace = @workspace AND dedupe_key = @dedupeKey;",
                new { workspace = message.Workspace, dedupeKey = message.DedupeKey },
                transaction,
                cancellationToken: cancellationToken));
            return existing.ToMessage();
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<OutboundMessage>> ClaimDueAsync(
        Platform platform, string claimant, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(claimant);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);

        // The candidates are a materialised CTE so that they are chosen (and on PostgreSQL locked) exactly once: an
        // IN (subquery … LIMIT … SKIP LOCKED) may be re-run by the planner and then claim more than @max rows.
        var sql = $"""
            WITH candidate AS MATERIALIZED (
                SELECT head.id FROM outbox_message head
                WHERE head.platform = @platform
                  AND head.delivered_at IS NULL AND head.failed_at IS NULL
                  AND head.next_attempt_at <= @now
                  AND (head.claimed_until IS NULL OR head.claimed_until <= @now)
                  AND NOT EXISTS (
                      SELECT 1 FROM outbox_message earlier
                      WHERE earlier.platform = head.platform AND earlier.channel_id = head.channel_id
                        AND earlier.id < head.id
                        AND earlier.delivered_at IS NULL AND earlier.failed_at IS NULL)
                ORDER BY head.id
                LIMIT @max{_dialect.SkipLockedClause})
            UPDATE outbox_message
            SET claimed_by = @claimant, claimed_until = @claimedUntil,
                outcome_unknown = CASE WHEN claimed_by IS NOT NULL THEN TRUE ELSE outcome_unknown END
            WHERE id IN (SELECT id FROM candidate)
              AND {Pending}
              AND (claimed_until IS NULL OR claimed_until <= @now)
            RETURNING {Columns};
            """;
        return await database.WriteAsync<IReadOnlyList<OutboundMessage>>(async (connection, transaction) =>
        {
            var rows = await connection.QueryAsync<OutboxRow>(new CommandDefinition(
                sql,
                new
                {
                    claimant,
                    platform = platform.ToString(),
                    now = _dialect.Instant(now),
                    claimedUntil = _dialect.Instant(now + lease),
                    max,
                },
                transaction,
                cancellationToken: cancellationToken));
            return [.. rows.OrderBy(row => row.Id).Select(row => row.ToMessage())];
        }, cancellationToken);
    }

    public Task<bool> MarkDeliveredAsync(long id, string claimant, DateTimeOffset deliveredAt, CancellationToken cancellationToken) =>
        CompleteClaimAsync(
            "delivered_at = @at",
            new { id, claimant, at = _dialect.Instant(deliveredAt) },
            cancellationToken);

    public Task<bool> MarkRetryAsync(long id, string claimant, DateTimeOffset nextAttemptAt, string reason, bool outcomeUnknown, CancellationToken cancellationToken) =>
        CompleteClaimAsync(
            outcomeUnknown
                ? "next_attempt_at = @at, last_error = @reason, outcome_unknown = TRUE"
                : "next_attempt_at = @at, last_error = @reason",
            new { id, claimant, at = _dialect.Instant(nextAttemptAt), reason },
            cancellationToken);

    public async Task<bool> RecordProgressAsync(long id, string claimant, string? progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(claimant);
        return await database.WriteAsync(async (connection, transaction) =>
        {
            var changed = await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE outbox_message SET progress = @progress WHERE id = @id AND claimed_by = @claimant AND {Pending};",
                new { id, claimant, progress },
                transaction,
                cancellationToken: cancellationToken));
            return changed > 0;
        }, cancellationToken);
    }

    public Task<bool> MarkFailedAsync(long id, string claimant, DateTimeOffset failedAt, string reason, CancellationToken cancellationToken) =>
        CompleteClaimAsync(
            "failed_at = @at, last_error = @reason",
            new { id, claimant, at = _dialect.Instant(failedAt), reason },
            cancellationToken);

    public async Task<IReadOnlyList<OutboundMessage>> ListUndeliveredAsync(string workspace, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<OutboxRow>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM outbox_message
            WHERE workspace = @workspace AND delivered_at IS NULL
            ORDER BY id
            LIMIT @limit;
            """,
            new { workspace, limit },
            cancellationToken: cancellationToken));
        return [.. rows.Select(row => row.ToMessage())];
    }

    public async Task<int> PurgeDeliveredAsync(DateTimeOffset deliveredBefore, CancellationToken cancellationToken)
    {
        return await database.WriteAsync(async (connection, transaction) =>
        {
            return await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM outbox_message WHERE delivered_at IS NOT NULL AND delivered_at < @before;",
                new { before = _dialect.Instant(deliveredBefore) },
                transaction,
                cancellationToken: cancellationToken));
        }, cancellationToken);
    }

    /// <summary>Ends the claimant's attempt (counted) with <paramref name="assignments"/>; false when it does not hold the message.</summary>
    private async Task<bool> CompleteClaimAsync(string assignments, object parameters, CancellationToken cancellationToken)
    {
        return await database.WriteAsync(async (connection, transaction) =>
        {
            var changed = await connection.ExecuteAsync(new CommandDefinition(
                $"""
                UPDATE outbox_message
                SET {assignments}, attempts = attempts + 1, claimed_by = NULL, claimed_until = NULL
                WHERE id = @id AND claimed_by = @claimant AND {Pending};
                """,
                parameters,
                transaction,
                cancellationToken: cancellationToken));
            return changed > 0;
        }, cancellationToken);
    }

    [SuppressMessage("Performance", "CA1812:Avoid uninstantiated internal classes", Justification = "Materialised by Dapper.")]
    private sealed class OutboxRow
    {
        public long Id { get; set; }
        public string Workspace { get; set; } = "";
        public string Platform { get; set; } = "";
        public string ChannelId { get; set; } = "";
        public string Kind { get; set; } = "";
        public string Payload { get; set; } = "";
        public string? DedupeKey { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset NextAttemptAt { get; set; }
        public int Attempts { get; set; }
        public DateTimeOffset? DeliveredAt { get; set; }
        public DateTimeOffset? FailedAt { get; set; }
        public string? LastError { get; set; }
        public bool OutcomeUnknown { get; set; }
        public string? Progress { get; set; }

        public OutboundMessage ToMessage() => new()
        {
            Id = Id,
            Workspace = Workspace,
            Platform = Enum.Parse<Platform>(Platform),
            ChannelId = ChannelId,
            Kind = Kind,
            Payload = Payload,
            DedupeKey = DedupeKey,
            CreatedAt = CreatedAt,
            NextAttemptAt = NextAttemptAt,
            Attempts = Attempts,
            DeliveredAt = DeliveredAt,
            FailedAt = FailedAt,
            LastError = LastError,
            OutcomeUnknown = OutcomeUnknown,
            Progress = Progress,
        };
    }
}
