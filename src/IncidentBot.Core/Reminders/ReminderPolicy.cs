using System.Globalization;
using IncidentBot.Core.ActionItems;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Reviews;

namespace IncidentBot.Core.Reminders;

/// <summary>What a reminder is about, as it stands when the reminder comes due (read from the source of truth).</summary>
/// <param name="Contributors">Ids of people who have given their account for the incident.</param>
/// <param name="Overdue">For the digest: the workspace's overdue items.</param>
public sealed record ReminderSubject(
    Incident? Incident,
    Review? Review,
    ActionItem? Item,
    IReadOnlySet<string> Contributors,
    IReadOnlyList<OverdueItem> Overdue)
{
    public static readonly ReminderSubject Nothing = new(null, null, null, new HashSet<string>(StringComparer.Ordinal), []);

    /// <summary>
    /// For <see cref="ReminderKind.FacilitatorAskExpired"/>: ids of people who passed on facilitating the review
    /// (read only for that kind; empty otherwise).
    /// </summary>
    public IReadOnlySet<string> Passed { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// For <see cref="ReminderKind.InputFollowUp"/> and <see cref="ReminderKind.ReviewUpcoming"/>: when the request for
    /// the recipient's account was sent, if it was (read only for those kinds; null otherwise).
    /// </summary>
    public DateTimeOffset? AccountRequestedAt { get; init; }
}

/// <summary>An overdue action item and the incident it came from.</summary>
public sealed record OverdueItem(ActionItem Item, Incident? Incident);

/// <summary>Send it, or skip it because it no longer applies.</summary>
public sealed record ReminderDecision(bool Send, string? SkipReason)
{
    public static readonly ReminderDecision Deliver = new(true, null);

    public static ReminderDecision Skip(string reason) => new(false, reason);
}

/// <summary>
/// Decides which reminders exist and, when one comes due, whether it still applies. Pure: every instant is an
/// argument, so a test (or the reminder job) simply passes the time it means. Reminders are planned as rows when
/// their subject changes, and checked again against the subject when due: a reminder about a review that moved,
/// or an item that was done, is skipped rather than sent.
/// </summary>
public sealed class ReminderPolicy(WorkingCalendar calendar, ReviewOptions options)
{
    /// <summary>A reminder sent more than this after it was due says it is late.</summary>
    public static readonly TimeSpan LateAfter = TimeSpan.FromMinutes(5);

    /// <summary>A follow-up to the request for accounts comes only when people have had at least this long to answer.</summary>
    public static readonly TimeSpan FollowUpGap = TimeSpan.FromHours(4);

    /// <summary>The request for an account went out so recently that asking again would only nag.</summary>
    public static bool AccountJustRequested(ReminderSubject subject, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return subject.AccountRequestedAt is { } requested && now - requested < FollowUpGap;
    }

    public static IReadOnlyList<ReminderKind> ReviewKinds { get; } =
        [ReminderKind.FacilitatorAsk, ReminderKind.FacilitatorAskExpired, ReminderKind.InputRequest, ReminderKind.InputFollowUp, ReminderKind.ReviewUpcoming, ReminderKind.ReflectionPrompt];

    /// <summary>An ask to facilitate and the end of its answer window: withdrawn together once the ask is answered or moves on.</summary>
    public static IReadOnlyList<ReminderKind> AskKinds { get; } = [ReminderKind.FacilitatorAsk, ReminderKind.FacilitatorAskExpired];

    public static IReadOnlyList<ReminderKind> ActionKinds { get; } = [ReminderKind.ActionDueSoon, ReminderKind.ActionDueToday];

    public WorkingCalendar Calendar => calendar;

    public static bool IsDue(Reminder reminder, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        return reminder.IsPending && reminder.DueAt <= now;
    }

    public static bool IsLate(Reminder reminder, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        return now - reminder.DueAt > LateAfter;
    }

    // ---- planning ----------------------------------------------------------------------------------

    /// <summary>
    /// A booked (or moved) review's reminders: the request for each participant's account (once per review, at
    /// booking), a follow-up to those who have not answered <see cref="ReviewOptions.InputReminderLead"/> before,
    /// reminders at each lead time, and the reflection prompts when it ends. Times already past are left out.
    /// </summary>
    public IReadOnlyList<Reminder> ForBooking(Review review, Incident incident, IReadOnlyList<Person> participants, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(participants);
        var planned = new List<Reminder>();
        foreach (var person in participants)
        {
            planned.Add(ToPerson(review, incident, person, ReminderKind.InputRequest, now, now, Key("input", review.Id, person.Id)));
            var followUp = OnAWorkingDay(review.At - options.InputReminderLead, review);
            if (followUp >= now + FollowUpGap)
            {
                planned.Add(ToPerson(review, incident, person, ReminderKind.InputFollowUp, followUp, now, Key("input-followup", review.Id, review.Sequence, person.Id)));
            }

            planned.AddRange(Upcoming(review, incident, person, now));
        }

        planned.Add(new Reminder
        {
            Workspace = review.Workspace,
            Kind = ReminderKind.ReflectionPrompt,
            SubjectId = review.Id,
            IncidentId = incident.Id,
            Recipient = incident.Channel,
            DueAt = review.EndsAt,
            Revision = review.Sequence,
            DedupeKey = Key("reflection", review.Id, review.Sequence),
            CreatedAt = now,
        });
        return planned;
    }

    /// <summary>The facilitator's reminders at each lead time (the same rows as an attendee's when they are one).</summary>
    public IReadOnlyList<Reminder> ForFacilitator(Review review, Incident incident, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(review);
        return review.HasFacilitator ? [.. Upcoming(review, incident, review.Facilitator!, now)] : [];
    }

    /// <summary>The private question to a pool member: will you facilitate? Due at once.</summary>
    public static Reminder FacilitatorAsk(Review review, Incident incident, Person candidate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(candidate);
        return ToPerson(review, incident, candidate, ReminderKind.FacilitatorAsk, now, now, Key("ask", review.Id, review.Sequence, candidate.Id));
    }

    /// <summary>
    /// Asking <paramref name="candidate"/> to facilitate: the private question (due at once) and the end of its
    /// answer window (<see cref="AnswerDueAt"/>), when the bot takes silence as a pass. Both are keyed by review,
    /// sequence and person, so planning them again (a retried command, a resumed handover) adds nothing.
    /// </summary>
    public IReadOnlyList<Reminder> ForAsk(Review review, Incident incident, Person candidate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(candidate);
        var ask = FacilitatorAsk(review, incident, candidate, now);
        return Expiry(review, incident, candidate, now, now, late: false) is { } expiry ? [ask, expiry] : [ask];
    }

    /// <summary>
    /// A second end to a window that began late: the ask reached <paramref name="candidate"/> (or is still on its way)
    /// well after it was planned, because the host or the chat platform was down, so the silence counts from
    /// <paramref name="reachedAt"/> instead (<see cref="AnswerDueAt"/>). Keyed by its time as well, so planning it again
    /// adds nothing and a later deferral is a reminder of its own. Null when no working moment is left before the review.
    /// </summary>
    public Reminder? ExpiryAfterLateAsk(Review review, Incident incident, Person candidate, DateTimeOffset reachedAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(candidate);
        return Expiry(review, incident, candidate, reachedAt, now, late: true);
    }

    /// <summary>
    /// When an ask to facilitate made at <paramref name="askedAt"/> counts as unanswered: after
    /// <see cref="ReviewOptions.FacilitatorAnswerWindow"/>, except that a window ending on a day off runs on to the
    /// same local time on the next working day (an ask on Friday afternoon is answered by Monday afternoon, not on
    /// Saturday), and one ending outside working hours runs on to the next working morning. Never later than halfway
    /// from the ask to the review, so that whoever is asked next has as long again before it starts; a halfway point
    /// at night becomes the end of the working day before it, or else the next working morning. The handover asks the
    /// next person, so it happens in working hours: nobody is messaged at 04:00 because someone else did not answer.
    /// Null when the review starts at or before the ask, or when no working moment is left before it to hand on in.
    /// </summary>
    /// <remarks>
    /// Halfway is the cutoff because it needs no second setting and shrinks with the time left: a review a day away
    /// hands on the same evening, the next person has until the next morning, and so on, rather than the first
    /// silence using up all of it. The end of the working day stands in for halfway only when it leaves the person
    /// at least half of the time to halfway (an ask at 16:55 is not handed on at 17:00).
    /// </remarks>
    public DateTimeOffset? AnswerDueAt(DateTimeOffset askedAt, DateTimeOffset reviewAt)
    {
        if (reviewAt <= askedAt)
        {
            return null;
        }

        var end = askedAt + options.FacilitatorAnswerWindow;
        var date = calendar.Clock.LocalDate(end);
        if (!calendar.IsWorkingDay(date))
        {
            end = calendar.SameTimeOn(calendar.WorkingDayOnOrAfter(date), end);
        }

        end = calendar.WorkingMomentOnOrAfter(end);
        var halfway = askedAt + ((reviewAt - askedAt) / 2);
        if (end <= halfway)
        {
            return end;
        }

        var endOfDay = calendar.WorkingMomentOnOrBefore(halfway);
        if (endOfDay >= askedAt + ((halfway - askedAt) / 2))
        {
            return endOfDay;
        }

        var nextMorning = calendar.WorkingMomentOnOrAfter(halfway);
        return nextMorning < reviewAt ? nextMorning : null;
    }

    /// <summary>
    /// The owner's reminders: <see cref="ReviewOptions.ActionReminderDaysBefore"/> days before the due date and on it,
    /// at <see cref="ReviewOptions.DigestTime"/> local time, moved back to a working day; none that would already be past.
    /// </summary>
    public IReadOnlyList<Reminder> ForActionItem(ActionItem item, Incident incident, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(incident);
        if (!item.IsOpen || item.Owner is null || item.DueOn is not { } due)
        {
            return [];
        }

        var planned = new List<Reminder>();
        var onDay = AtDigestTime(calendar.WorkingDayOnOrBefore(due));
        if (options.ActionReminderDaysBefore > 0)
        {
            var before = AtDigestTime(calendar.WorkingDayOnOrBefore(due.AddDays(-options.ActionReminderDaysBefore)));
            if (before > now && before < onDay)
            {
                planned.Add(ToOwner(item, incident, ReminderKind.ActionDueSoon, before, now));
            }
        }

        if (onDay > now)
        {
            planned.Add(ToOwner(item, incident, ReminderKind.ActionDueToday, onDay, now));
        }

        return planned;
    }

    /// <summary>
    /// When today's digest is due: the configured local time on a working day, once that time has come; null on a
    /// day off or before the time. A host that was down at that time sends it (late) when it starts the same day.
    /// </summary>
    public DateTimeOffset? DigestDueAt(DateTimeOffset now)
    {
        var today = calendar.Today(now);
        if (!calendar.IsWorkingDay(today))
        {
            return null;
        }

        var at = AtDigestTime(today);
        return at <= now ? at : null;
    }

    public Reminder Digest(string workspace, ChannelRef channel, DateTimeOffset dueAt, DateTimeOffset now) => new()
    {
        Workspace = workspace,
        Kind = ReminderKind.OverdueDigest,
        Recipient = channel,
        DueAt = dueAt,
        DedupeKey = "digest:" + calendar.Clock.LocalDate(dueAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        CreatedAt = now,
    };

    // ---- deciding ----------------------------------------------------------------------------------

    /// <summary>
    /// Whether a due reminder still applies to its subject as it is now. A late reminder that a later one has
    /// overtaken (the 24 h reminder when the 1 h one is due too, "due soon" on the due date) is skipped: people get
    /// the one that is true now, not a backlog.
    /// </summary>
    public ReminderDecision Decide(Reminder reminder, ReminderSubject subject, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        ArgumentNullException.ThrowIfNull(subject);
        if (!IsDue(reminder, now))
        {
            return ReminderDecision.Skip("not due yet");
        }

        return reminder.Kind switch
        {
            ReminderKind.ActionDueSoon when subject.Item?.DueOn is { } due && due <= calendar.Today(now) => ReminderDecision.Skip("the due-today reminder replaces it"),
            ReminderKind.ActionDueSoon or ReminderKind.ActionDueToday => DecideForItem(reminder, subject.Item),
            ReminderKind.OverdueDigest => subject.Overdue.Count > 0 ? ReminderDecision.Deliver : ReminderDecision.Skip("nothing is overdue"),
            _ => subject.Incident is null ? ReminderDecision.Skip("the incident is gone") : DecideForReview(reminder, subject, now),
        };
    }

    private ReminderDecision DecideForReview(Reminder reminder, ReminderSubject subject, DateTimeOffset now)
    {
        var decision = DecideForReviewState(reminder, subject, now);
        if (decision.Send && reminder.Kind == ReminderKind.ReviewUpcoming && subject.Review is { } review)
        {
            var lead = review.At - reminder.DueAt;
            if (options.EffectiveLeadTimes.Any(later => later < lead && review.At - later <= now))
            {
                return ReminderDecision.Skip("a later reminder replaces it");
            }
        }

        return decision;
    }

    private static ReminderDecision DecideForReviewState(Reminder reminder, ReminderSubject subject, DateTimeOffset now)
    {
        var review = subject.Review;
        if (review is null || review.Id != reminder.SubjectId || review.IsCancelled)
        {
            return ReminderDecision.Skip("the review was cancelled");
        }

        if (review.Sequence != reminder.Revision)
        {
            return ReminderDecision.Skip("the review was moved since");
        }

        var person = reminder.Recipient.Id;
        var contributed = subject.Contributors.Contains(person);
        var asked = review.FacilitatorState == FacilitatorState.Asked && review.Facilitator?.Id == person;
        return reminder.Kind switch
        {
            ReminderKind.FacilitatorAsk when !asked => ReminderDecision.Skip("someone else facilitates now"),
            ReminderKind.FacilitatorAskExpired when review.FacilitatorState == FacilitatorState.Accepted =>
                ReminderDecision.Skip(review.Facilitator?.Id == person ? "they accepted" : "someone else facilitates now"),

            // Still asked: the window closed unanswered. Or no longer asked but recorded as passing while this reminder
            // is still live: a run of it saved the handover and stopped before finishing, so it is delivered to finish.
            ReminderKind.FacilitatorAskExpired when !asked && !subject.Passed.Contains(person) => ReminderDecision.Skip("someone else is asked now"),
            ReminderKind.InputRequest or ReminderKind.InputFollowUp when contributed => ReminderDecision.Skip("they have given their account"),

            // The request went out late (the host or the platform was down): a follow-up on its heels would only nag.
            ReminderKind.InputFollowUp when AccountJustRequested(subject, now) =>
                ReminderDecision.Skip(string.Create(CultureInfo.InvariantCulture, $"the request for their account went out less than {FollowUpGap.TotalHours} h ago")),
            ReminderKind.ReflectionPrompt => ReminderDecision.Deliver,
            _ when review.DoneAt is not null => ReminderDecision.Skip("the review has been held"),
            ReminderKind.InputRequest => ReminderDecision.Deliver,
            _ when review.At <= now => ReminderDecision.Skip("the review has started"),
            _ => ReminderDecision.Deliver,
        };
    }

    private static ReminderDecision DecideForItem(Reminder reminder, ActionItem? item)
    {
        if (item is null)
        {
            return ReminderDecision.Skip("the action item is gone");
        }

        if (!item.IsOpen)
        {
            return ReminderDecision.Skip($"{item.Reference} is {item.Status.ToString().ToLowerInvariant()}");
        }

        return item.Version != reminder.Revision || item.Owner?.Id != reminder.Recipient.Id
            ? ReminderDecision.Skip($"{item.Reference} changed since")
            : ReminderDecision.Deliver;
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /// <summary>
    /// The reminders at each lead time, moved off days off (<see cref="OnAWorkingDay"/>). Two leads that land on the
    /// same moment (48 h and 24 h before a Monday review both come on Friday) send one reminder, the shorter lead's.
    /// </summary>
    private IEnumerable<Reminder> Upcoming(Review review, Incident incident, Person person, DateTimeOffset now)
    {
        var times = options.EffectiveLeadTimes.Select(lead => (Lead: lead, At: OnAWorkingDay(review.At - lead, review))).ToList();
        foreach (var (lead, at) in times)
        {
            var overtaken = times.Any(other => other.Lead < lead && other.At <= at);
            if (at > now && !overtaken)
            {
                var minutes = ((long)lead.TotalMinutes).ToString(CultureInfo.InvariantCulture);
                yield return ToPerson(review, incident, person, ReminderKind.ReviewUpcoming, at, now, Key("upcoming", review.Id, review.Sequence, person.Id) + ":" + minutes);
            }
        }
    }

    /// <summary>
    /// A reminder ahead of a review on a working day that would fall on an earlier day off moves back to the same
    /// local time on the last working day before: the 24 h reminder of a Monday review comes on Friday, not on
    /// Sunday. A review the team booked on a day off keeps its reminders where they fall.
    /// </summary>
    private DateTimeOffset OnAWorkingDay(DateTimeOffset at, Review review)
    {
        var date = calendar.Clock.LocalDate(at);
        var reviewDate = calendar.Clock.LocalDate(review.At);
        if (calendar.IsWorkingDay(date) || date == reviewDate || !calendar.IsWorkingDay(reviewDate))
        {
            return at;
        }

        return calendar.SameTimeOn(calendar.WorkingDayOnOrBefore(date), at);
    }

    /// <summary>
    /// The end of the answer window of an ask made at <paramref name="askedAt"/>; null when it has none. A late one's
    /// key names its time too, since the ask's own key is taken by the expiry planned with the ask.
    /// </summary>
    private Reminder? Expiry(Review review, Incident incident, Person candidate, DateTimeOffset askedAt, DateTimeOffset now, bool late)
    {
        if (AnswerDueAt(askedAt, review.At) is not { } due)
        {
            return null;
        }

        var key = Key("ask-expired", review.Id, review.Sequence, candidate.Id);
        return ToPerson(review, incident, candidate, ReminderKind.FacilitatorAskExpired, due, now,
            late ? string.Create(CultureInfo.InvariantCulture, $"{key}:{due.UtcTicks}") : key);
    }

    private static Reminder ToPerson(Review review, Incident incident, Person person, ReminderKind kind, DateTimeOffset at, DateTimeOffset now, string key) => new()
    {
        Workspace = review.Workspace,
        Kind = kind,
        SubjectId = review.Id,
        IncidentId = incident.Id,
        Recipient = DirectMessage.To(incident.Channel.Platform, person),
        DueAt = at,
        Revision = review.Sequence,
        DedupeKey = key,
        CreatedAt = now,
    };

    private static Reminder ToOwner(ActionItem item, Incident incident, ReminderKind kind, DateTimeOffset at, DateTimeOffset now) => new()
    {
        Workspace = item.Workspace,
        Kind = kind,
        SubjectId = item.Number,
        IncidentId = item.IncidentId,
        Recipient = DirectMessage.To(incident.Channel.Platform, item.Owner!),
        DueAt = at,
        Revision = item.Version,
        DedupeKey = string.Create(CultureInfo.InvariantCulture, $"{(kind == ReminderKind.ActionDueSoon ? "due-soon" : "due-today")}:{item.Number}:{item.Version}"),
        CreatedAt = now,
    };

    private DateTimeOffset AtDigestTime(DateOnly date) => calendar.InstantOf(date, TimeOnly.FromTimeSpan(options.DigestTime));

    private static string Key(string kind, long reviewId, string personId) =>
        string.Create(CultureInfo.InvariantCulture, $"{kind}:{reviewId}:{personId}");

    private static string Key(string kind, long reviewId, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{kind}:{reviewId}:{sequence}");

    private static string Key(string kind, long reviewId, int sequence, string personId) =>
        string.Create(CultureInfo.InvariantCulture, $"{kind}:{reviewId}:{sequence}:{personId}");
}
