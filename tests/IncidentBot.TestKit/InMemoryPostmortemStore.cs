using System.Globalization;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Postmortems;

namespace IncidentBot.TestKit;

/// <summary>
/// <see cref="IPostmortemStore"/> in memory, with the semantics of the SQL store (the storage contract tests run
/// against both): notes and drafts belong to an incident of <paramref name="incidents"/> in the same workspace
/// (else <see cref="KeyNotFoundException"/>), notes are idempotent by source per workspace and kind, versions
/// are numbered per incident from 1, and instants are kept in UTC to the microsecond (returned that way by
/// writes too). Thread-safe; every call is atomic.
/// </summary>
public sealed class InMemoryPostmortemStore(InMemoryIncidentStore incidents) : IPostmortemStore
{
    private readonly Lock _gate = new();
    private readonly List<PostmortemNote> _notes = [];
    private readonly List<PostmortemDraft> _drafts = [];
    private long _lastNoteId;
    private long _lastDraftId;

    public Task<NoteAddResult> AddNoteAsync(PostmortemNote note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(note);
        EnsureIncidentExists(note.Workspace, note.IncidentId);
        lock (_gate)
        {
            var existing = note.SourceId is null ? null : _notes.Find(n => IsSameSource(n, note));
            if (existing is not null)
            {
                return Task.FromResult(new NoteAddResult(existing, Added: false));
            }

            var added = note with
            {
                Id = ++_lastNoteId,
                CreatedAt = Stored(note.CreatedAt),
                WithdrawnAt = note.WithdrawnAt is { } withdrawnAt ? Stored(withdrawnAt) : null,
            };
            _notes.Add(added);
            return Task.FromResult(new NoteAddResult(added, Added: true));
        }
    }

    public Task<IReadOnlyList<PostmortemNote>> GetNotesAsync(string workspace, long incidentId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<PostmortemNote> notes = [.. _notes
                .Where(n => IsIn(n.Workspace, workspace) && n.IncidentId == incidentId && n.WithdrawnAt is null)
                .OrderBy(n => n.CreatedAt.UtcTicks)
                .ThenBy(n => n.Id)];
            return Task.FromResult(notes);
        }
    }

    public Task<bool> WithdrawNoteAsync(string workspace, long incidentId, long noteId, DateTimeOffset withdrawnAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var index = _notes.FindIndex(n =>
                IsIn(n.Workspace, workspace) && n.IncidentId == incidentId && n.Id == noteId && n.WithdrawnAt is null);
            if (index < 0)
            {
                return Task.FromResult(false);
            }

            _notes[index] = _notes[index] with { WithdrawnAt = Stored(withdrawnAt) };
            return Task.FromResult(true);
        }
    }

    public Task<PostmortemDraft> SaveDraftAsync(PostmortemDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        EnsureIncidentExists(draft.Workspace, draft.IncidentId);
        lock (_gate)
        {
            if (draft.SourceId is not null
                && Versions(draft.Workspace, draft.IncidentId).FirstOrDefault(d => d.SourceId == draft.SourceId) is { } known)
            {
                return Task.FromResult(known);
            }

            var latest = Versions(draft.Workspace, draft.IncidentId).Select(d => d.Version).DefaultIfEmpty(0).Max();
            var saved = draft with { Id = ++_lastDraftId, Version = latest + 1, CreatedAt = Stored(draft.CreatedAt) };
            _drafts.Add(saved);
            return Task.FromResult(saved);
        }
    }

    public Task<PostmortemDraft?> GetDraftAsync(string workspace, long incidentId, int? version, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(NewestFirst(Versions(workspace, incidentId))
                .FirstOrDefault(d => version is null || d.Version == version));
        }
    }

    public Task<IReadOnlyList<PostmortemDraft>> ListDraftsAsync(string workspace, long incidentId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<PostmortemDraft> drafts = [.. NewestFirst(Versions(workspace, incidentId))];
            return Task.FromResult(drafts);
        }
    }

    public Task<PostmortemDraft?> GetPublishedAsync(string workspace, long incidentId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(NewestFirst(Versions(workspace, incidentId)).FirstOrDefault(d => d.Published));
        }
    }

    private static bool IsIn(string workspace, string wanted) => string.Equals(workspace, wanted, StringComparison.Ordinal);

    private static bool IsSameSource(PostmortemNote x, PostmortemNote y) =>
        x.SourceId is not null
        && x.Kind == y.Kind
        && IsIn(x.Workspace, y.Workspace)
        && string.Equals(x.SourceId, y.SourceId, StringComparison.Ordinal);

    private static IEnumerable<PostmortemDraft> NewestFirst(IEnumerable<PostmortemDraft> drafts) =>
        drafts.OrderByDescending(d => d.Version);

    /// <summary>UTC, to the microsecond: PostgreSQL's timestamptz precision, which every store keeps to.</summary>
    private static DateTimeOffset Stored(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);

    // Incidents are never deleted, so what this finds stays true for the rest of the call.
    private void EnsureIncidentExists(string workspace, long incidentId)
    {
        if (!incidents.HasIncident(workspace, incidentId))
        {
            throw new KeyNotFoundException(string.Create(
                CultureInfo.InvariantCulture, $"Workspace '{workspace}' has no incident with id {incidentId}."));
        }
    }

    private IEnumerable<PostmortemDraft> Versions(string workspace, long incidentId) =>
        _drafts.Where(d => IsIn(d.Workspace, workspace) && d.IncidentId == incidentId);
}
