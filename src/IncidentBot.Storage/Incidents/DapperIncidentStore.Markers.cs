using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Dapper;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Timeline;

namespace IncidentBot.Storage.Incidents;

/// <summary>
/// Timeline markers (<c>timeline_marker</c>): the pin and each person's timeline reaction on a captured message, and the
/// message's key entry kept in step with them. Every change of a message's markers, edits and deletions takes the
/// captured message's row first (<see cref="Dialects.SqlDialect.RowLockClause"/>), so on PostgreSQL they take turns and
/// each sees what the one before it committed; on SQLite writes take turns anyway.
/// </summary>
internal sealed partial class DapperIncidentStore
{
    private const string MarkerKeyCondition =
        "workspace = @workspace AND source_id = @sourceId AND kind = @kind AND holder_id = @holderId";

    public Task<TimelineMarkerResult> AddTimelineMarkerAsync(string workspace, string sourceId, TimelineMarker marker, DateTimeOffset at, DateTimeOffset recordedAt, CancellationToken cancellationToken) =>
        ChangeMarkerAsync(workspace, sourceId, marker, present: true, at, recordedAt, cancellationToken);

    public Task<TimelineMarkerResult> RemoveTimelineMarkerAsync(string workspace, string sourceId, TimelineMarker marker, DateTimeOffset at, CancellationToken cancellationToken) =>
        ChangeMarkerAsync(workspace, sourceId, marker, present: false, at, recordedAt: at, cancellationToken);

    private async Task<TimelineMarkerResult> ChangeMarkerAsync(
        string workspace, string sourceId, TimelineMarker marker, bool present, DateTimeOffset at, DateTimeOffset recordedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sourceId);
        ArgumentNullException.ThrowIfNull(marker);
        var changedAt = UtcInstant.Normalize(at);

        return await database.WriteAsync(async (connection, transaction) =>
        {
            var message = await connection.QuerySingleOrDefaultAsync<EventRow>(new CommandDefinition(
                $"""
                SELECT {EventColumns} FROM timeline_event
                WHERE workspace = @workspace AND kind = @message AND source_id = @sourceId AND withdrawn_at IS NULL{_dialect.RowLockClause};
                """,
                new { workspace, sourceId, message = nameof(TimelineEventKind.Message) },
                transaction,
                cancellationToken: cancellationToken));
            if (message is null)
            {
                return TimelineMarkerResult.NotCaptured;
            }

            var markerChanged = await SetMarkerAsync(connection, transaction, workspace, sourceId, marker, present, changedAt, cancellationToken);
            var markers = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT COUNT(*) FROM timeline_marker WHERE workspace = @workspace AND source_id = @sourceId AND present;",
                new { workspace, sourceId },
                transaction,
                cancellationToken: cancellationToken));
            var keyEntry = await KeepKeyEntryInStepAsync(connection, transaction, message.ToEvent(), markers > 0, changedAt, recordedAt, cancellationToken);
            return new TimelineMarkerResult(Captured: true, markerChanged, markers, keyEntry);
        }, cancellationToken);
    }

    /// <summary>
    /// Records the marker as present or not as of <paramref name="changedAt"/>, unless its row says so already or was changed
    /// later (a stale, out-of-order delivery). Returns whether the marker came or went.
    /// </summary>
    private async Task<bool> SetMarkerAsync(
        DbConnection connection, DbTransaction transaction, string workspace, string sourceId, TimelineMarker marker, bool present, DateTimeOffset changedAt, CancellationToken cancellationToken)
    {
        var values = new
        {
            workspace,
            sourceId,
            kind = marker.Kind.ToString(),
            holderId = marker.Holder,
            byId = marker.By.Id,
            byName = marker.By.Name,
            present,
            changedAt = _dialect.Instant(changedAt),
        };
        var current = await connection.QuerySingleOrDefaultAsync<MarkerRow>(new CommandDefinition(
            $"SELECT present, changed_at FROM timeline_marker WHERE {MarkerKeyCondition};", values, transaction, cancellationToken: cancellationToken));
        if (current is null)
        {
            // A removal of a marker never added is kept too: it makes the add, should it arrive later, stale.
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO timeline_marker (workspace, source_id, kind, holder_id, by_id, by_name, present, changed_at)
                VALUES (@workspace, @sourceId, @kind, @holderId, @byId, @byName, @present, @changedAt);
                """,
                values,
                transaction,
                cancellationToken: cancellationToken));
            return present;
        }

        if (!TimelineMarker.Supersedes(current.ChangedAt, current.Present, changedAt, present))
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE timeline_marker SET present = @present, by_id = @byId, by_name = @byName, changed_at = @changedAt WHERE {MarkerKeyCondition};",
            values,
            transaction,
            cancellationToken: cancellationToken));
        return current.Present != present;
    }

    /// <summary>
    /// Makes the message's key entry show exactly when it has markers: a copy of the captured message appended (or one
    /// withdrawn earlier brought back, with its id and time), or withdrawn at <paramref name="changedAt"/>.
    /// Returns the entry as it is now.
    /// </summary>
    private async Task<TimelineEvent?> KeepKeyEntryInStepAsync(
        DbConnection connection, DbTransaction transaction, TimelineEvent message, bool shown, DateTimeOffset changedAt, DateTimeOffset recordedAt, CancellationToken cancellationToken)
    {
        var sameSource = new { workspace = message.Workspace, kind = nameof(TimelineEventKind.Pinned), sourceId = message.SourceId, withdrawnAt = _dialect.Instant(changedAt) };
        if (shown)
        {
            // The entry keeps the message's author and time: the timeline is about what happened, not who marked it.
            var copy = message with { Id = 0, Kind = TimelineEventKind.Pinned, RecordedAt = recordedAt, WithdrawnAt = null };
            var inserted = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                InsertEventUnlessSourceKnownSql, EventParameters(copy), transaction, cancellationToken: cancellationToken));
            if (inserted is null)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    UPDATE timeline_event SET withdrawn_at = NULL
                    WHERE workspace = @workspace AND kind = @kind AND source_id = @sourceId AND withdrawn_at IS NOT NULL;
                    """,
                    sameSource,
                    transaction,
                    cancellationToken: cancellationToken));
            }
        }
        else
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE timeline_event SET withdrawn_at = @withdrawnAt
                WHERE workspace = @workspace AND kind = @kind AND source_id = @sourceId AND withdrawn_at IS NULL;
                """,
                sameSource,
                transaction,
                cancellationToken: cancellationToken));
        }

        var entry = await connection.QuerySingleOrDefaultAsync<EventRow>(new CommandDefinition(
            $"SELECT {EventColumns} FROM timeline_event WHERE workspace = @workspace AND kind = @kind AND source_id = @sourceId;",
            sameSource,
            transaction,
            cancellationToken: cancellationToken));
        return entry?.ToEvent();
    }

    /// <summary>
    /// Takes the source's captured message row before an edit or a deletion changes the source's events, so that it waits
    /// for a marker change of the message in progress and then sees the key entry that change made (PostgreSQL; SQLite's
    /// writes take turns anyway).
    /// </summary>
    private async Task LockSourceAsync(DbConnection connection, DbTransaction transaction, string workspace, string sourceId, CancellationToken cancellationToken)
    {
        if (_dialect.RowLockClause.Length == 0)
        {
            return;
        }

        await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            $"SELECT id FROM timeline_event WHERE workspace = @workspace AND kind = @message AND source_id = @sourceId{_dialect.RowLockClause};",
            new { workspace, sourceId, message = nameof(TimelineEventKind.Message) },
            transaction,
            cancellationToken: cancellationToken));
    }

    [SuppressMessage("Performance", "CA1812:Avoid uninstantiated internal classes", Justification = "Materialised by Dapper.")]
    private sealed class MarkerRow
    {
        public bool Present { get; set; }
        public DateTimeOffset ChangedAt { get; set; }
    }
}
