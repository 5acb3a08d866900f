using IncidentBot.Core.ActionItems;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Timeline;

namespace IncidentBot.Core.Postmortems;

/// <summary>Everything captured about an incident that a draft is compiled from.</summary>
/// <param name="Timeline">Key events and transcript, withdrawn entries left out, in any order.</param>
/// <param name="Review">The booked review, if any.</param>
public sealed record PostmortemMaterial(
    Incident Incident,
    IReadOnlyList<TimelineEvent> Timeline,
    IReadOnlyList<PostmortemNote> Notes,
    IReadOnlyList<ActionItem> ActionItems,
    ReviewBooking? Review);

/// <summary>When the review meets and who facilitates it.</summary>
public sealed record ReviewBooking(DateTimeOffset At, Person? Facilitator);

/// <summary>How a draft is compiled.</summary>
/// <param name="ReplaceNames">Replace people's names with their roles or "Responder A/B" for sharing beyond the team.</param>
public sealed record CompileOptions(DateTimeOffset CompiledAt, bool ReplaceNames = false, bool Published = false);
