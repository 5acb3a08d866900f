using System.Globalization;
using IncidentBot.Core.ActionItems;
using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Reviews;

namespace IncidentBot.Core.Reminders;

/// <summary>What each reminder says. Plain text in neutral blocks; the platform's notifier renders and escapes it.</summary>
public sealed class ReminderMessages(WorkingCalendar calendar)
{
    private WorkspaceClock Clock => calendar.Clock;

    /// <param name="now">When it is sent: "starts in …" and "due in …" are counted from then, so a late reminder is still true.</param>
    public Reply Compose(Reminder reminder, ReminderSubject subject, bool late, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        ArgumentNullException.ThrowIfNull(subject);
        var blocks = reminder.Kind switch
        {
            ReminderKind.FacilitatorAsk => FacilitatorAsk(subject.Incident!, subject.Review!),
            ReminderKind.InputRequest => InputRequest(subject.Incident!, subject.Review!),
            ReminderKind.InputFollowUp => InputFollowUp(subject.Incident!, subject.Review!),
            ReminderKind.ReviewUpcoming => Upcoming(reminder, subject, now),
            ReminderKind.ReflectionPrompt => Reflection(subject.Incident!, subject.Review!),
            ReminderKind.ActionDueSoon or ReminderKind.ActionDueToday => ItemDue(subject.Item!, subject.Incident, now),
            ReminderKind.OverdueDigest => Digest(subject.Overdue, reminder.DueAt),
            _ => throw new ArgumentException($"A {reminder.Kind} reminder is an action: ReviewService.HandOverUnansweredAskAsync says what it sends.", nameof(reminder)),
        };
        if (late)
        {
            blocks.Add(new ContextBlock($"Sent late: this was due at {Clock.Format(reminder.DueAt, withDate: true)} ({Clock.ZoneName}), when the bot could not send it."));
        }

        return new Reply(ReplyVisibility.InChannel, blocks);
    }

    /// <summary>The review's time as people read it: <c>Tue 2026-11-25 10:00–11:00 (Europe/Berlin)</c>.</summary>
    public string When(Review review)
    {
        ArgumentNullException.ThrowIfNull(review);
        var start = Clock.LocalDateTime(review.At);
        var end = Clock.LocalDateTime(review.EndsAt);
        var endText = end.Date == start.Date ? end.ToString("HH:mm", CultureInfo.InvariantCulture) : end.ToString("ddd yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return $"{start.ToString("ddd yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}–{endText} ({Clock.ZoneName})";
    }

    private List<ReplyBlock> FacilitatorAsk(Incident incident, Review review) =>
    [
        new HeadingBlock($"Will you facilitate the {incident.Reference} review?"),
        new TextBlock($"{incident.Reference} ({IncidentLifecycle.Name(incident.Severity)}): {incident.Title}. The review meets {When(review)} in #{incident.Channel.Name}."),
        new TextBlock("A facilitator keeps the review blameless: asks what made the failure possible rather than who caused it, makes sure every voice is heard, and closes with reflections. You were asked because you have facilitated least recently and were not deeply involved in this incident."),
        new ActionsBlock(
        [
            new ReplyAction("facilitate-accept", "Accept", $"/postmortem {incident.Reference} facilitate accept"),
            new ReplyAction("facilitate-pass", "Pass", $"/postmortem {incident.Reference} facilitate pass"),
        ]),
        new ContextBlock($"Or type /postmortem {incident.Reference} facilitate accept|pass. Passing is fine: the bot asks the next person."),
    ];

    /// <summary>
    /// To someone whose ask to facilitate went unanswered, once the bot has moved on (<paramref name="review"/> as it
    /// is now): not answering is fine, nothing is needed from them, and how to offer after all.
    /// </summary>
    public Reply AskHandedOn(Incident incident, Review review)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(review);
        var next = review.FacilitatorState == FacilitatorState.Asked
            ? "the bot has asked the next person in the pool instead"
            : "nobody else in the pool can be asked, so the incident channel has been told the review still needs a facilitator";
        return Reply.InChannel(
            new HeadingBlock($"The {incident.Reference} review: nothing needed from you"),
            new TextBlock($"You were asked to facilitate the {incident.Reference} review ({When(review)}). Not answering is completely fine: {next}, and there is nothing you need to do."),
            new ContextBlock($"If you would like to facilitate it after all, book it with you named: /postmortem {incident.Reference} schedule facilitator @you."));
    }

    private List<ReplyBlock> InputRequest(Incident incident, Review review) =>
    [
        new HeadingBlock($"Your account of {incident.Reference}, before its review"),
        new TextBlock($"The review of {incident.Reference} ({incident.Title}) meets {When(review)}. It works best when everyone's view is written down first, in their own words. In a few sentences:"),
        AccountPrompts(),
        new TextBlock($"Reply with /postmortem {incident.Reference} contribute <your account>. It goes into the draft's participant perspectives."),
        new ContextBlock("There are no wrong answers: this is about how the situation looked to you at the time, not about who did what."),
    ];

    private List<ReplyBlock> InputFollowUp(Incident incident, Review review) =>
    [
        new HeadingBlock($"The {incident.Reference} review is coming up: your account is not in yet"),
        new TextBlock($"It meets {When(review)}. A few sentences help the group more than a perfect write-up:"),
        AccountPrompts(),
        new TextBlock($"/postmortem {incident.Reference} contribute <your account>"),
    ];

    private static ListBlock AccountPrompts() => new(
    [
        "what you saw first",
        "what you assumed at the time",
        "what surprised you",
        "what helped",
        "what made it harder",
    ]);

    /// <remarks>
    /// An attendee whose account is not in yet is asked for it once more here: the follow-up to the request for
    /// accounts is left out when it would fall before the booking (a Friday-afternoon booking for Monday morning), so
    /// this reminder is then the last word before the review. The facilitator is not asked (the pool keeps people who
    /// were close to the incident out of facilitating), nor is anyone whose request went out late, just before this
    /// reminder (<see cref="ReminderPolicy.AccountJustRequested"/>).
    /// </remarks>
    private List<ReplyBlock> Upcoming(Reminder reminder, ReminderSubject subject, DateTimeOffset now)
    {
        var (incident, review) = (subject.Incident!, subject.Review!);
        var lead = review.At - now;
        var facilitating = review.HasFacilitator && string.Equals(review.Facilitator!.Id, reminder.Recipient.Id, StringComparison.Ordinal);
        var blocks = new List<ReplyBlock>
        {
            new HeadingBlock($"The {incident.Reference} review starts in {IncidentReplies.Duration(lead)}"),
            new TextBlock($"{incident.Reference}: {incident.Title} · {When(review)} · #{incident.Channel.Name}"),
        };
        blocks.Add(facilitating
            ? new TextBlock($"You are facilitating. Read the draft (/postmortem {incident.Reference} draft), open by reminding everyone the review is blameless, walk the timeline, look for several contributing factors, and leave with owned, dated action items.")
            : new TextBlock($"Read the draft before you come: /postmortem {incident.Reference} draft."));
        if (!facilitating && !subject.Contributors.Contains(reminder.Recipient.Id) && !ReminderPolicy.AccountJustRequested(subject, now))
        {
            blocks.Add(new TextBlock($"Your account is not in yet. A few sentences on what you saw, assumed and found surprising help the group more than a perfect write-up: /postmortem {incident.Reference} contribute <your account>"));
        }

        return blocks;
    }

    private static List<ReplyBlock> Reflection(Incident incident, Review review)
    {
        var blocks = new List<ReplyBlock>
        {
            new HeadingBlock($"Reflections on the {incident.Reference} review"),
            new TextBlock("Before it fades, a line each (they go into the postmortem's lessons):"),
            new ListBlock(
            [
                "What went well? /postmortem learned well …",
                "Where did we get lucky? /postmortem learned lucky …",
                "What surprised you? /postmortem contribute …",
                "One thing you learned: /postmortem learned wrong … or learned well …",
            ]),
        };
        if (review.DoneAt is null)
        {
            var who = review.HasFacilitator ? review.Facilitator!.Name : "Facilitator";
            blocks.Add(new TextBlock($"{who}, once the review has met, please mark it done: /postmortem {incident.Reference} review done"));
            blocks.Add(new ActionsBlock([new ReplyAction("review-done", "Mark review done", $"/postmortem {incident.Reference} review done")]));
        }

        return blocks;
    }

    private List<ReplyBlock> ItemDue(ActionItem item, Incident? incident, DateTimeOffset now)
    {
        var due = item.DueOn!.Value;
        var days = due.DayNumber - Clock.LocalDate(now).DayNumber;
        var when = days switch
        {
            <= 0 => "today",
            1 => "tomorrow",
            _ => string.Create(CultureInfo.InvariantCulture, $"in {days} days"),
        };
        var from = incident is null ? string.Empty : $" (from {incident.Reference}: {incident.Title})";
        return
        [
            new HeadingBlock($"{item.Reference} is due {when}"),
            new TextBlock($"{item.Title}{from} · due {ActionItemReplies.Date(due)} · {item.Priority}"),
            new ActionsBlock(
            [
                new ReplyAction("item-done", "Mark done", $"/postmortem done {item.Reference}"),
                new ReplyAction("item-later", "Move a week", $"/postmortem due {item.Reference} {ActionItemReplies.Date(due.AddDays(7))}"),
            ]),
            new ContextBlock($"Done: /postmortem done {item.Reference} · new date: /postmortem due {item.Reference} <date> · someone else's now: /postmortem reassign {item.Reference} @person · no longer needed: /postmortem drop {item.Reference} <reason>"),
        ];
    }

    private List<ReplyBlock> Digest(IReadOnlyList<OverdueItem> overdue, DateTimeOffset dueAt)
    {
        var today = Clock.LocalDate(dueAt);
        return
        [
            new HeadingBlock(overdue.Count == 1 ? "1 overdue action item" : string.Create(CultureInfo.InvariantCulture, $"{overdue.Count} overdue action items")),
            new ListBlock([.. overdue.Select(o => ActionItemReplies.Line(o.Item, o.Incident, today))]),
            new ContextBlock($"Posted on working days at {Clock.Format(dueAt, withDate: false)} ({Clock.ZoneName}), until each item is done or dropped with a reason: /postmortem done AI-n, /postmortem drop AI-n <reason>."),
        ];
    }
}
