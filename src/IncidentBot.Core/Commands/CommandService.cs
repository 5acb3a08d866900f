using IncidentBot.Core.Commands.Parsing;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Postmortems;
using IncidentBot.Core.Timeline;
using Microsoft.Extensions.Options;

namespace IncidentBot.Core.Commands;

/// <summary>Runs <c>/incident …</c> commands from any platform (postmortem commands join with their own features).</summary>
public sealed class CommandService(
    IIncidentStore store,
    IEnumerable<IIncidentChannels> incidentChannels,
    IOptions<IncidentOptions> options,
    TimeProvider timeProvider,
    PostmortemService postmortems)
{
    private const int MaxAttempts = 3;

    /// <summary>The severity of a declare that names none.</summary>
    internal const Severity DefaultSeverity = Severity.Sev3;
    private readonly WorkspaceClock _clock = WorkspaceClock.For(options.Value.TimeZone);
    private readonly Dictionary<Platform, IIncidentChannels> _channels = incidentChannels.ToDictionary(c => c.Platform);

    /// <summary>
    /// Null when <paramref name="command"/> is answered as it runs; otherwise the acknowledgement an adapter answers
    /// with at once before running the command in the background (see <see cref="SlowCommands"/>).
    /// </summary>
    public Reply? AcknowledgementIfSlow(ChatCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var opensNewChannels = _channels.TryGetValue(command.Platform, out var channels) && channels.OpensNewChannels;
        return SlowCommands.Acknowledgement(command, opensNewChannels);
    }

    /// <summary>
    /// Never throws for bad input: every malformed or unknown command gets a usage reply and changes nothing.
    /// Failures of the store itself (database unreachable) do propagate, so the adapter can answer honestly.
    /// </summary>
    public async Task<CommandResult> HandleAsync(ChatCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        switch (command.Command.Trim().TrimStart('/').ToLowerInvariant())
        {
            case "incident":
                break;
            case "postmortem":
                return await postmortems.HandleAsync(command, cancellationToken);
            default:
                return CommandResult.Answer(Reply.Error($"IncidentBot doesn't know the command \"{command.Command}\".", "/incident help"));
        }

        var parsed = IncidentCommandParser.Parse(command.Text);
        if (parsed.Failure is { } failure)
        {
            return CommandResult.Answer(Reply.Error(failure.Message, failure.Usage));
        }

        var request = new CommandContext(command, timeProvider.GetUtcNow());
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunAsync(parsed.Command!, request, cancellationToken);
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // Someone changed the incident between our read and our write: read again and re-apply.
            }
        }
    }

    private Task<CommandResult> RunAsync(ParsedCommand parsed, CommandContext request, CancellationToken cancellationToken) => parsed switch
    {
        DeclareCommand declare => DeclareAsync(declare, request, cancellationToken),
        TimelineAddCommand add => WithIncidentAsync(add, request, (incident, ct) => AddToTimelineAsync(incident, add, request, ct), cancellationToken),
        TimelineShowCommand show => WithIncidentAsync(show, request, (incident, ct) => ShowTimelineAsync(incident, request, ct), cancellationToken),
        StatusCommand status => ChangeAsync(status, request, "status", incident => IncidentLifecycle.ChangeStatus(incident, status.Status, status.Note, request.Command.User, request.Now), cancellationToken),
        ResolveCommand resolve => ChangeAsync(resolve, request, "resolve", incident => IncidentLifecycle.Resolve(incident, resolve.Note, request.Command.User, request.Now), cancellationToken),
        SeverityCommand sev => ChangeAsync(sev, request, "sev", incident => IncidentLifecycle.ChangeSeverity(incident, sev.Severity, request.Command.User, request.Now), cancellationToken),
        RoleCommand role => ChangeAsync(role, request, "role", incident => IncidentLifecycle.AssignRole(incident, role.Role, role.Person, request.Command.User, request.Now), cancellationToken),
        SummaryCommand summary => ChangeAsync(summary, request, "summary", incident => IncidentLifecycle.SetSummary(incident, summary.Text, request.Command.User, request.Now), cancellationToken),
        ImpactCommand impact => ChangeAsync(impact, request, "impact", incident => IncidentLifecycle.SetImpact(incident, impact.Text, request.Command.User, request.Now), cancellationToken),
        KeyTimeCommand keyTime => SetKeyTimeAsync(keyTime, request, cancellationToken),
        ShowCommand show => WithIncidentAsync(show, request, (incident, _) => Task.FromResult(Show(incident)), cancellationToken),
        ListCommand list => ListAsync(list, request, cancellationToken),
        HelpCommand help => Task.FromResult(Help(help)),
        _ => Task.FromResult(CommandResult.Answer(Reply.Error("That command isn't supported.", "/incident help"))),
    };

    private async Task<CommandResult> DeclareAsync(DeclareCommand declare, CommandContext request, CancellationToken cancellationToken)
    {
        var command = request.Command;
        _channels.TryGetValue(command.Platform, out var channels);
        var opensNewChannel = channels is { OpensNewChannels: true };

        // The same delivery again (a re-run after a crash, a redelivered command): the incident it declared, not another.
        var incident = await FindDeclaredByAsync(command, cancellationToken);
        if (incident is null && !opensNewChannel)
        {
            var resident = await store.FindByChannelAsync(command.Workspace, command.Channel.Id, cancellationToken);
            if (resident is { IsOpen: true })
            {
                return CommandResult.Answer(Reply.Error(
                    $"This channel already hosts {resident.Reference} ({IncidentLifecycle.Name(resident.Status)}). Resolve it first, or declare from another channel.",
                    IncidentGrammar.UsageOf("declare")));
            }
        }

        var isNew = incident is null;
        incident ??= await CreateDeclaredAsync(declare, request, opensNewChannel, cancellationToken);

        if (channels is not null && (isNew || PendingChannel.IsPending(incident.Channel)))
        {
            var home = await channels.OpenIncidentChannelAsync(command, incident, cancellationToken);
            if (!string.Equals(home.Id, incident.Channel.Id, StringComparison.Ordinal))
            {
                incident = await MoveAsync(incident, home, cancellationToken);
            }
        }

        var card = DeclaredCard(incident);
        if (string.Equals(incident.Channel.Id, command.Channel.Id, StringComparison.Ordinal))
        {
            return CommandResult.Answer(card);
        }

        var pointer = Reply.InChannel(new TextBlock(
            $"{command.User.Name} declared {incident.Reference} ({IncidentLifecycle.Name(incident.Severity)}): {incident.Title}. Join #{incident.Channel.Name} to help."));
        return new CommandResult(pointer, [new Announcement(incident.Channel, card)]);
    }

    /// <summary>
    /// Stores the new incident with its Declared event. When it gets a channel of its own, it lives in a
    /// <see cref="PendingChannel"/> until that channel is open.
    /// </summary>
    private Task<Incident> CreateDeclaredAsync(DeclareCommand declare, CommandContext request, bool opensNewChannel, CancellationToken cancellationToken)
    {
        var command = request.Command;
        var severity = declare.Severity ?? DefaultSeverity;
        var declaredAt = DeclaredAt(command, request.Now);
        return store.CreateIncidentAsync(
            new Incident
            {
                Workspace = command.Workspace,
                Title = declare.Title,
                Severity = severity,
                Channel = opensNewChannel ? PendingChannel.For(command.Platform, command.DeliveryId) : command.Channel,
                DeclaredBy = command.User,
                DeclaredAt = declaredAt,
                Times = KeyTimes.Empty with { DetectedAt = declaredAt },
            },
            [
                new TimelineEvent
                {
                    Workspace = command.Workspace,
                    Kind = TimelineEventKind.Declared,
                    OccurredAt = declaredAt,
                    RecordedAt = request.Now,
                    Author = command.User,
                    Text = $"Declared {IncidentLifecycle.Name(severity)}: {declare.Title}",
                    SourceId = command.DeliveryId,
                },
            ],
            cancellationToken);
    }

    /// <summary>
    /// When the incident was declared: when the person typed the command, not when it runs, since a declare that opens
    /// a channel runs from a queue, perhaps minutes later after a platform outage. Never after <paramref name="now"/>
    /// (the replica that received it may have a clock ahead of ours) and <paramref name="now"/> when the adapter did not
    /// say (a default instant would date the incident to year 1).
    /// </summary>
    private static DateTimeOffset DeclaredAt(ChatCommand command, DateTimeOffset now) =>
        command.ReceivedAt == default || command.ReceivedAt > now ? now : command.ReceivedAt;

    /// <summary>
    /// Records the channel the incident now lives in. A change made meanwhile (by number, from another channel) is read
    /// again rather than failing the declare, which would open a second channel when run again.
    /// </summary>
    private async Task<Incident> MoveAsync(Incident incident, ChannelRef home, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await store.SaveAsync(incident with { Channel = home }, [], cancellationToken);
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                incident = await store.FindByIdAsync(incident.Workspace, incident.Id, cancellationToken) ?? incident;
            }
        }
    }

    /// <summary>The incident this delivery declared already, found by its Declared event's source; null for a new declare.</summary>
    private async Task<Incident?> FindDeclaredByAsync(ChatCommand command, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(command.DeliveryId))
        {
            return null;
        }

        var declared = (await store.FindBySourceAsync(command.Workspace, command.DeliveryId, cancellationToken))
            .FirstOrDefault(e => e.Kind == TimelineEventKind.Declared);
        return declared is null ? null : await store.FindByIdAsync(command.Workspace, declared.IncidentId, cancellationToken);
    }

    private Reply DeclaredCard(Incident incident) => Reply.InChannel(
        new HeadingBlock($"{Headline(incident)} declared"),
        new FieldsBlock(IncidentReplies.Facts(incident, _clock)),
        new TextBlock("Next: give someone the lead (/incident role commander @person), say what users see (/incident impact …), and add key events as they happen (/incident timeline …). Pin a message to add it to the timeline at its original time."),
        new ContextBlock($"Times are in {_clock.ZoneName}."));

    private async Task<CommandResult> AddToTimelineAsync(Incident incident, TimelineAddCommand add, CommandContext request, CancellationToken cancellationToken)
    {
        var occurredAt = request.Now;
        var dayNote = string.Empty;
        if (add.At is { } spec)
        {
            var resolution = _clock.Resolve(spec, request.Now);
            if (resolution.Error is { } error)
            {
                return CommandResult.Answer(Reply.Error(error, IncidentGrammar.UsageOf("timeline")));
            }

            occurredAt = resolution.Instant!.Value;
            dayNote = resolution.OnAnotherDay ? $" on {_clock.LocalDate(occurredAt):yyyy-MM-dd}" : string.Empty;
        }

        var appended = await store.AppendEventAsync(
            new TimelineEvent
            {
                Workspace = incident.Workspace,
                IncidentId = incident.Id,
                Kind = TimelineEventKind.Note,
                OccurredAt = occurredAt,
                RecordedAt = request.Now,
                Author = request.Command.User,
                Text = add.Text,
                SourceId = request.Command.DeliveryId,
            },
            cancellationToken);

        var when = _clock.Format(occurredAt, withDate: false);
        var message = appended.Added
            ? $"Added to {incident.Reference}'s timeline at {when}{dayNote}: {add.Text}"
            : $"Already on {incident.Reference}'s timeline at {when}: {add.Text}";
        return CommandResult.Answer(Reply.Private(new TextBlock(message), new ContextBlock($"Times are in {_clock.ZoneName}. See it all with /incident timeline.")));
    }

    private async Task<CommandResult> ShowTimelineAsync(Incident incident, CommandContext request, CancellationToken cancellationToken)
    {
        // One read, split: the transcript is only counted here.
        var timeline = await store.GetTimelineAsync(incident.Workspace, incident.Id, TimelineQuery.Everything, cancellationToken);
        var keyEvents = timeline.Where(e => e.IsKeyEvent).ToList();
        var transcriptCount = timeline.Count - keyEvents.Count;
        var blocks = new List<ReplyBlock> { new HeadingBlock($"Timeline of {Headline(incident)}") };
        blocks.Add(keyEvents.Count == 0
            ? new TextBlock("Nothing on the timeline yet.")
            : IncidentReplies.Timeline(keyEvents, _clock, request.Now));
        blocks.Add(new ContextBlock(
            $"{Plural(keyEvents.Count, "key event", "key events")} · {Plural(transcriptCount, "channel message", "channel messages")} in the transcript · times in {_clock.ZoneName}"));
        return CommandResult.Answer(new Reply(ReplyVisibility.Private, blocks));
    }

    private Task<CommandResult> ChangeAsync(ParsedCommand parsed, CommandContext request, string verb, Func<Incident, LifecycleChange> change, CancellationToken cancellationToken) =>
        WithIncidentAsync(parsed, request, (incident, ct) => ApplyAsync(incident, change(incident), request, verb, ct), cancellationToken);

    private Task<CommandResult> SetKeyTimeAsync(KeyTimeCommand keyTime, CommandContext request, CancellationToken cancellationToken) =>
        WithIncidentAsync(keyTime, request, (incident, ct) =>
        {
            var resolution = _clock.Resolve(keyTime.At, request.Now);
            if (resolution.Error is { } error)
            {
                return Task.FromResult(CommandResult.Answer(Reply.Error(error, IncidentGrammar.UsageOf("keytime"))));
            }

            var at = resolution.Instant!.Value;
            var change = IncidentLifecycle.SetKeyTime(incident, keyTime.Which, at, _clock.Format(at, withDate: true), request.Command.User, request.Now);
            return ApplyAsync(incident, change, request, "keytime", ct);
        }, cancellationToken);

    private async Task<CommandResult> ApplyAsync(Incident incident, LifecycleChange change, CommandContext request, string verb, CancellationToken cancellationToken)
    {
        if (change.Refusal is { } refusal)
        {
            return CommandResult.Answer(Reply.Error(refusal, IncidentGrammar.UsageOf(verb)));
        }

        var saved = await store.SaveAsync(change.Incident!, [change.Event!], cancellationToken);
        var blocks = new List<ReplyBlock>
        {
            new TextBlock($"{request.Command.User.Name} · {saved.Reference} · {change.Event!.Text}"),
        };
        if (saved.Status == IncidentStatus.Resolved && change.Event.Kind == TimelineEventKind.Resolved)
        {
            blocks.Add(new FieldsBlock(IncidentReplies.KeyTimes(saved, _clock)));
            blocks.Add(new TextBlock("Thank you, everyone. While it's fresh: add what you saw first and what surprised you, and make sure the timeline is complete (/incident timeline)."));
            blocks.Add(new ActionsBlock(
            [
                new ReplyAction("postmortem-draft", "Draft the postmortem", $"/postmortem {saved.Reference} draft"),
                new ReplyAction("postmortem-schedule", "Schedule the review", $"/postmortem {saved.Reference} schedule auto"),
            ]));
        }

        return IncidentLocator.AnnounceInIncidentChannel(saved, request.Command, Reply.InChannel([.. blocks]));
    }

    private CommandResult Show(Incident incident)
    {
        var blocks = new List<ReplyBlock>
        {
            new HeadingBlock(Headline(incident)),
            new FieldsBlock(IncidentReplies.Facts(incident, _clock)),
        };
        var keyTimes = IncidentReplies.KeyTimes(incident, _clock);
        if (keyTimes.Count > 0)
        {
            blocks.Add(new FieldsBlock(keyTimes));
        }

        blocks.Add(new TextBlock("Summary: " + (incident.Summary ?? "not written yet (/incident summary …)")));
        blocks.Add(new TextBlock("Impact: " + (incident.Impact ?? "not described yet (/incident impact …)")));
        blocks.Add(new ContextBlock($"Times are in {_clock.ZoneName}."));
        return CommandResult.Answer(new Reply(ReplyVisibility.Private, blocks));
    }

    private async Task<CommandResult> ListAsync(ListCommand list, CommandContext request, CancellationToken cancellationToken)
    {
        const int Limit = 50;
        var incidents = await store.ListIncidentsAsync(request.Command.Workspace, list.IncludeResolved ? IncidentListFilter.All : IncidentListFilter.Open, Limit, cancellationToken);
        if (incidents.Count == 0)
        {
            return CommandResult.Answer(Reply.Private(new TextBlock(list.IncludeResolved
                ? "No incidents yet. Declare one with /incident declare <title>."
                : "No open incidents. 🎉 (/incident list all shows resolved ones too.)")));
        }

        var items = incidents
            .Select(i => $"{i.Reference} · {IncidentLifecycle.Name(i.Severity)} · {IncidentLifecycle.Name(i.Status)} · {i.Title} · #{i.Channel.Name} · declared {_clock.Format(i.DeclaredAt, withDate: true)}")
            .ToList();
        var heading = list.IncludeResolved ? "Incidents" : "Open incidents";
        return CommandResult.Answer(Reply.Private(new HeadingBlock(heading), new ListBlock(items)));
    }

    private static CommandResult Help(HelpCommand help)
    {
        if (help.Verb is { } verb)
        {
            var found = IncidentGrammar.Find(verb);
            return found is null
                ? CommandResult.Answer(Reply.Error($"\"{verb}\" isn't an /incident command.", "/incident help"))
                : CommandResult.Answer(Reply.Private(new HeadingBlock("/incident " + found.Verb), new TextBlock(found.Description), new UsageBlock(found.Usage)));
        }

        var items = IncidentGrammar.Verbs.Select(v => $"{v.Usage} — {v.Description}").ToList();
        return CommandResult.Answer(Reply.Private(
            new HeadingBlock("IncidentBot: /incident"),
            new ListBlock(items),
            new ContextBlock(IncidentGrammar.SelectorHint)));
    }

    /// <summary>Finds the incident the command is about (the selector, else the channel's) and runs <paramref name="action"/> on it.</summary>
    private async Task<CommandResult> WithIncidentAsync(ParsedCommand parsed, CommandContext request, Func<Incident, CancellationToken, Task<CommandResult>> action, CancellationToken cancellationToken)
    {
        var located = await IncidentLocator.FindAsync(store, request.Command, parsed.IncidentNumber, IncidentGrammar.SelectorHint, cancellationToken);
        if (located.Error is { } error)
        {
            return CommandResult.Answer(error);
        }

        return await action(located.Incident!, cancellationToken);
    }

    private static string Headline(Incident incident) => IncidentReplies.Headline(incident);

    private static string Plural(int count, string one, string many) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{count} {(count == 1 ? one : many)}");

    private sealed record CommandContext(ChatCommand Command, DateTimeOffset Now);
}
