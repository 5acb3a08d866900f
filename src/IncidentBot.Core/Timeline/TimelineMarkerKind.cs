namespace IncidentBot.Core.Timeline;

/// <summary>What kind of <see cref="TimelineMarker"/> puts a message on the key timeline.</summary>
public enum TimelineMarkerKind
{
    /// <summary>The message is pinned to its channel.</summary>
    Pin,

    /// <summary>Someone reacted to the message with the timeline reaction.</summary>
    Reaction,
}
