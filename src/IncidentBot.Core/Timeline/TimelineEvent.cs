using IncidentBot.Core.Incidents;

namespace IncidentBot.Core.Timeline;

/// <summary>
/// Something that happened during an incident. <see cref="OccurredAt"/> is when it happened (a message's
/// original time, a back-dated note's time), not when the bot recorded it.
/// </summary>
public sealed record TimelineEvent
{
    /// <summary>Store-assigned; 0 before the event is saved. Breaks ties between equal <see cref="OccurredAt"/>.</summary>
    public long Id { get; init; }

    public required string Workspace { get; init; }
    public long IncidentId { get; init; }
    public TimelineEventKind Kind { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
    public required Person Author { get; init; }
    public required string Text { get; init; }

    /// <summary>
    /// The platform message this came from (for example <c>C024BE91L/1355517523.000005</c>). Unique per
    /// workspace and kind, which makes re-delivery idempotent and lets an edit or deletion find the entry.
    /// </summary>
    public string? SourceId { get; init; }

    /// <summary>The thread's root message id when the message was a thread reply.</summary>
    public string? ThreadId { get; init; }

    /// <summary>A permalink to the original message, when the platform gives one.</summary>
    public string? Link { get; init; }

    /// <summary>The text as first recorded, kept when an edit changes <see cref="Text"/>.</summary>
    public string? OriginalText { get; init; }

    public DateTimeOffset? EditedAt { get; init; }
    public DateTimeOffset? WithdrawnAt { get; init; }

    public bool IsKeyEvent => Kind != TimelineEventKind.Message;
    public bool IsWithdrawn => WithdrawnAt is not null;
}
