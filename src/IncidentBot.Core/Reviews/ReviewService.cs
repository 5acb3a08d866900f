using System.Globalization;
using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Postmortems;
using IncidentBot.Core.Reminders;
using Microsoft.Extensions.Options;

namespace IncidentBot.Core.Reviews;

/// <summary>
/// Books, moves and cancels an incident's review; rotates and asks its facilitator; keeps the facilitator pool and
/// the digest channel. Every booking plans its reminders as rows (<see cref="ReminderPolicy"/>) that the reminder
/// job delivers; nothing here sends a message outside the command's own result.
/// </summary>
public sealed class ReviewService(
    IIncidentStore incidents,
    IPostmortemStore postmortems,
    IReviewStore reviews,
    IReminderStore reminders,
    ReminderPolicy policy,
    ReminderMessages messages,
    IOptions<ReviewOptions> options)
{
    private readonly ReviewOptions _options = options.Value;
    private readonly ReviewTimes _times = new(policy.Calendar, options.Value);

    private WorkspaceClock Clock => policy.Calendar.Clock;

    public Task<CommandResult> HandleAsync(ReviewRequest request, ChatCommand command, Incident? incident, DateTimeOffset now, CancellationToken cancellationToken) => request switch
    {
        ScheduleRequest schedule => ScheduleAsync(incident!, schedule, command, now, cancellationToken),
        ScheduleShowRequest => ShowAsync(incident!, now, cancellationToken),
        ScheduleCancelRequest => CancelAsync(incident!, command, now, cancellationToken),
        FacilitateRequest facilitate => FacilitateAsync(incident!, facilitate.Accept, command, now, cancellationToken),
        ReviewDoneRequest => DoneAsync(incident!, command, now, cancellationToken),
        FacilitatorsRequest pool => FacilitatorsAsync(pool, command, now, cancellationToken),
        DigestRequest digest => DigestAsync(digest, command, now, cancellationToken),
        _ => Task.FromResult(CommandResult.Answer(Reply.Error("That command isn't supported.", "/postmortem help"))),
    };

    /// <summary>The booking the draft shows: when, and the facilitator once someone has accepted.</summary>
    public async Task<ReviewBooking?> GetBookingAsync(Incident incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var review = await reviews.GetAsync(incident.Workspace, incident.Id, cancellationToken);
        return review is null || review.IsCancelled ? null : new ReviewBooking(review.At, review.HasFacilitator ? review.Facilitator : null);
    }

    // ---- booking -----------------------------------------------------------------------------------

    private async Task<CommandResult> ScheduleAsync(Incident incident, ScheduleRequest request, ChatCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var existing = await reviews.GetAsync(incident.Workspace, incident.Id, cancellationToken);
        ReviewTime time;
        if (request.When is null)
        {
            if (existing is null || existing.IsCancelled || existing.At <= now)
            {
                return Error("There is no upcoming review to name a facilitator for. Book it with one: /postmortem schedule auto facilitator @person.", "schedule");
            }

            time = ReviewTime.Chosen(existing.At);
        }
        else
        {
            time = request.When.Auto ? _times.Auto(incident.Severity, incident.Times.ResolvedAt ?? now, now) : _times.Resolve(request.When, now);
        }

        if (time.Error is { } error)
        {
            return Error(error, "schedule");
        }

        var timeline = await incidents.GetTimelineAsync(incident.Workspace, incident.Id, TimelineQuery.Everything, cancellationToken);
        var notes = await postmortems.GetNotesAsync(incident.Workspace, incident.Id, cancellationToken);
        var participants = Participants.Of(incident, timeline, notes);
        var review = Booked(existing, incident, time.At!.Value, command.User, now);
        review = await ChooseFacilitatorAsync(review, existing, request.Facilitator, incident, timeline, now, cancellationToken);
        review = await reviews.SaveAsync(review, cancellationToken);

        await reminders.CancelPendingAsync(incident.Workspace, ReminderPolicy.ReviewKinds, review.Id, review.Sequence, now, cancellationToken);
        var planned = policy.ForBooking(review, incident, participants, now).Concat(policy.ForFacilitator(review, incident, now)).ToList();
        if (review.FacilitatorState == FacilitatorState.Asked)
        {
            planned.AddRange(policy.ForAsk(review, incident, review.Facilitator!, now));
        }

        await reminders.ScheduleAsync(planned, cancellationToken);
        return IncidentLocator.AnnounceInIncidentChannel(incident, command, Booking(incident, review, existing, participants, time.Notes, now));
    }

    private Review Booked(Review? existing, Incident incident, DateTimeOffset at, Person by, DateTimeOffset now)
    {
        if (existing is null)
        {
            return new Review
            {
                Workspace = incident.Workspace,
                IncidentId = incident.Id,
                At = at,
                Duration = _options.ReviewDuration,
                BookedBy = by,
                BookedAt = now,
            };
        }

        // Every change is a new version of the invite; a cancelled or held review booked again is live again.
        return existing with { At = at, Duration = _options.ReviewDuration, Sequence = existing.Sequence + 1, BookedBy = by, BookedAt = now, CancelledAt = null, DoneAt = null };
    }

    /// <summary>
    /// A named facilitator serves; a facilitator who accepted keeps serving through a reschedule; otherwise the
    /// rotation picks someone to ask, leaving out people too close to the incident and people who passed.
    /// </summary>
    private async Task<Review> ChooseFacilitatorAsync(Review review, Review? existing, Person? named, Incident incident, IReadOnlyList<Timeline.TimelineEvent> timeline, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (named is not null)
        {
            return review with { Facilitator = named, FacilitatorState = FacilitatorState.Accepted, FacilitatorSince = now };
        }

        if (existing is { IsCancelled: false, FacilitatorState: not FacilitatorState.None })
        {
            return review;
        }

        var passed = existing is null ? [] : await reviews.ListPassesAsync(incident.Workspace, existing.Id, cancellationToken);
        var next = await NextCandidateAsync(incident, timeline, passed, cancellationToken);
        return review with { Facilitator = next, FacilitatorState = next is null ? FacilitatorState.None : FacilitatorState.Asked, FacilitatorSince = null };
    }

    private async Task<Person?> NextCandidateAsync(Incident incident, IReadOnlyList<Timeline.TimelineEvent> timeline, IEnumerable<string> passed, CancellationToken cancellationToken)
    {
        var pool = await reviews.ListFacilitatorsAsync(incident.Workspace, cancellationToken);
        var history = await reviews.ListFacilitationsAsync(incident.Workspace, cancellationToken);
        var excluded = new HashSet<string>(Participants.Heavy(incident, timeline), StringComparer.Ordinal);
        excluded.UnionWith(passed);
        var candidates = FacilitatorRotation.Candidates(pool, history, excluded);
        return candidates.Count == 0 ? null : candidates[0];
    }

    private Reply Booking(Incident incident, Review review, Review? before, IReadOnlyList<Person> participants, IReadOnlyList<string> notes, DateTimeOffset now)
    {
        var moved = before is { IsCancelled: false };
        var blocks = new List<ReplyBlock>
        {
            new HeadingBlock($"{incident.Reference} review {(moved ? "moved to" : "booked for")} {messages.When(review)}"),
            new FieldsBlock(
            [
                new ReplyField("Facilitator", FacilitatorText(review)),
                new ReplyField("Accounts asked from", participants.Count == 0 ? "nobody yet" : string.Join(", ", participants.Select(p => p.Name))),
                new ReplyField("Channel", "#" + incident.Channel.Name),
            ]),
            new TextBlock($"Before the review, everyone who took part gets a private note asking for their account (what they saw first, assumed, what surprised them, what helped, what made it harder): /postmortem {incident.Reference} contribute …"),
        };
        blocks.AddRange(notes.Select(n => (ReplyBlock)new ContextBlock(n)));
        blocks.Add(Invite(incident, review, participants, now));
        blocks.Add(new ContextBlock($"Add it to your calendar; moving the review updates the same entry. Cancel with /postmortem {incident.Reference} schedule cancel."));
        return new Reply(ReplyVisibility.InChannel, blocks);
    }

    private static string FacilitatorText(Review review) => review.FacilitatorState switch
    {
        FacilitatorState.Accepted => review.Facilitator!.Name,
        FacilitatorState.Asked => $"asking {review.Facilitator!.Name} privately",
        _ => "nobody yet: add people to the pool (/postmortem facilitators add @person) or name one (/postmortem schedule facilitator @person)",
    };

    private AttachmentBlock Invite(Incident incident, Review review, IReadOnlyList<Person> participants, DateTimeOffset now) =>
        new(ReviewInvite.FileName(incident), $"{incident.Reference} review{(review.IsCancelled ? " (cancelled)" : "")}", ReviewInvite.MediaType,
            ReviewInvite.Render(review, incident, participants, now, _options.CalendarOrganizer));

    private async Task<CommandResult> ShowAsync(Incident incident, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var review = await reviews.GetAsync(incident.Workspace, incident.Id, cancellationToken);
        if (review is null || review.IsCancelled)
        {
            return CommandResult.Answer(Reply.Private(
                new TextBlock($"No review is booked for {incident.Reference}."),
                new UsageBlock(ReviewCommandParser.UsageOf("schedule"))));
        }

        var state = review.DoneAt is not null ? "held" : review.At <= now ? "should have met by now (mark it with /postmortem review done)" : "upcoming";
        return CommandResult.Answer(Reply.Private(
            new HeadingBlock($"{incident.Reference} review: {messages.When(review)}"),
            new FieldsBlock([new ReplyField("Facilitator", FacilitatorText(review)), new ReplyField("State", state)]),
            Invite(incident, review, [], now)));
    }

    private async Task<CommandResult> CancelAsync(Incident incident, ChatCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var review = await reviews.GetAsync(incident.Workspace, incident.Id, cancellationToken);
        if (review is null || review.IsCancelled)
        {
            return Error($"No review is booked for {incident.Reference}, so there is nothing to cancel.", "schedule");
        }

        review = await reviews.SaveAsync(review with { CancelledAt = now, Sequence = review.Sequence + 1 }, cancellationToken);
        await reminders.CancelPendingAsync(incident.Workspace, ReminderPolicy.ReviewKinds, review.Id, review.Sequence, now, cancellationToken);
        return IncidentLocator.AnnounceInIncidentChannel(incident, command, Reply.InChannel(
            new HeadingBlock($"{incident.Reference} review cancelled"),
            new TextBlock($"{command.User.Name} cancelled the review that was booked for {messages.When(review)}. Book a new one with /postmortem {incident.Reference} schedule auto."),
            Invite(incident, review, [], now),
            new ContextBlock("Open the attached invite to remove the entry from your calendar.")));
    }

    // ---- facilitation ------------------------------------------------------------------------------

    private async Task<CommandResult> FacilitateAsync(Incident incident, bool accept, ChatCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var review = await reviews.GetAsync(incident.Workspace, incident.Id, cancellationToken);
        if (review is null || review.IsCancelled)
        {
            return Error($"No review is booked for {incident.Reference}.", "facilitate");
        }

        var you = command.User.Id;
        var isYou = string.Equals(review.Facilitator?.Id, you, StringComparison.Ordinal);
        if (accept && isYou && review.FacilitatorState == FacilitatorState.Accepted)
        {
            return CommandResult.Answer(Reply.Private(new TextBlock($"You are facilitating the {incident.Reference} review already ({messages.When(review)}). Thank you!")));
        }

        if (!isYou || review.FacilitatorState != FacilitatorState.Asked)
        {
            var who = review.FacilitatorState == FacilitatorState.None ? "nobody is being asked right now" : $"{review.Facilitator!.Name} was";
            return Error($"You weren't asked to facilitate the {incident.Reference} review ({who}). To take it on, book it with you named: /postmortem {incident.Reference} schedule facilitator @you.", "facilitate");
        }

        return accept
            ? await AcceptAsync(incident, review, command, now, cancellationToken)
            : await PassAsync(incident, review, command, now, cancellationToken);
    }

    private async Task<CommandResult> AcceptAsync(Incident incident, Review review, ChatCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        review = await reviews.SaveAsync(review with { FacilitatorState = FacilitatorState.Accepted, FacilitatorSince = now }, cancellationToken);
        await reminders.CancelPendingAsync(incident.Workspace, ReminderPolicy.AskKinds, review.Id, review.Sequence, now, cancellationToken);
        await reminders.ScheduleAsync(policy.ForFacilitator(review, incident, now), cancellationToken);
        return IncidentLocator.AnnounceInIncidentChannel(incident, command, Reply.InChannel(
            new TextBlock($"{command.User.Name} will facilitate the {incident.Reference} review, {messages.When(review)}. Thank you!")));
    }

    private async Task<CommandResult> PassAsync(Incident incident, Review review, ChatCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        review = await PassOnAsync(incident, review, command.User, now, cancellationToken);
        var asking = review.FacilitatorState == FacilitatorState.Asked;
        var thanks = Reply.Private(new TextBlock($"Thanks for saying so. {(asking ? "The bot is asking the next person in the pool." : "Nobody else is left to ask; the incident channel will hear.")}"));
        return asking ? CommandResult.Answer(thanks) : new CommandResult(thanks, [NoFacilitator(incident, review)]);
    }

    /// <summary>
    /// The reminder job's action when an ask's answer window closes (<see cref="ReminderKind.FacilitatorAskExpired"/>,
    /// which <see cref="ReminderPolicy.Decide"/> has found still applies): the silence counts as a pass, taken the
    /// same way as a pass someone types (<see cref="PassOnAsync"/>). Returns what to send: a kind word to the
    /// silent person, and, when nobody is left to ask, the same help in the incident channel as a typed pass gives.
    /// </summary>
    /// <remarks>
    /// Why a crash cannot ask two people or lose the handover. The steps run in this order, and the reminder is
    /// marked sent only after the messages are posted:
    /// <list type="number">
    /// <item>The review is saved asking the next person, with the pass recorded in the same transaction. That save is
    /// the commit point, guarded by the review's version: if anyone changed the review since the reminder job read it
    /// (they accepted or passed after all, it was moved or named), the save fails and the reminder is skipped, so
    /// the bot never overrides an answer. An ask is only ever delivered to the person the saved review says is
    /// asked (<see cref="ReminderPolicy.Decide"/>), so there is never a second live ask.</item>
    /// <item>Pending asks and expiries are withdrawn (this reminder is claimed, so it stays), then the next ask and
    /// its expiry are planned under keys naming review, sequence and person.</item>
    /// <item>The messages are posted under keys naming this reminder; the job then marks it sent.</item>
    /// </list>
    /// A run that stops after the save leaves this reminder pending with the person recorded as passing, and
    /// <see cref="ReminderPolicy.Decide"/> delivers it again for that reason. The re-run sees the review no longer
    /// asking them and only finishes: it plans the current ask again (a no-op if it was planned) and posts the same
    /// messages under the same keys (a no-op where the platform's outbox already has them). It withdraws nothing,
    /// because what is pending by then is the new person's ask.
    /// </remarks>
    public async Task<FacilitatorHandover> HandOverUnansweredAskAsync(Reminder expiry, Incident incident, Review review, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expiry);
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(review);
        if (review.FacilitatorState == FacilitatorState.Asked && string.Equals(review.Facilitator?.Id, expiry.Recipient.Id, StringComparison.Ordinal))
        {
            if (await WindowStartedLateAsync(expiry, incident, review, now, cancellationToken) is { } deferred)
            {
                return FacilitatorHandover.Skip(deferred);
            }

            try
            {
                review = await PassOnAsync(incident, review, review.Facilitator!, now, cancellationToken);
            }
            catch (ConcurrencyConflictException)
            {
                return FacilitatorHandover.Skip("the review changed while the ask was being handed on");
            }
        }
        else
        {
            await PlanAskAsync(incident, review, now, cancellationToken);
        }

        var notice = new Announcement(expiry.Recipient, messages.AskHandedOn(incident, review));
        return new FacilitatorHandover(review.FacilitatorState == FacilitatorState.Asked ? [notice] : [notice, NoFacilitator(incident, review)], null);
    }

    /// <summary>
    /// The window is the person's time to answer, so it counts from when the ask reached them. An ask that went out
    /// well after it was planned (the host was down, or the platform refused it and it is still being retried) would
    /// otherwise arrive together with its expiry: "will you facilitate?" and "we asked someone else" at once. Then the
    /// expiry plans a later one, counted from when the ask went out (or from now, while it is still on its way), and
    /// returns why it stands down; null when the window stands. An ask that never reached them (given up, withdrawn)
    /// leaves handing on as the only way forward.
    /// </summary>
    private async Task<string?> WindowStartedLateAsync(Reminder expiry, Incident incident, Review review, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ask = (await reminders.ListAsync(expiry.Workspace, review.Id, cancellationToken)).FirstOrDefault(r =>
            r.Kind == ReminderKind.FacilitatorAsk && r.Revision == expiry.Revision && string.Equals(r.Recipient.Id, expiry.Recipient.Id, StringComparison.Ordinal));
        DateTimeOffset? reachedAt = ask switch
        {
            { SentAt: { } sentAt } when sentAt - ask.DueAt > ReminderPolicy.LateAfter => sentAt,
            { IsPending: true } => now,
            _ => null,
        };
        if (reachedAt is null)
        {
            return null;
        }

        var later = policy.ExpiryAfterLateAsk(review, incident, review.Facilitator!, reachedAt.Value, now);
        if (later is not null && later.DueAt <= now)
        {
            // This is the later expiry itself (or the window counted from the late ask has closed too): hand on.
            return null;
        }

        var asked = ask!.SentAt is { } sent ? $"the ask reached them late, at {Clock.Format(sent, withDate: true)}" : "the ask has not reached them yet";
        if (later is null)
        {
            return $"{asked}, too close to the review to hand on";
        }

        await reminders.ScheduleAsync([later], cancellationToken);
        return $"{asked}; their window now closes at {Clock.Format(later.DueAt, withDate: true)}";
    }

    /// <summary>
    /// Moves the ask on from someone who passed, by saying so or by not answering: saves the review asking the next
    /// candidate (the rotation leaving out everyone who passed, them included) or, with nobody left, nobody, and records
    /// their pass with that save, so a save that loses to another change (they accepted after all) records none; then
    /// withdraws the pending asks and expiries and plans the next ask with its own expiry.
    /// </summary>
    private async Task<Review> PassOnAsync(Incident incident, Review review, Person from, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var passed = (await reviews.ListPassesAsync(incident.Workspace, review.Id, cancellationToken)).Append(from.Id);
        var timeline = await incidents.GetTimelineAsync(incident.Workspace, incident.Id, TimelineQuery.Everything, cancellationToken);
        var next = await NextCandidateAsync(incident, timeline, passed, cancellationToken);
        review = await reviews.SaveWithPassAsync(
            review with { Facilitator = next, FacilitatorState = next is null ? FacilitatorState.None : FacilitatorState.Asked }, from, now, cancellationToken);
        await reminders.CancelPendingAsync(incident.Workspace, ReminderPolicy.AskKinds, review.Id, review.Sequence, now, cancellationToken);
        await PlanAskAsync(incident, review, now, cancellationToken);
        return review;
    }

    /// <summary>The ask to whoever the review is asking now, with its expiry; nothing when it asks nobody. Idempotent.</summary>
    private async Task PlanAskAsync(Incident incident, Review review, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (review.FacilitatorState == FacilitatorState.Asked)
        {
            await reminders.ScheduleAsync(policy.ForAsk(review, incident, review.Facilitator!, now), cancellationToken);
        }
    }

    private Announcement NoFacilitator(Incident incident, Review review) => new(incident.Channel, Reply.InChannel(new TextBlock(
        $"The {incident.Reference} review ({messages.When(review)}) has no facilitator: everyone in the pool passed or was too close to the incident. Name one with /postmortem {incident.Reference} schedule facilitator @person.")));

    private async Task<CommandResult> DoneAsync(Incident incident, ChatCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var review = await reviews.GetAsync(incident.Workspace, incident.Id, cancellationToken);
        if (review is null || review.IsCancelled)
        {
            return Error($"No review is booked for {incident.Reference}.", "review");
        }

        if (review.DoneAt is not null)
        {
            return CommandResult.Answer(Reply.Private(new TextBlock($"The {incident.Reference} review was marked done at {Clock.Format(review.DoneAt.Value, withDate: true)} already.")));
        }

        await reviews.SaveAsync(review with { DoneAt = now }, cancellationToken);
        await reminders.CancelPendingAsync(incident.Workspace, [.. ReminderPolicy.AskKinds, ReminderKind.InputFollowUp, ReminderKind.ReviewUpcoming], review.Id, review.Sequence, now, cancellationToken);
        return IncidentLocator.AnnounceInIncidentChannel(incident, command, Reply.InChannel(
            new HeadingBlock($"{incident.Reference} review held"),
            new TextBlock($"{command.User.Name} marked the review done. Next: refresh the draft (/postmortem {incident.Reference} draft), then publish it (/postmortem {incident.Reference} publish). Action items stay tracked, with reminders to their owners, until each is done or dropped.")));
    }

    // ---- the workspace -----------------------------------------------------------------------------

    private async Task<CommandResult> FacilitatorsAsync(FacilitatorsRequest request, ChatCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var workspace = command.Workspace;
        var changed = new List<string>();
        foreach (var person in request.People)
        {
            var done = request.Operation == FacilitatorsOperation.Add
                ? await reviews.AddFacilitatorAsync(workspace, person, now, cancellationToken)
                : await reviews.RemoveFacilitatorAsync(workspace, person.Id, cancellationToken);
            if (done)
            {
                changed.Add(person.Name);
            }
        }

        var pool = await reviews.ListFacilitatorsAsync(workspace, cancellationToken);
        var history = await reviews.ListFacilitationsAsync(workspace, cancellationToken);
        var blocks = new List<ReplyBlock>();
        if (request.Operation != FacilitatorsOperation.List)
        {
            var verb = request.Operation == FacilitatorsOperation.Add ? "Added to" : "Removed from";
            blocks.Add(new TextBlock(changed.Count == 0 ? "Nothing changed: " + (request.Operation == FacilitatorsOperation.Add ? "they are in the pool already." : "they were not in the pool.") : $"{verb} the facilitator pool: {string.Join(", ", changed)}."));
        }

        blocks.AddRange(await PoolBlocksAsync(workspace, pool, history, cancellationToken));
        return CommandResult.Answer(new Reply(ReplyVisibility.Private, blocks));
    }

    /// <summary>Each pool member's latest reviews listed by <c>/postmortem facilitators</c>; the count covers them all.</summary>
    private const int ShownFacilitations = 5;

    /// <summary>The pool in rotation order with each member's load: how many reviews, and the latest.</summary>
    private async Task<List<ReplyBlock>> PoolBlocksAsync(string workspace, IReadOnlyList<PoolMember> pool, IReadOnlyList<Facilitation> history, CancellationToken cancellationToken)
    {
        if (pool.Count == 0)
        {
            return [new TextBlock("The facilitator pool is empty. Add people who can run a blameless review: /postmortem facilitators add @person …")];
        }

        var members = FacilitatorRotation.Candidates(pool, history, new HashSet<string>(StringComparer.Ordinal))
            .Select(person => (Person: person, Served: history.Where(f => string.Equals(f.Person.Id, person.Id, StringComparison.Ordinal)).OrderBy(f => f.ReviewAt).ToList()))
            .ToList();

        // Only the incidents shown (each member's latest few) are looked up, not every incident the pool ever reviewed.
        var references = new Dictionary<long, string>();
        foreach (var id in members.SelectMany(m => m.Served.TakeLast(ShownFacilitations)).Select(f => f.IncidentId).Distinct())
        {
            references[id] = (await incidents.FindByIdAsync(workspace, id, cancellationToken))?.Reference ?? "a deleted incident";
        }

        var lines = members.Select(member =>
        {
            var served = member.Served;
            var load = served.Count == 0
                ? "has not facilitated yet"
                : string.Create(CultureInfo.InvariantCulture, $"{served.Count} review{(served.Count == 1 ? "" : "s")}: ") + string.Join(", ", served.TakeLast(ShownFacilitations).Select(f => $"{references[f.IncidentId]} ({Clock.Format(f.ReviewAt, withDate: true)})"));
            return $"{member.Person.Name} · {load}";
        }).ToList();
        return
        [
            new HeadingBlock(string.Create(CultureInfo.InvariantCulture, $"Facilitator pool ({pool.Count})")),
            new ListBlock(lines),
            new ContextBlock($"In rotation order: the next review asks the first person who was not deeply involved in the incident. Times in {Clock.ZoneName}."),
        ];
    }

    private async Task<CommandResult> DigestAsync(DigestRequest request, ChatCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await reviews.SetDigestChannelAsync(command.Workspace, request.On ? command.Channel : null, now, cancellationToken);
        var at = TimeOnly.FromTimeSpan(_options.DigestTime).ToString("HH\\:mm", CultureInfo.InvariantCulture);
        return CommandResult.Answer(Reply.Private(new TextBlock(request.On
            ? $"The digest of overdue action items will be posted in #{command.Channel.Name} on working days at {at} ({Clock.ZoneName})."
            : "The overdue digest is off. Owners still get their own reminders before and on each due date.")));
    }

    private static CommandResult Error(string message, string verb) =>
        CommandResult.Answer(Reply.Error(message, ReviewCommandParser.UsageOf(verb)));
}
