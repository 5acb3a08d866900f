using System.Globalization;
using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Postmortems;
using IncidentBot.Core.Reminders;
using IncidentBot.Core.Reviews;

namespace IncidentBot.Core.ActionItems;

/// <summary>
/// Action items: added with a SMART check, listed, done, dropped with a reason, reassigned and re-dated. Each change
/// re-plans the owner's reminders; they keep coming after the incident is closed, until the item is done or dropped.
/// </summary>
public sealed class ActionItemService(
    IIncidentStore incidents,
    IPostmortemStore postmortems,
    IActionItemStore items,
    IReminderStore reminders,
    ReminderPolicy policy,
    SmartCheck smart)
{
    /// <summary>Due dates further out than this are refused as typing mistakes.</summary>
    public const int MaxDaysAhead = 730;

    private WorkingCalendar Calendar => policy.Calendar;

    public Task<CommandResult> HandleAsync(ReviewRequest request, ChatCommand command, Incident? incident, DateTimeOffset now, CancellationToken cancellationToken) => request switch
    {
        ActionRequest add => AddAsync(incident!, add, command, now, cancellationToken),
        ActionsRequest list => ListAsync(list.Scope, incident, command, now, cancellationToken),
        ActionItemChange change => ChangeAsync(change, command, now, cancellationToken),
        _ => Task.FromResult(CommandResult.Answer(Reply.Error("That command isn't supported.", "/postmortem help"))),
    };

    public Task<IReadOnlyList<ActionItem>> ListForIncidentAsync(Incident incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return items.ListForIncidentAsync(incident.Workspace, incident.Id, cancellationToken);
    }

    private async Task<CommandResult> AddAsync(Incident incident, ActionRequest request, ChatCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = Calendar.Today(now);
        if (DueError(request.Due, today, out var due) is { } error)
        {
            return Error(error, "action");
        }

        var factors = (await postmortems.GetNotesAsync(incident.Workspace, incident.Id, cancellationToken)).Count(n => n.Kind == PostmortemNoteKind.Factor);
        if (request.Factor is { } factor && factor > factors)
        {
            return Error(factors == 0
                ? $"{incident.Reference} has no contributing factors yet, so factor:{factor} points at nothing. Add them with /postmortem factor …, or leave factor: out."
                : string.Create(CultureInfo.InvariantCulture, $"{incident.Reference} lists {factors} contributing factor{(factors == 1 ? "" : "s")}; there is no factor {factor}."), "action");
        }

        var item = await items.CreateAsync(
            new ActionItem
            {
                Workspace = incident.Workspace,
                IncidentId = incident.Id,
                Title = request.Title,
                Owner = request.Owner ?? command.User,
                DueOn = due,
                Type = request.Type ?? ActionItemType.Prevent,
                Priority = request.Priority ?? ActionItemPriority.P2,
                Factor = request.Factor,
                Link = request.Link,
                CreatedBy = command.User,
                CreatedAt = now,
            },
            cancellationToken);
        await reminders.ScheduleAsync(policy.ForActionItem(item, incident, now), cancellationToken);

        var findings = smart.Assess(item, new SmartContext(today, factors));
        var feedback = new List<ReplyBlock> { new TextBlock($"{item.Reference} added to {incident.Reference}: {item.Title}") };
        feedback.AddRange(SmartBlocks(findings, item));
        var announcement = Reply.InChannel(
            new TextBlock($"{command.User.Name} added an action item to {incident.Reference}:"),
            new ListBlock([ActionItemReplies.Line(item, null, today)]));
        return PrivatelyAndInIncidentChannel(incident, new Reply(ReplyVisibility.Private, feedback), announcement);
    }

    private static IEnumerable<ReplyBlock> SmartBlocks(IReadOnlyList<SmartFinding> findings, ActionItem item)
    {
        if (findings.Count == 0)
        {
            yield return new ContextBlock("SMART check: owned, dated, specific and measurable as far as the bot can tell. Thank you!");
            yield break;
        }

        yield return new TextBlock($"SMART check: {findings.Count} suggestion{(findings.Count == 1 ? "" : "s")} to make {item.Reference} easier to finish and to verify:");
        yield return new ListBlock([.. findings.Select(f => f.ToString())]);
        yield return new ContextBlock($"It is recorded as written. To reword it, drop it with a reason (/postmortem drop {item.Reference} reworded) and add the new wording.");
    }

    private async Task<CommandResult> ListAsync(ActionsScope scope, Incident? incident, ChatCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = Calendar.Today(now);
        var (heading, list, empty) = scope switch
        {
            ActionsScope.Incident => ($"Action items of {incident!.Reference}", await items.ListForIncidentAsync(incident.Workspace, incident.Id, cancellationToken), $"No action items for {incident.Reference} yet. Add one: /postmortem action <title> owner:@person due:<date>"),
            ActionsScope.Mine => ("Your open action items", await items.ListOpenAsync(command.Workspace, command.User.Id, cancellationToken), "You have no open action items. 🎉"),
            _ => ("Open action items", await items.ListOpenAsync(command.Workspace, null, cancellationToken), "No open action items in this workspace."),
        };
        if (list.Count == 0)
        {
            return CommandResult.Answer(Reply.Private(new TextBlock(empty)));
        }

        // Lines of one incident's list do not name their incident, so only the other scopes look incidents up.
        var byId = new Dictionary<long, Incident?>();
        foreach (var id in scope == ActionsScope.Incident ? [] : list.Select(i => i.IncidentId).Distinct())
        {
            byId[id] = await incidents.FindByIdAsync(command.Workspace, id, cancellationToken);
        }

        var overdue = list.Count(i => i.IsOverdueOn(today));
        var ordered = scope == ActionsScope.Incident ? list : [.. list.OrderByDescending(i => i.IsOverdueOn(today)).ThenBy(i => i.DueOn).ThenBy(i => i.Number)];
        return CommandResult.Answer(Reply.Private(
            new HeadingBlock(string.Create(CultureInfo.InvariantCulture, $"{heading} ({list.Count})")),
            new ListBlock([.. ordered.Select(i => ActionItemReplies.Line(i, scope == ActionsScope.Incident ? null : byId[i.IncidentId], today))]),
            new ContextBlock(overdue == 0
                ? "Nothing overdue. Mark one done with /postmortem done AI-n."
                : string.Create(CultureInfo.InvariantCulture, $"{overdue} overdue. /postmortem done AI-n · due AI-n <date> · reassign AI-n @person · drop AI-n <reason>"))));
    }

    private async Task<CommandResult> ChangeAsync(ActionItemChange change, ChatCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var verb = change.Kind.ToString().ToLowerInvariant();
        var item = await items.FindAsync(command.Workspace, change.Number, cancellationToken);
        if (item is null)
        {
            return Error(string.Create(CultureInfo.InvariantCulture, $"There is no AI-{change.Number} in this workspace (see /postmortem actions all)."), verb);
        }

        if (!item.IsOpen)
        {
            return Error($"{item.Reference} is {ActionItemReplies.Status(item)} already; it no longer changes.", verb);
        }

        var today = Calendar.Today(now);
        ActionItem changed;
        string what;
        switch (change.Kind)
        {
            case ActionItemChangeKind.Done:
                changed = item with { Status = ActionItemStatus.Done, ClosedAt = now };
                what = $"{command.User.Name} marked {item.Reference} done: {item.Title}";
                break;
            case ActionItemChangeKind.Drop:
                changed = item with { Status = ActionItemStatus.Dropped, ClosedAt = now, DropReason = change.Reason };
                what = $"{command.User.Name} dropped {item.Reference} ({item.Title}): {change.Reason}";
                break;
            case ActionItemChangeKind.Reassign:
                changed = item with { Owner = change.Person };
                what = $"{command.User.Name} gave {item.Reference} to {change.Person!.Name}: {item.Title}";
                break;
            default:
                if (DueError(change.Due!, today, out var due) is { } error)
                {
                    return Error(error, verb);
                }

                changed = item with { DueOn = due };
                what = $"{command.User.Name} moved {item.Reference} to {ActionItemReplies.Date(due)}: {item.Title}";
                break;
        }

        var saved = await items.SaveAsync(changed, cancellationToken);
        await reminders.CancelPendingAsync(saved.Workspace, ReminderPolicy.ActionKinds, saved.Number, saved.Version, now, cancellationToken);
        var incident = await incidents.FindByIdAsync(saved.Workspace, saved.IncidentId, cancellationToken);
        if (incident is null)
        {
            return CommandResult.Answer(Reply.Private(new TextBlock(what)));
        }

        await reminders.ScheduleAsync(policy.ForActionItem(saved, incident, now), cancellationToken);
        return IncidentLocator.AnnounceInIncidentChannel(incident, command, Reply.InChannel(
            new TextBlock(what),
            new ListBlock([ActionItemReplies.Line(saved, incident, today)])));
    }

    private static string? DueError(DateSpec spec, DateOnly today, out DateOnly due)
    {
        due = spec.Resolve(today);
        if (due < today)
        {
            return $"{due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} is in the past (today is {today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}); a due date is today or later.";
        }

        return due.DayNumber - today.DayNumber > MaxDaysAhead
            ? $"{due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} is more than two years ahead; pick a nearer date, or split the item so its first part is due sooner."
            : null;
    }

    /// <summary>The private answer to the person who typed, and the news in the incident channel.</summary>
    private static CommandResult PrivatelyAndInIncidentChannel(Incident incident, Reply answer, Reply announcement) =>
        new(answer, [new Announcement(incident.Channel, announcement)]);

    private static CommandResult Error(string message, string verb) =>
        CommandResult.Answer(Reply.Error(message, ReviewCommandParser.UsageOf(verb)));
}
