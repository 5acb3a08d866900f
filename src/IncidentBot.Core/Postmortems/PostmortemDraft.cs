using IncidentBot.Core.Incidents;

namespace IncidentBot.Core.Postmortems;

/// <summary>
/// One compiled version of an incident's postmortem. Versions are numbered per incident from 1 and never
/// change once stored; publishing stores the frozen published text as its own version.
/// </summary>
public sealed record PostmortemDraft
{
    public long Id { get; init; }
    public required string Workspace { get; init; }
    public long IncidentId { get; init; }

    /// <summary>Store-assigned per incident: 1, 2, 3 …</summary>
    public int Version { get; init; }

    public required string Markdown { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public required Person CreatedBy { get; init; }

    /// <summary>True for a version made by <c>/postmortem publish</c>.</summary>
    public bool Published { get; init; }

    /// <summary>True when people's names were replaced by their roles (<c>publish --roles</c>).</summary>
    public bool NamesReplaced { get; init; }

    /// <summary>
    /// The platform delivery of the command that made this version, when it has one: running the same delivery
    /// again (a re-run after a crash) returns this version instead of storing another.
    /// </summary>
    public string? SourceId { get; init; }
}
