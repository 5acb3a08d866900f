using IncidentBot.Core.Postmortems;

namespace IncidentBot.Core.Ports;

/// <summary>Postmortem notes and draft versions, scoped by workspace like every store.</summary>
public interface IPostmortemStore
{
    /// <summary>
    /// Adds a note. With a <see cref="PostmortemNote.SourceId"/> already stored for the same workspace and kind,
    /// nothing changes and the stored note is returned with <c>Added = false</c>.
    /// </summary>
    Task<NoteAddResult> AddNoteAsync(PostmortemNote note, CancellationToken cancellationToken);

    /// <summary>The incident's notes that are not withdrawn, in the order they were added (time, then id).</summary>
    Task<IReadOnlyList<PostmortemNote>> GetNotesAsync(string workspace, long incidentId, CancellationToken cancellationToken);

    /// <summary>Withdraws one note of the incident. Returns false when there is no such note (or it is withdrawn already).</summary>
    Task<bool> WithdrawNoteAsync(string workspace, long incidentId, long noteId, DateTimeOffset withdrawnAt, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a new version (the next number for the incident, assigned atomically) and returns it. When the incident
    /// has a version with the same <see cref="PostmortemDraft.SourceId"/> already, nothing is stored and that version is
    /// returned as it was stored.
    /// </summary>
    Task<PostmortemDraft> SaveDraftAsync(PostmortemDraft draft, CancellationToken cancellationToken);

    /// <summary>The given version, or the latest when <paramref name="version"/> is null; null when none exists.</summary>
    Task<PostmortemDraft?> GetDraftAsync(string workspace, long incidentId, int? version, CancellationToken cancellationToken);

    /// <summary>Every version of the incident, newest first.</summary>
    Task<IReadOnlyList<PostmortemDraft>> ListDraftsAsync(string workspace, long incidentId, CancellationToken cancellationToken);

    /// <summary>The newest published version, or null.</summary>
    Task<PostmortemDraft?> GetPublishedAsync(string workspace, long incidentId, CancellationToken cancellationToken);
}

public sealed record NoteAddResult(PostmortemNote Note, bool Added);
