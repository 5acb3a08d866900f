using IncidentBot.Core.Incidents;

namespace IncidentBot.Core.Reviews;

/// <summary>Where the choice of a review's facilitator stands.</summary>
public enum FacilitatorState
{
    /// <summary>Nobody yet: the pool is empty or everyone asked passed.</summary>
    None,

    /// <summary><see cref="Review.Facilitator"/> has been asked privately and has not answered.</summary>
    Asked,

    /// <summary><see cref="Review.Facilitator"/> accepted, or was named when the review was booked.</summary>
    Accepted,
}

/// <summary>
/// The review meeting of an incident's postmortem. One per incident: booking again reschedules it, cancelling
/// keeps the row (so its calendar UID stays the same if it is booked again later).
/// </summary>
public sealed record Review
{
    /// <summary>Store-assigned; 0 before saving.</summary>
    public long Id { get; init; }

    public required string Workspace { get; init; }
    public long IncidentId { get; init; }

    /// <summary>When the meeting starts (UTC).</summary>
    public DateTimeOffset At { get; init; }

    public TimeSpan Duration { get; init; }

    /// <summary>The person asked (<see cref="FacilitatorState.Asked"/>) or facilitating (<see cref="FacilitatorState.Accepted"/>).</summary>
    public Person? Facilitator { get; init; }

    public FacilitatorState FacilitatorState { get; init; }

    /// <summary>When the facilitator accepted or was named; orders the rotation (least recently serving first).</summary>
    public DateTimeOffset? FacilitatorSince { get; init; }

    /// <summary>The calendar invite's SEQUENCE: 0 when first booked, one more for every reschedule or cancellation.</summary>
    public int Sequence { get; init; }

    public required Person BookedBy { get; init; }
    public DateTimeOffset BookedAt { get; init; }
    public DateTimeOffset? CancelledAt { get; init; }
    public DateTimeOffset? DoneAt { get; init; }

    /// <summary>Optimistic concurrency: a save succeeds only against the version it was read at (1 once stored).</summary>
    public int Version { get; init; }

    public bool IsCancelled => CancelledAt is not null;

    public DateTimeOffset EndsAt => At + Duration;

    public bool HasFacilitator => FacilitatorState == FacilitatorState.Accepted && Facilitator is not null;
}

/// <summary>Someone who can be asked to facilitate reviews in a workspace.</summary>
public sealed record PoolMember(Person Person, DateTimeOffset AddedAt);

/// <summary>One review someone facilitated (or will): the rotation's memory and the load <c>facilitators list</c> shows.</summary>
public sealed record Facilitation(Person Person, long IncidentId, DateTimeOffset ReviewAt, DateTimeOffset Since);
