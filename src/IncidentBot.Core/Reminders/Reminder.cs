using IncidentBot.Core.Incidents;

namespace IncidentBot.Core.Reminders;

/// <summary>What a reminder is about. Review kinds refer to a review, action kinds to an action item, the digest to the workspace.</summary>
public enum ReminderKind
{
    /// <summary>Privately asks a pool member to facilitate a review (accept or pass).</summary>
    FacilitatorAsk,

    /// <summary>Privately asks a participant for their account when the review is booked.</summary>
    InputRequest,

    /// <summary>Before the review, privately reminds a participant who has not given their account yet.</summary>
    InputFollowUp,

    /// <summary>Privately reminds the facilitator or an attendee that the review is coming up.</summary>
    ReviewUpcoming,

    /// <summary>After the review time: reflection prompts in the incident channel, and the ask to mark the review done.</summary>
    ReflectionPrompt,

    /// <summary>Privately reminds an action item's owner before its due date.</summary>
    ActionDueSoon,

    /// <summary>Privately reminds an action item's owner on its due date.</summary>
    ActionDueToday,

    /// <summary>The workspace's daily digest of overdue action items, in its digest channel.</summary>
    OverdueDigest,

    /// <summary>
    /// The answer window of a <see cref="FacilitatorAsk"/> has closed: an action as well as a message. If the person
    /// asked still has not answered, the silence counts as a pass, the next pool member is asked, and the silent
    /// person is told privately (<see cref="Reviews.ReviewService.HandOverUnansweredAskAsync"/>). Added last: kinds
    /// are stored by name, and keeping the order keeps any numeric use stable too.
    /// </summary>
    FacilitatorAskExpired,
}

/// <summary>
/// One message the bot owes someone at a time: a fact in our own tables (what, to whom, due when, sent when). The
/// reminder job claims due reminders with an expiring claim, so that across replicas each is sent by one of them,
/// and one that fell due while the host was down goes out when it starts again (marked late).
/// </summary>
public sealed record Reminder
{
    /// <summary>Store-assigned; 0 before scheduling.</summary>
    public long Id { get; init; }

    public required string Workspace { get; init; }
    public ReminderKind Kind { get; init; }

    /// <summary>The review's or action item's id; 0 for the digest.</summary>
    public long SubjectId { get; init; }

    /// <summary>The incident it belongs to; 0 for the digest.</summary>
    public long IncidentId { get; init; }

    /// <summary>Where it goes: a person (a direct message, see <see cref="DirectMessage"/>) or a channel.</summary>
    public required ChannelRef Recipient { get; init; }

    public DateTimeOffset DueAt { get; init; }

    /// <summary>
    /// The subject's state the reminder was planned for (the review's sequence, the item's version); a reminder
    /// whose subject has moved on since is skipped rather than sent.
    /// </summary>
    public int Revision { get; init; }

    /// <summary>Unique per workspace: scheduling the same reminder twice (two replicas, a retried command) adds one.</summary>
    public required string DedupeKey { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public string? ClaimedBy { get; init; }
    public DateTimeOffset? ClaimedUntil { get; init; }
    public int Attempts { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    /// <summary>Sent well after <see cref="DueAt"/> (the host was down or the platform unavailable).</summary>
    public bool Late { get; init; }

    /// <summary>Not sent because it no longer applied (the item was done, the account was given …); see <see cref="Note"/>.</summary>
    public DateTimeOffset? SkippedAt { get; init; }

    /// <summary>Withdrawn before it was due (the review moved, the item was reassigned).</summary>
    public DateTimeOffset? CancelledAt { get; init; }

    /// <summary>Why it was skipped, or the last delivery error.</summary>
    public string? Note { get; init; }

    public bool IsPending => SentAt is null && SkippedAt is null && CancelledAt is null;
}

/// <summary>Private messages: a person's direct-message channel is named by their id on the platform.</summary>
public static class DirectMessage
{
    /// <summary>Marks a <see cref="ChannelRef"/> as a person rather than a channel: its name starts with @.</summary>
    public const string NamePrefix = "@";

    public static ChannelRef To(Platform platform, Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return new ChannelRef(platform, person.Id, NamePrefix + person.Name);
    }

    public static bool IsDirect(ChannelRef channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return channel.Name.StartsWith(NamePrefix, StringComparison.Ordinal);
    }
}
