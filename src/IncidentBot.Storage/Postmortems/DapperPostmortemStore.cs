using System.Data.Common;
using System.Globalization;
using Dapper;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Postmortems;

namespace IncidentBot.Storage.Postmortems;

/// <summary>
/// <see cref="IPostmortemStore"/> over SQL that SQLite and PostgreSQL both accept. Every statement filters on
/// <c>workspace</c>, and writes return the row as the database stored it (<c>RETURNING</c>), so what a write
/// returns equals what a later read returns. A draft's version is computed by its own insert (the incident's
/// highest plus one) while the transaction holds the incident: on SQLite the write lock of
/// <c>BEGIN IMMEDIATE</c>, on PostgreSQL a lock on the incident's row. Concurrent saves therefore queue and
/// get consecutive versions, never the same one.
/// </summary>
internal sealed partial class DapperPostmortemStore(StorageDatabase database) : IPostmortemStore
{
    private const string NoteColumns = """
        id, workspace, incident_id, kind, author_id, author_name, text, created_at, source_id, withdrawn_at
        """;

    private const string DraftColumns = """
        id, workspace, incident_id, version, markdown, created_at, created_by_id, created_by_name, published, names_replaced,
        source_id
        """;

    // Notes without a source (NULL) never conflict, so this one statement adds them always.
    private const string InsertNoteUnlessSourceKnownSql = $"""
        INSERT INTO postmortem_note (
            workspace, incident_id, kind, author_id, author_name, text, created_at, source_id, withdrawn_at)
        VALUES (
            @workspace, @incidentId, @kind, @authorId, @authorName, @text, @createdAt, @sourceId, @withdrawnAt)
        ON CONFLICT (workspace, kind, source_id) DO NOTHING
        RETURNING {NoteColumns};
        """;

    private const string InsertNextDraftSql = $"""
        INSERT INTO postmortem_draft (
            workspace, incident_id, version, markdown, created_at, created_by_id, created_by_name, published, names_replaced,
            source_id)
        SELECT
            @workspace, @incidentId, COALESCE(MAX(version), 0) + 1, @markdown, @createdAt, @createdById, @createdByName,
            @published, @namesReplaced, @sourceId
        FROM postmortem_draft
        WHERE workspace = @workspace AND incident_id = @incidentId
        RETURNING {DraftColumns};
        """;

    private readonly Dialects.SqlDialect _dialect = database.Dialect;

    public async Task<NoteAddResult> AddNoteAsync(PostmortemNote note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(note);

        return await database.WriteAsync(async (connection, transaction) =>
        {
            await IncidentRows.EnsureExistsAsync(connection, transaction, note.Workspace, note.IncidentId, cancellationToken);

            var added = await connection.QuerySingleOrDefaultAsync<NoteRow>(new CommandDefinition(
                InsertNoteUnlessSourceKnownSql, NoteParameters(note), transaction, cancellationToken: cancellationToken));
            if (added is not null)
            {
                return new NoteAddResult(added.ToNote(), Added: true);
            }

            // The source is known (a re-delivery): nothing changes, not even a withdrawn note comes back.
            var existing = await connection.QuerySingleAsync<NoteRow>(new CommandDefinition(
                $"SELECT {NoteColumns} FROM postmortem_note WHERE workspace = @workspace AND kind = @kind AND source_id = @sourceId;",
                new { workspace = note.Workspace, kind = note.Kind.ToString(), sourceId = note.SourceId },
                transaction,
                cancellationToken: cancellationToken));
            return new NoteAddResult(existing.ToNote(), Added: false);
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<PostmortemNote>> GetNotesAsync(string workspace, long incidentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<NoteRow>(new CommandDefinition(
            $"""
            SELECT {NoteColumns} FROM postmortem_note
            WHERE workspace = @workspace AND incident_id = @incidentId AND withdrawn_at IS NULL
            ORDER BY created_at, id;
            """,
            new { workspace, incidentId },
            cancellationToken: cancellationToken));
        return [.. rows.Select(row => row.ToNote())];
    }

    public async Task<bool> WithdrawNoteAsync(string workspace, long incidentId, long noteId, DateTimeOffset withdrawnAt, CancellationToken cancellationToken)
    {
        return await database.WriteAsync(async (connection, transaction) =>
        {
            var withdrawn = await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE postmortem_note SET withdrawn_at = @withdrawnAt
                WHERE workspace = @workspace AND incident_id = @incidentId AND id = @noteId AND withdrawn_at IS NULL;
                """,
                new { workspace, incidentId, noteId, withdrawnAt = _dialect.Instant(withdrawnAt) },
                transaction,
                cancellationToken: cancellationToken));
            return withdrawn > 0;
        }, cancellationToken);
    }

    public async Task<PostmortemDraft> SaveDraftAsync(PostmortemDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);

        return await database.WriteAsync(async (connection, transaction) =>
        {
            await IncidentRows.EnsureExistsAsync(connection, transaction, draft.Workspace, draft.IncidentId, _dialect.RowLockClause, cancellationToken);
            if (draft.SourceId is not null)
            {
                // The same delivery again (a command re-run after a crash): the version it made, not another. The
                // transaction holds the incident (see above), so a concurrent save of the same source waits for this one.
                var known = await connection.QuerySingleOrDefaultAsync<DraftRow>(new CommandDefinition(
                    $"""
                    SELECT {DraftColumns} FROM postmortem_draft
                    WHERE workspace = @workspace AND incident_id = @incidentId AND source_id = @sourceId;
                    """,
                    new { workspace = draft.Workspace, incidentId = draft.IncidentId, sourceId = draft.SourceId },
                    transaction,
                    cancellationToken: cancellationToken));
                if (known is not null)
                {
                    return known.ToDraft();
                }
            }

            var saved = await connection.QuerySingleAsync<DraftRow>(new CommandDefinition(
                InsertNextDraftSql, DraftParameters(draft), transaction, cancellationToken: cancellationToken));
            return saved.ToDraft();
        }, cancellationToken);
    }

    public async Task<PostmortemDraft?> GetDraftAsync(string workspace, long incidentId, int? version, CancellationToken cancellationToken)
    {
        var onlyVersion = version is null ? "" : "AND version = @version";
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var row = await connection.QueryFirstOrDefaultAsync<DraftRow>(new CommandDefinition(
            $"""
            SELECT {DraftColumns} FROM postmortem_draft
            WHERE workspace = @workspace AND incident_id = @incidentId {onlyVersion}
            ORDER BY version DESC
            LIMIT 1;
            """,
            new { workspace, incidentId, version },
            cancellationToken: cancellationToken));
        return row?.ToDraft();
    }

    public async Task<IReadOnlyList<PostmortemDraft>> ListDraftsAsync(string workspace, long incidentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<DraftRow>(new CommandDefinition(
            $"""
            SELECT {DraftColumns} FROM postmortem_draft
            WHERE workspace = @workspace AND incident_id = @incidentId
            ORDER BY version DESC;
            """,
            new { workspace, incidentId },
            cancellationToken: cancellationToken));
        return [.. rows.Select(row => row.ToDraft())];
    }

    public async Task<PostmortemDraft?> GetPublishedAsync(string workspace, long incidentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var row = await connection.QueryFirstOrDefaultAsync<DraftRow>(new CommandDefinition(
            $"""
            SELECT {DraftColumns} FROM postmortem_draft
            WHERE workspace = @workspace AND incident_id = @incidentId AND published = @published
            ORDER BY version DESC
            LIMIT 1;
            """,
            new { workspace, incidentId, published = true },
            cancellationToken: cancellationToken));
        return row?.ToDraft();
    }

    private object NoteParameters(PostmortemNote note) => new
    {
        workspace = note.Workspace,
        incidentId = note.IncidentId,
        kind = note.Kind.ToString(),
        authorId = note.Author.Id,
        authorName = note.Author.Name,
        text = note.Text,
        createdAt = _dialect.Instant(note.CreatedAt),
        sourceId = note.SourceId,
        withdrawnAt = _dialect.Instant(note.WithdrawnAt),
    };

    private object DraftParameters(PostmortemDraft draft) => new
    {
        workspace = draft.Workspace,
        incidentId = draft.IncidentId,
        markdown = draft.Markdown,
        createdAt = _dialect.Instant(draft.CreatedAt),
        createdById = draft.CreatedBy.Id,
        createdByName = draft.CreatedBy.Name,
        published = draft.Published,
        namesReplaced = draft.NamesReplaced,
        sourceId = draft.SourceId,
    };
}
