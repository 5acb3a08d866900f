namespace IncidentBot.Core.Timeline;

public enum TimelineEventKind
{
    Declared,
    StatusChanged,
    SeverityChanged,
    RoleAssigned,
    SummaryUpdated,
    ImpactUpdated,
    KeyTimeSet,

    /// <summary>A key event someone added with <c>/incident timeline …</c>.</summary>
    Note,

    /// <summary>A human message in the incident channel: the transcript, not the key timeline.</summary>
    Message,

    /// <summary>A channel message promoted to the key timeline by a pin or the timeline reaction.</summary>
    Pinned,

    Resolved,
    Reopened,
}
