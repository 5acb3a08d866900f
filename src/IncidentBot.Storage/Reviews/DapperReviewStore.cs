using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Dapper;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Reviews;

namespace IncidentBot.Storage.Reviews;

/// <summary>
/// <see cref="IReviewStore"/> over SQL that SQLite and PostgreSQL both accept. Every statement filters on
/// <c>workspace</c> (except the digest listing the reminder job needs, which returns each row's workspace), and
/// writes return the row as stored, so what a write returns equals what a later read returns.
/// </summary>
internal sealed class DapperReviewStore(StorageDatabase database) : IReviewStore
{
    private const string Columns = """
        id, workspace, incident_id, starts_at, duration_seconds, facilitator_id, facilitator_name, facilitator_state,
        facilitator_since, invite_sequence, booked_by_id, booked_by_name, booked_at, cancelled_at, done_at, version
        """;

    private readonly Dialects.SqlDialect _dialect = database.Dialect;

    public async Task<Review?> GetAsync(string workspace, long incidentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ReviewRow>(new CommandDefinition(
            $"SELECT {Columns} FROM review WHERE workspace = @workspace AND incident_id = @incidentId;",
            new { workspace, incidentId },
            cancellationToken: cancellationToken));
        return row?.ToReview();
    }

    public async Task<Review> SaveAsync(Review review, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(review);
        return await database.WriteAsync((connection, transaction) => SaveInAsync(connection, transaction, review, cancellationToken), cancellationToken);
    }

    public async Task<Review> SaveWithPassAsync(Review review, Person passed, DateTimeOffset passedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(passed);
        return await database.WriteAsync(async (connection, transaction) =>
        {
            var saved = await SaveInAsync(connection, transaction, review, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO review_pass (workspace, review_id, person_id, person_name, passed_at)
                VALUES (@workspace, @reviewId, @personId, @personName, @passedAt)
                ON CONFLICT (workspace, review_id, person_id) DO NOTHING;
                """,
                new { workspace = saved.Workspace, reviewId = saved.Id, personId = passed.Id, personName = passed.Name, passedAt = _dialect.Instant(passedAt) },
                transaction,
                cancellationToken: cancellationToken));
            return saved;
        }, cancellationToken);
    }

    /// <summary>Inserts or updates (guarded by its version) the review inside the caller's transaction.</summary>
    private async Task<Review> SaveInAsync(DbConnection connection, DbTransaction transaction, Review review, CancellationToken cancellationToken)
    {
        await IncidentRows.EnsureExistsAsync(connection, transaction, review.Workspace, review.IncidentId, cancellationToken);
        ReviewRow? saved;
        if (review.Id == 0)
        {
            saved = await connection.QuerySingleOrDefaultAsync<ReviewRow>(new CommandDefinition(
                $"""
                INSERT INTO review (
                    workspace, incident_id, starts_at, duration_seconds, facilitator_id, facilitator_name, facilitator_state,
                    facilitator_since, invite_sequence, booked_by_id, booked_by_name, booked_at, cancelled_at, done_at, version)
                VALUES (
                    @workspace, @incidentId, @startsAt, @durationSeconds, @facilitatorId, @facilitatorName, @facilitatorState,
                    @facilitatorSince, @inviteSequence, @bookedById, @bookedByName, @bookedAt, @cancelledAt, @doneAt, 1)
                ON CONFLICT (workspace, incident_id) DO NOTHING
                RETURNING {Columns};
                """,
                Parameters(review), transaction, cancellationToken: cancellationToken));
        }
        else
        {
            saved = await connection.QuerySingleOrDefaultAsync<ReviewRow>(new CommandDefinition(
                $"""
                UPDATE review SET
                    starts_at = @startsAt, duration_seconds = @durationSeconds, facilitator_id = @facilitatorId,
                    facilitator_name = @facilitatorName, facilitator_state = @facilitatorState, facilitator_since = @facilitatorSince,
                    invite_sequence = @inviteSequence, booked_by_id = @bookedById, booked_by_name = @bookedByName,
                    booked_at = @bookedAt, cancelled_at = @cancelledAt, done_at = @doneAt, version = version + 1
                WHERE workspace = @workspace AND id = @id AND incident_id = @incidentId AND version = @version
                RETURNING {Columns};
                """,
                Parameters(review), transaction, cancellationToken: cancellationToken));
            if (saved is null)
            {
                await EnsureReviewExistsAsync(connection, transaction, review, cancellationToken);
            }
        }

        if (saved is null)
        {
            throw new ConcurrencyConflictException(review.Id == 0
                ? "The incident has a review already; read it and change that one."
                : "The review was changed by someone else; read it again and retry.");
        }

        return saved.ToReview();
    }

    public async Task<IReadOnlyList<Facilitation>> ListFacilitationsAsync(string workspace, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<FacilitationRow>(new CommandDefinition(
            """
            SELECT facilitator_id, facilitator_name, incident_id, starts_at, COALESCE(facilitator_since, booked_at) AS since
            FROM review
            WHERE workspace = @workspace AND cancelled_at IS NULL AND facilitator_state = @accepted AND facilitator_id IS NOT NULL
            ORDER BY since, incident_id;
            """,
            new { workspace, accepted = nameof(FacilitatorState.Accepted) },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => new Facilitation(new Person(r.FacilitatorId, r.FacilitatorName), r.IncidentId, r.StartsAt, r.Since))];
    }

    public async Task<bool> AddFacilitatorAsync(string workspace, Person person, DateTimeOffset addedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO facilitator (workspace, person_id, person_name, added_at) VALUES (@workspace, @personId, @personName, @addedAt)
            ON CONFLICT (workspace, person_id) DO NOTHING;
            """,
            new { workspace, personId = person.Id, personName = person.Name, addedAt = _dialect.Instant(addedAt) },
            cancellationToken: cancellationToken)) > 0;
    }

    public async Task<bool> RemoveFacilitatorAsync(string workspace, string personId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM facilitator WHERE workspace = @workspace AND person_id = @personId;",
            new { workspace, personId },
            cancellationToken: cancellationToken)) > 0;
    }

    public async Task<IReadOnlyList<PoolMember>> ListFacilitatorsAsync(string workspace, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<MemberRow>(new CommandDefinition(
            "SELECT person_id, person_name, added_at FROM facilitator WHERE workspace = @workspace ORDER BY id;",
            new { workspace },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => new PoolMember(new Person(r.PersonId, r.PersonName), r.AddedAt))];
    }

    public async Task<IReadOnlyList<string>> ListPassesAsync(string workspace, long reviewId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var ids = await connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT person_id FROM review_pass WHERE workspace = @workspace AND review_id = @reviewId ORDER BY {_dialect.OrdinalOrder("person_id")};",
            new { workspace, reviewId },
            cancellationToken: cancellationToken));
        return [.. ids];
    }

    public async Task SetDigestChannelAsync(string workspace, ChannelRef? channel, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        if (channel is null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM review_setting WHERE workspace = @workspace;", new { workspace }, cancellationToken: cancellationToken));
            return;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO review_setting (workspace, digest_channel_platform, digest_channel_id, digest_channel_name, updated_at)
            VALUES (@workspace, @platform, @channelId, @channelName, @at)
            ON CONFLICT (workspace) DO UPDATE SET
                digest_channel_platform = excluded.digest_channel_platform, digest_channel_id = excluded.digest_channel_id,
                digest_channel_name = excluded.digest_channel_name, updated_at = excluded.updated_at;
            """,
            new { workspace, platform = channel.Platform.ToString(), channelId = channel.Id, channelName = channel.Name, at = _dialect.Instant(at) },
            cancellationToken: cancellationToken));
    }

    public async Task<ChannelRef?> GetDigestChannelAsync(string workspace, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<DigestRow>(new CommandDefinition(
            "SELECT workspace, digest_channel_platform, digest_channel_id, digest_channel_name FROM review_setting WHERE workspace = @workspace;",
            new { workspace },
            cancellationToken: cancellationToken));
        return row?.Channel;
    }

    public async Task<IReadOnlyList<DigestSubscription>> ListDigestSubscriptionsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<DigestRow>(new CommandDefinition(
            $"SELECT workspace, digest_channel_platform, digest_channel_id, digest_channel_name FROM review_setting ORDER BY {_dialect.OrdinalOrder("workspace")};",
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => new DigestSubscription(r.Workspace, r.Channel))];
    }

    private static async Task EnsureReviewExistsAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, Review review, CancellationToken cancellationToken)
    {
        var found = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM review WHERE workspace = @workspace AND id = @id AND incident_id = @incidentId;",
            new { workspace = review.Workspace, id = review.Id, incidentId = review.IncidentId },
            transaction,
            cancellationToken: cancellationToken));
        if (found is null)
        {
            throw new KeyNotFoundException(string.Create(CultureInfo.InvariantCulture, $"Workspace '{review.Workspace}' has no review with id {review.Id}."));
        }
    }

    private object Parameters(Review review) => new
    {
        id = review.Id,
        workspace = review.Workspace,
        incidentId = review.IncidentId,
        startsAt = _dialect.Instant(review.At),
        durationSeconds = (int)review.Duration.TotalSeconds,
        facilitatorId = review.Facilitator?.Id,
        facilitatorName = review.Facilitator?.Name,
        facilitatorState = review.FacilitatorState.ToString(),
        facilitatorSince = _dialect.Instant(review.FacilitatorSince),
        inviteSequence = review.Sequence,
        bookedById = review.BookedBy.Id,
        bookedByName = review.BookedBy.Name,
        bookedAt = _dialect.Instant(review.BookedAt),
        cancelledAt = _dialect.Instant(review.CancelledAt),
        doneAt = _dialect.Instant(review.DoneAt),
        version = review.Version,
    };

    [SuppressMessage("Performance", "CA1812:Avoid uninstantiated internal classes", Justification = "Materialised by Dapper.")]
    private sealed class ReviewRow
    {
        public long Id { get; set; }
        public string Workspace { get; set; } = "";
        public long IncidentId { get; set; }
        public DateTimeOffset StartsAt { get; set; }
        public int DurationSeconds { get; set; }
        public string? FacilitatorId { get; set; }
        public string? FacilitatorName { get; set; }
        public string FacilitatorState { get; set; } = "";
        public DateTimeOffset? FacilitatorSince { get; set; }
        public int InviteSequence { get; set; }
        public string BookedById { get; set; } = "";
        public string BookedByName { get; set; } = "";
        public DateTimeOffset BookedAt { get; set; }
        public DateTimeOffset? CancelledAt { get; set; }
        public DateTimeOffset? DoneAt { get; set; }
        public int Version { get; set; }

        public Review ToReview() => new()
        {
            Id = Id,
            Workspace = Workspace,
            IncidentId = IncidentId,
            At = StartsAt,
            Duration = TimeSpan.FromSeconds(DurationSeconds),
            Facilitator = StoredForm.PersonOrNull(FacilitatorId, FacilitatorName),
            FacilitatorState = Enum.Parse<FacilitatorState>(FacilitatorState),
            FacilitatorSince = FacilitatorSince,
            Sequence = InviteSequence,
            BookedBy = new Person(BookedById, BookedByName),
            BookedAt = BookedAt,
            CancelledAt = CancelledAt,
            DoneAt = DoneAt,
            Version = Version,
        };
    }

    [SuppressMessage("Performance", "CA1812:Avoid uninstantiated internal classes", Justification = "Materialised by Dapper.")]
    private sealed class FacilitationRow
    {
        public string FacilitatorId { get; set; } = "";
        public string FacilitatorName { get; set; } = "";
        public long IncidentId { get; set; }
        public DateTimeOffset StartsAt { get; set; }
        public DateTimeOffset Since { get; set; }
    }

    [SuppressMessage("Performance", "CA1812:Avoid uninstantiated internal classes", Justification = "Materialised by Dapper.")]
    private sealed class MemberRow
    {
        public string PersonId { get; set; } = "";
        public string PersonName { get; set; } = "";
        public DateTimeOffset AddedAt { get; set; }
    }

    [SuppressMessage("Performance", "CA1812:Avoid uninstantiated internal classes", Justification = "Materialised by Dapper.")]
    private sealed class DigestRow
    {
        public string Workspace { get; set; } = "";
        public string DigestChannelPlatform { get; set; } = "";
        public string DigestChannelId { get; set; } = "";
        public string DigestChannelName { get; set; } = "";

        public ChannelRef Channel => new(Enum.Parse<Platform>(DigestChannelPlatform), DigestChannelId, DigestChannelName);
    }
}
