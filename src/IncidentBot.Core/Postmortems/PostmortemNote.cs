using IncidentBot.Core.Incidents;

namespace IncidentBot.Core.Postmortems;

/// <summary>What people add to a postmortem in chat, one note per <c>/postmortem contribute|why|factor|learned …</c>.</summary>
public enum PostmortemNoteKind
{
    /// <summary>A participant's own account: what they saw first, assumed, were surprised by.</summary>
    Perspective,

    /// <summary>The next step of the 5 Whys chain, in the order added.</summary>
    Why,

    /// <summary>A contributing factor (systemic, one of several).</summary>
    Factor,

    WentWell,
    WentWrong,
    Lucky,
}

public sealed record PostmortemNote
{
    /// <summary>Store-assigned; 0 before saving.</summary>
    public long Id { get; init; }

    public required string Workspace { get; init; }
    public long IncidentId { get; init; }
    public PostmortemNoteKind Kind { get; init; }
    public required Person Author { get; init; }
    public required string Text { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The platform delivery this came from; unique per workspace and kind, so re-delivery adds nothing.</summary>
    public string? SourceId { get; init; }

    public DateTimeOffset? WithdrawnAt { get; init; }
}
