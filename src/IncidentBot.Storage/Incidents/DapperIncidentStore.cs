using System.Data.Common;
using System.Globalization;
using Dapper;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Timeline;

namespace IncidentBot.Storage.Incidents;

/// <summary>
/// <see cref="IIncidentStore"/> over SQL that SQLite and PostgreSQL both accept. Every statement filters on
/// <c>workspace</c>; every write runs in a transaction through <see cref="StorageDatabase.WriteAsync{T}"/> (on SQLite
/// committed in groups by one writer, so concurrent writers queue instead of failing or sleeping).
/// </summary>
internal sealed partial class DapperIncidentStore(StorageDatabase database) : IIncidentStore
{
    private const string IncidentColumns = """
        id, workspace, number, title, severity, status, channel_platform, channel_id, channel_name,
        declared_by_id, declared_by_name, declared_at, summary, impact,
        commander_id, commander_name, comms_id, comms_name, scribe_id, scribe_name,
        impact_started_at, detected_at, acknowledged_at, mitigated_at, resolved_at, version
        """;

    private const string EventColumns = """
        id, workspace, incident_id, kind, occurred_at, recorded_at, author_id, author_name, text,
        source_id, thread_id, link, original_text, edited_at, withdrawn_at
        """;

    // An upsert hands out numbers atomically in both dialects: the row lock serialises creates per workspace.
    private const string NextNumberSql = """
        INSERT INTO incident_number (workspace, last_number) VALUES (@workspace, 1)
        ON CONFLICT (workspace) DO UPDATE SET last_number = incident_number.last_number + 1
        RETURNING last_number;
        """;

    private const string InsertIncidentSql = """
        INSERT INTO incident (
            workspace, number, title, severity, status, channel_platform, channel_id, channel_name,
            declared_by_id, declared_by_name, declared_at, summary, impact,
            commander_id, commander_name, comms_id, comms_name, scribe_id, scribe_name,
            impact_started_at, detected_at, acknowledged_at, mitigated_at, resolved_at, version)
        VALUES (
            @workspace, @number, @title, @severity, @status, @channelPlatform, @channelId, @channelName,
            @declaredById, @declaredByName, @declaredAt, @summary, @impact,
            @commanderId, @commanderName, @commsId, @commsName, @scribeId, @scribeName,
            @impactStartedAt, @detectedAt, @acknowledgedAt, @mitigatedAt, @resolvedAt, @version)
        RETURNING id;
        """;

    // Workspace and number never change; the version check is the optimistic lock.
    private const string UpdateIncidentSql = """
        UPDATE incident SET
            title = @title, severity = @severity, status = @status,
            channel_platform = @channelPlatform, channel_id = @channelId, channel_name = @channelName,
            declared_by_id = @declaredById, declared_by_name = @declaredByName, declared_at = @declaredAt,
            summary = @summary, impact = @impact,
            commander_id = @commanderId, commander_name = @commanderName,
            comms_id = @commsId, comms_name = @commsName,
            scribe_id = @scribeId, scribe_name = @scribeName,
            impact_started_at = @impactStartedAt, detected_at = @detectedAt, acknowledged_at = @acknowledgedAt,
            mitigated_at = @mitigatedAt, resolved_at = @resolvedAt,
            version = version + 1
        WHERE workspace = @workspace AND id = @id AND version = @version
        RETURNING number;
        """;

    private const string InsertEventValuesSql = """
        INSERT INTO timeline_event (
            workspace, incident_id, kind, occurred_at, recorded_at, author_id, author_name, text,
            source_id, thread_id, link, original_text, edited_at, withdrawn_at)
        VALUES (
            @workspace, @incidentId, @kind, @occurredAt, @recordedAt, @authorId, @authorName, @text,
            @sourceId, @threadId, @link, @originalText, @editedAt, @withdrawnAt)
        """;

    private const string InsertEventSql = InsertEventValuesSql + "\nRETURNING id;";

    private const string InsertEventUnlessSourceKnownSql = InsertEventValuesSql + """

        ON CONFLICT (workspace, kind, source_id) DO NOTHING
        RETURNING id;
        """;

    private readonly Dialects.SqlDialect _dialect = database.Dialect;

    public async Task<Incident> CreateIncidentAsync(Incident incident, IReadOnlyList<TimelineEvent> initialEvents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(initialEvents);
        EnsureSameWorkspace(incident.Workspace, initialEvents);

        return await WriteIncidentAsync(incident.Workspace, async (connection, transaction) =>
        {
            var number = await connection.ExecuteScalarAsync<int>(
                new CommandDefinition(NextNumberSql, new { workspace = incident.Workspace }, transaction, cancellationToken: cancellationToken));
            var created = StoredForm.Of(incident) with { Id = 0, Number = number, Version = 1 };
            var id = await connection.ExecuteScalarAsync<long>(
                new CommandDefinition(InsertIncidentSql, IncidentParameters(created), transaction, cancellationToken: cancellationToken));
            created = created with { Id = id };

            foreach (var timelineEvent in initialEvents)
            {
                await InsertEventAsync(connection, transaction, timelineEvent with { IncidentId = id }, cancellationToken);
            }

            return created;
        }, cancellationToken);
    }

    public async Task<Incident?> FindByNumberAsync(string workspace, int number, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<IncidentRow>(new CommandDefinition(
            $"SELECT {IncidentColumns} FROM incident WHERE workspace = @workspace AND number = @number;",
            new { workspace, number },
            cancellationToken: cancellationToken));
        return row?.ToIncident();
    }

    public async Task<Incident?> FindByIdAsync(string workspace, long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<IncidentRow>(new CommandDefinition(
            $"SELECT {IncidentColumns} FROM incident WHERE workspace = @workspace AND id = @id;",
            new { workspace, id },
            cancellationToken: cancellationToken));
        return row?.ToIncident();
    }

    public async Task<Incident?> FindByChannelAsync(string workspace, string channelId, CancellationToken cancellationToken)
    {
        var cache = database.ChannelIncidents;
        if (cache is not null && cache.TryGet(workspace, channelId, out var remembered))
        {
            return remembered;
        }

        var generation = cache?.Generation ?? 0;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var row = await connection.QueryFirstOrDefaultAsync<IncidentRow>(new CommandDefinition(
            $"""
            SELECT {IncidentColumns} FROM incident
            WHERE workspace = @workspace AND channel_id = @channelId
            ORDER BY declared_at DESC, number DESC
            LIMIT 1;
            """,
            new { workspace, channelId },
            cancellationToken: cancellationToken));
        var incident = row?.ToIncident();

        // Only channels that host an incident are remembered: an answer of none must not hide one declared later.
        if (incident is not null)
        {
            cache?.Remember(workspace, channelId, incident, generation);
        }

        return incident;
    }

    public async Task<IReadOnlyList<Incident>> ListIncidentsAsync(string workspace, IncidentListFilter filter, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var onlyOpen = filter switch
        {
            IncidentListFilter.Open => "AND status <> @resolved",
            IncidentListFilter.All => "",
            _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, "Unknown incident list filter."),
        };

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<IncidentRow>(new CommandDefinition(
            $"""
            SELECT {IncidentColumns} FROM incident
            WHERE workspace = @workspace {onlyOpen}
            ORDER BY declared_at DESC, number DESC
            LIMIT @limit;
            """,
            new { workspace, resolved = nameof(IncidentStatus.Resolved), limit },
            cancellationToken: cancellationToken));
        return [.. rows.Select(row => row.ToIncident())];
    }

    public async Task<Incident> SaveAsync(Incident incident, IReadOnlyList<TimelineEvent> newEvents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(newEvents);
        EnsureSameWorkspace(incident.Workspace, newEvents);
        EnsureSameIncident(incident.Id, newEvents);

        return await WriteIncidentAsync(incident.Workspace, async (connection, transaction) =>
        {
            var number = await connection.ExecuteScalarAsync<int?>(
                new CommandDefinition(UpdateIncidentSql, IncidentParameters(incident), transaction, cancellationToken: cancellationToken));
            if (number is null)
            {
                await IncidentRows.EnsureExistsAsync(connection, transaction, incident.Workspace, incident.Id, cancellationToken);
                throw new ConcurrencyConflictException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{incident.Reference} was changed by someone else since version {incident.Version}; read it again and retry."));
            }

            foreach (var timelineEvent in newEvents)
            {
                await InsertEventAsync(connection, transaction, timelineEvent with { IncidentId = incident.Id }, cancellationToken);
            }

            return StoredForm.Of(incident) with { Number = number.Value, Version = incident.Version + 1 };
        }, cancellationToken);
    }

    /// <summary>
    /// A write of an incident row: once it has ended (committed or not), what this process remembers about the
    /// workspace's channels is forgotten (<see cref="ChannelIncidentCache"/>).
    /// </summary>
    private async Task<Incident> WriteIncidentAsync(string workspace, Func<DbConnection, DbTransaction, Task<Incident>> work, CancellationToken cancellationToken)
    {
        try
        {
            return await database.WriteAsync(work, cancellationToken);
        }
        finally
        {
            database.ChannelIncidents?.Forget(workspace);
        }
    }

    public async Task<AppendResult> AppendEventAsync(TimelineEvent timelineEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timelineEvent);
        timelineEvent = StoredForm.Of(timelineEvent);

        if (timelineEvent.SourceId is null)
        {
            return await AppendWithoutSourceAsync(timelineEvent, cancellationToken);
        }

        // The hot path (every captured message, every timeline command) is one insert, atomic on its own: the incident's
        // foreign key says whether the incident exists, and a known source inserts nothing. Its parameters are made here
        // rather than in the write: on SQLite every write runs on the one writer, so what can be done before it is not
        // done while other writes wait; on PostgreSQL it commits as it runs, without a round trip for COMMIT.
        var parameters = EventParameters(timelineEvent);
        long? id;
        try
        {
            id = await database.WriteStatementAsync(
                (connection, transaction) => connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                    InsertEventUnlessSourceKnownSql, parameters, transaction, cancellationToken: cancellationToken)),
                cancellationToken);
        }
        catch (DbException exception) when (_dialect.IsForeignKeyViolation(exception))
        {
            throw IncidentRows.Missing(timelineEvent.Workspace, timelineEvent.IncidentId);
        }

        return id is { } newId
            ? new AppendResult(timelineEvent with { Id = newId }, Added: true)
            : await ReturnKnownSourceAsync(timelineEvent, cancellationToken);
    }

    /// <summary>
    /// A re-delivery of a source already stored (a retried event, a re-pin): brought back if it was withdrawn (a re-pin
    /// after an unpin), else nothing changes; the stored event is returned.
    /// </summary>
    private Task<AppendResult> ReturnKnownSourceAsync(TimelineEvent timelineEvent, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await IncidentRows.EnsureExistsAsync(connection, transaction, timelineEvent.Workspace, timelineEvent.IncidentId, cancellationToken);
            var sameSource = new
            {
                workspace = timelineEvent.Workspace,
                kind = timelineEvent.Kind.ToString(),
                sourceId = timelineEvent.SourceId,
            };
            var restored = await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE timeline_event SET withdrawn_at = NULL
                WHERE workspace = @workspace AND kind = @kind AND source_id = @sourceId AND withdrawn_at IS NOT NULL;
                """,
                sameSource,
                transaction,
                cancellationToken: cancellationToken));
            var existing = await connection.QuerySingleAsync<EventRow>(new CommandDefinition(
                $"SELECT {EventColumns} FROM timeline_event WHERE workspace = @workspace AND kind = @kind AND source_id = @sourceId;",
                sameSource,
                transaction,
                cancellationToken: cancellationToken));
            return new AppendResult(existing.ToEvent(), Added: restored > 0);
        }, cancellationToken);

    public async Task<IReadOnlyList<TimelineEvent>> GetTimelineAsync(string workspace, long incidentId, TimelineQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var scope = query.Scope switch
        {
            TimelineScope.KeyEvents => "AND kind <> @message",
            TimelineScope.Transcript => "AND kind = @message",
            TimelineScope.All => "",
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.Scope, "Unknown timeline scope."),
        };
        var withdrawn = query.IncludeWithdrawn ? "" : "AND withdrawn_at IS NULL";

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(
            $"""
            SELECT {EventColumns} FROM timeline_event
            WHERE workspace = @workspace AND incident_id = @incidentId {scope} {withdrawn}
            ORDER BY occurred_at, id;
            """,
            new { workspace, incidentId, message = nameof(TimelineEventKind.Message) },
            cancellationToken: cancellationToken));
        return [.. rows.Select(row => row.ToEvent())];
    }

    public async Task<IReadOnlyList<TimelineEvent>> FindBySourceAsync(string workspace, string sourceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(
            $"""
            SELECT {EventColumns} FROM timeline_event
            WHERE workspace = @workspace AND source_id = @sourceId AND withdrawn_at IS NULL
            ORDER BY occurred_at, id;
            """,
            new { workspace, sourceId },
            cancellationToken: cancellationToken));
        return [.. rows.Select(row => row.ToEvent())];
    }

    public async Task<int> EditBySourceAsync(string workspace, string sourceId, string newText, DateTimeOffset editedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(newText);

        // Withdrawn events are edited too, so that a re-pin brings back the message as it reads now.
        return await database.WriteAsync(async (connection, transaction) =>
        {
            await LockSourceAsync(connection, transaction, workspace, sourceId, cancellationToken);
            return await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE timeline_event
                SET original_text = COALESCE(original_text, text), text = @newText, edited_at = @editedAt
                WHERE workspace = @workspace AND source_id = @sourceId AND text <> @newText;
                """,
                new { workspace, sourceId, newText, editedAt = _dialect.Instant(editedAt) },
                transaction,
                cancellationToken: cancellationToken));
        }, cancellationToken);
    }

    public async Task<int> WithdrawBySourceAsync(string workspace, string sourceId, TimelineEventKind? kind, DateTimeOffset withdrawnAt, CancellationToken cancellationToken)
    {
        var onlyKind = kind is null ? "" : "AND kind = @kind";
        return await database.WriteAsync(async (connection, transaction) =>
        {
            await LockSourceAsync(connection, transaction, workspace, sourceId, cancellationToken);
            return await connection.ExecuteAsync(new CommandDefinition(
                $"""
                UPDATE timeline_event SET withdrawn_at = @withdrawnAt
                WHERE workspace = @workspace AND source_id = @sourceId AND withdrawn_at IS NULL {onlyKind};
                """,
                new { workspace, sourceId, kind = kind?.ToString(), withdrawnAt = _dialect.Instant(withdrawnAt) },
                transaction,
                cancellationToken: cancellationToken));
        }, cancellationToken);
    }

    private static void EnsureSameWorkspace(string workspace, IReadOnlyList<TimelineEvent> events)
    {
        foreach (var timelineEvent in events)
        {
            if (!string.Equals(timelineEvent.Workspace, workspace, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"A timeline event of workspace '{timelineEvent.Workspace}' cannot be saved with an incident of workspace '{workspace}'.",
                    nameof(events));
            }
        }
    }

    private static void EnsureSameIncident(long incidentId, IReadOnlyList<TimelineEvent> events)
    {
        foreach (var timelineEvent in events)
        {
            if (timelineEvent.IncidentId != 0 && timelineEvent.IncidentId != incidentId)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"A timeline event of incident {timelineEvent.IncidentId} cannot be saved with incident {incidentId}."),
                    nameof(events));
            }
        }
    }

    /// <summary>An event no platform message stands behind (nothing to be idempotent by): always a new row.</summary>
    private Task<AppendResult> AppendWithoutSourceAsync(TimelineEvent timelineEvent, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await IncidentRows.EnsureExistsAsync(connection, transaction, timelineEvent.Workspace, timelineEvent.IncidentId, cancellationToken);
            var added = await InsertEventAsync(connection, transaction, timelineEvent, cancellationToken);
            return new AppendResult(added, Added: true);
        }, cancellationToken);

    private async Task<TimelineEvent> InsertEventAsync(DbConnection connection, DbTransaction transaction, TimelineEvent timelineEvent, CancellationToken cancellationToken)
    {
        try
        {
            var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                InsertEventSql, EventParameters(timelineEvent), transaction, cancellationToken: cancellationToken));
            return StoredForm.Of(timelineEvent) with { Id = id };
        }
        catch (DbException exception) when (_dialect.IsUniqueViolation(exception))
        {
            throw new InvalidOperationException(
                $"A {timelineEvent.Kind} event from source '{timelineEvent.SourceId}' is already stored in workspace '{timelineEvent.Workspace}'; use AppendEventAsync for idempotent re-delivery.",
                exception);
        }
    }

    private object IncidentParameters(Incident incident) => new
    {
        id = incident.Id,
        workspace = incident.Workspace,
        number = incident.Number,
        title = incident.Title,
        severity = (int)incident.Severity,
        status = incident.Status.ToString(),
        channelPlatform = incident.Channel.Platform.ToString(),
        channelId = incident.Channel.Id,
        channelName = incident.Channel.Name,
        declaredById = incident.DeclaredBy.Id,
        declaredByName = incident.DeclaredBy.Name,
        declaredAt = _dialect.Instant(incident.DeclaredAt),
        summary = incident.Summary,
        impact = incident.Impact,
        commanderId = incident.Commander?.Id,
        commanderName = incident.Commander?.Name,
        commsId = incident.Comms?.Id,
        commsName = incident.Comms?.Name,
        scribeId = incident.Scribe?.Id,
        scribeName = incident.Scribe?.Name,
        impactStartedAt = _dialect.Instant(incident.Times.ImpactStartedAt),
        detectedAt = _dialect.Instant(incident.Times.DetectedAt),
        acknowledgedAt = _dialect.Instant(incident.Times.AcknowledgedAt),
        mitigatedAt = _dialect.Instant(incident.Times.MitigatedAt),
        resolvedAt = _dialect.Instant(incident.Times.ResolvedAt),
        version = incident.Version,
    };

    private object EventParameters(TimelineEvent timelineEvent) => new
    {
        workspace = timelineEvent.Workspace,
        incidentId = timelineEvent.IncidentId,
        kind = timelineEvent.Kind.ToString(),
        occurredAt = _dialect.Instant(timelineEvent.OccurredAt),
        recordedAt = _dialect.Instant(timelineEvent.RecordedAt),
        authorId = timelineEvent.Author.Id,
        authorName = timelineEvent.Author.Name,
        text = timelineEvent.Text,
        sourceId = timelineEvent.SourceId,
        threadId = timelineEvent.ThreadId,
        link = timelineEvent.Link,
        originalText = timelineEvent.OriginalText,
        editedAt = _dialect.Instant(timelineEvent.EditedAt),
        withdrawnAt = _dialect.Instant(timelineEvent.WithdrawnAt),
    };
}
