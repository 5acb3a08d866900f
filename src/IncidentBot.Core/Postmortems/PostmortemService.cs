using System.Globalization;
using IncidentBot.Core.Commands;
using IncidentBot.Core.ActionItems;
using IncidentBot.Core.Commands.Parsing;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Reviews;
using Microsoft.Extensions.Options;

namespace IncidentBot.Core.Postmortems;

/// <summary>Runs <c>/postmortem …</c>: collects people's notes, compiles and versions drafts, publishes.</summary>
public sealed class PostmortemService(
    IIncidentStore incidents,
    IPostmortemStore postmortems,
    PostmortemCompiler compiler,
    BlameReview blameReview,
    TimeProvider timeProvider,
    ReviewService reviewService,
    ActionItemService actionItemService,
    IOptions<WebOptions> web)
{
    private const string SelectorHint = "Outside an incident channel, name the incident first: /postmortem INC-42 draft";
    private const int MaxAttempts = 3;

    public async Task<CommandResult> HandleAsync(ChatCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var parsed = PostmortemCommandParser.Parse(command.Text);
        if (parsed.Failure is { } failure)
        {
            return CommandResult.Answer(Reply.Error(failure.Message, failure.Usage));
        }

        var request = parsed.Command!;
        if (request.Verb == PostmortemVerb.Help)
        {
            return Help(request.HelpVerb);
        }

        if (request.Verb == PostmortemVerb.Review)
        {
            return await WorkflowAsync(request, command, cancellationToken);
        }

        var located = await IncidentLocator.FindAsync(incidents, command, request.IncidentNumber, SelectorHint, cancellationToken);
        if (located.Error is { } error)
        {
            return CommandResult.Answer(error);
        }

        var incident = located.Incident!;
        var now = timeProvider.GetUtcNow();
        return request.Verb switch
        {
            PostmortemVerb.Note => await AddNoteAsync(incident, command, request.Note!, now, cancellationToken),
            PostmortemVerb.Draft => await DraftAsync(incident, command, now, cancellationToken),
            _ => await PublishAsync(incident, command, request.ReplaceNames, now, cancellationToken),
        };
    }

    /// <summary>Review and action-item commands; a concurrent change to the same review or item is read again and re-applied.</summary>
    private async Task<CommandResult> WorkflowAsync(PostmortemCommand parsed, ChatCommand command, CancellationToken cancellationToken)
    {
        var request = parsed.Request!;
        var isActionItem = request is ActionRequest or ActionsRequest or ActionItemChange;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Incident? incident = null;
                if (request.NeedsIncident)
                {
                    var located = await IncidentLocator.FindAsync(incidents, command, parsed.IncidentNumber, SelectorHint, cancellationToken);
                    if (located.Error is { } error)
                    {
                        return CommandResult.Answer(error);
                    }

                    incident = located.Incident!;
                }

                var now = timeProvider.GetUtcNow();
                return isActionItem
                    ? await actionItemService.HandleAsync(request, command, incident, now, cancellationToken)
                    : await reviewService.HandleAsync(request, command, incident, now, cancellationToken);
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // Someone changed the review or item between our read and our write: read again and re-apply.
            }
        }
    }

    private async Task<CommandResult> AddNoteAsync(Incident incident, ChatCommand command, NoteInput input, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var added = await postmortems.AddNoteAsync(
            new PostmortemNote
            {
                Workspace = incident.Workspace,
                IncidentId = incident.Id,
                Kind = input.Kind,
                Author = command.User,
                Text = input.Text,
                CreatedAt = now,
                SourceId = command.DeliveryId,
            },
            cancellationToken);

        var blocks = new List<ReplyBlock>
        {
            new TextBlock(added.Added
                ? $"{Recorded(input.Kind)} for {incident.Reference}."
                : $"Already recorded for {incident.Reference}."),
        };

        if (input.Kind == PostmortemNoteKind.Factor && added.Added)
        {
            var number = (await postmortems.GetNotesAsync(incident.Workspace, incident.Id, cancellationToken)).Count(n => n.Kind == PostmortemNoteKind.Factor);
            blocks.Add(new ContextBlock(string.Create(CultureInfo.InvariantCulture, $"It is factor {number} in the draft; link action items that address it with factor:{number}.")));
        }

        if (input.Kind == PostmortemNoteKind.Why)
        {
            var whys = (await postmortems.GetNotesAsync(incident.Workspace, incident.Id, cancellationToken))
                .Where(n => n.Kind == PostmortemNoteKind.Why)
                .Select((n, i) => string.Create(CultureInfo.InvariantCulture, $"{i + 1}. {n.Text}"))
                .ToList();
            blocks.Add(new HeadingBlock("5 Whys so far"));
            blocks.Add(new ListBlock(whys));
        }

        // People are told privately and gently; what they wrote is kept as they wrote it.
        var findings = blameReview.Check(input.Text);
        if (findings.Count > 0)
        {
            blocks.Add(new TextBlock("It's recorded as you wrote it. A blameless review looks at the system rather than at people; you might reframe this:"));
            blocks.Add(new ListBlock(findings.Select(f => $"“{f.Matched}”: {f.Explanation} {f.Suggestion}").ToList()));
        }

        return CommandResult.Answer(new Reply(ReplyVisibility.Private, blocks));
    }

    private async Task<CommandResult> DraftAsync(Incident incident, ChatCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var material = await GatherAsync(incident, cancellationToken);
        var (compiled, draft) = await CompileAndSaveAsync(incident, material, command, new CompileOptions(now), cancellationToken);

        var people = material.Timeline.Select(e => e.Author.Id).Concat(material.Notes.Select(n => n.Author.Id)).Distinct(StringComparer.Ordinal).Count();
        var blocks = new List<ReplyBlock>
        {
            new HeadingBlock($"Postmortem draft v{Num(draft.Version)}: {incident.Reference} {incident.Title}"),
            new TextBlock($"Compiled from {Count(material.Timeline.Count(e => e.IsKeyEvent), "key event", "key events")}, {Count(material.Timeline.Count(e => !e.IsKeyEvent), "channel message", "channel messages")} and {Count(material.Notes.Count, "note", "notes")} from {Count(people, "person", "people")}."),
        };
        blocks.AddRange(ReadinessBlocks(compiled));
        blocks.Add(new AttachmentBlock(PostmortemLinks.FileName(incident.Reference, draft.Version), $"{incident.Reference} postmortem draft v{Num(draft.Version)}", "text/markdown", draft.Markdown)
        {
            PagePath = PostmortemLinks.Page(incident.Workspace, incident.Number, draft.Version),
            PageUrl = web.Value.Absolute(PostmortemLinks.Page(incident.Workspace, incident.Number, draft.Version)),
        });
        blocks.Add(new ContextBlock("Add to it with /postmortem contribute …, why …, factor …, learned well|wrong|lucky …; /postmortem draft again makes a new version. Earlier versions are kept."));
        return IncidentLocator.AnnounceInIncidentChannel(incident, command, new Reply(ReplyVisibility.InChannel, blocks));
    }

    private async Task<CommandResult> PublishAsync(Incident incident, ChatCommand command, bool replaceNames, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (incident.IsOpen)
        {
            return CommandResult.Answer(Reply.Error($"{incident.Reference} is still {IncidentLifecycle.Name(incident.Status)}; resolve it before publishing its postmortem.", PostmortemCommandParser.UsageOf("publish")));
        }

        var material = await GatherAsync(incident, cancellationToken);
        var (compiled, published) = await CompileAndSaveAsync(incident, material, command, new CompileOptions(now, ReplaceNames: replaceNames, Published: true), cancellationToken);

        var blocks = new List<ReplyBlock>
        {
            new HeadingBlock($"Postmortem published: {incident.Reference} {incident.Title}"),
            new TextBlock(replaceNames
                ? $"Version {Num(published.Version)} is frozen, with people's names replaced by their incident roles for sharing beyond the team."
                : $"Version {Num(published.Version)} is frozen. Thank you all for the honest accounts."),
        };
        blocks.AddRange(ReadinessBlocks(compiled));
        blocks.Add(new AttachmentBlock(PostmortemLinks.FileName(incident.Reference, published.Version), $"{incident.Reference} postmortem (published)", "text/markdown", published.Markdown)
        {
            PagePath = PostmortemLinks.Page(incident.Workspace, incident.Number, published.Version),
            PageUrl = web.Value.Absolute(PostmortemLinks.Page(incident.Workspace, incident.Number, published.Version)),
        });
        return IncidentLocator.AnnounceInIncidentChannel(incident, command, new Reply(ReplyVisibility.InChannel, blocks));
    }

    /// <summary>
    /// Compiles and stores the next version; stored versions never change. The same delivery run again gets the version
    /// it stored the first time (whose text the reply then carries), not a new one.
    /// </summary>
    private async Task<(CompiledPostmortem Compiled, PostmortemDraft Stored)> CompileAndSaveAsync(Incident incident, PostmortemMaterial material, ChatCommand command, CompileOptions options, CancellationToken cancellationToken)
    {
        var compiled = compiler.Compile(material, options);
        var stored = await postmortems.SaveDraftAsync(
            new PostmortemDraft
            {
                Workspace = incident.Workspace,
                IncidentId = incident.Id,
                Markdown = compiled.Markdown,
                CreatedAt = options.CompiledAt,
                CreatedBy = command.User,
                Published = options.Published,
                NamesReplaced = options.ReplaceNames,
                SourceId = command.DeliveryId,
            },
            cancellationToken);
        return (compiled, stored);
    }

    private async Task<PostmortemMaterial> GatherAsync(Incident incident, CancellationToken cancellationToken)
    {
        var timeline = await incidents.GetTimelineAsync(incident.Workspace, incident.Id, TimelineQuery.Everything, cancellationToken);
        var notes = await postmortems.GetNotesAsync(incident.Workspace, incident.Id, cancellationToken);
        var actionItems = await actionItemService.ListForIncidentAsync(incident, cancellationToken);
        var review = await reviewService.GetBookingAsync(incident, cancellationToken);
        return new PostmortemMaterial(incident, timeline, notes, actionItems, review);
    }

    private static IEnumerable<ReplyBlock> ReadinessBlocks(CompiledPostmortem compiled)
    {
        var checks = compiled.Readiness.Checks;
        var met = checks.Count(c => c.Met);
        yield return new FieldsBlock(
        [
            new ReplyField("Ready for review", $"{Num(met)} of {Num(checks.Count)} checks"),
            new ReplyField("Blame flags", Num(compiled.BlameFlags.Count)),
        ]);
        var missing = checks.Where(c => !c.Met).Select(c => $"{c.Name}: {c.Advice}").ToList();
        if (missing.Count > 0)
        {
            yield return new ListBlock(missing);
        }
    }

    private static CommandResult Help(string? verb)
    {
        if (verb is not null)
        {
            var found = PostmortemCommandParser.Verbs.FirstOrDefault(v => string.Equals(v.Verb, verb, StringComparison.Ordinal));
            return found is null
                ? CommandResult.Answer(Reply.Error($"\"{verb}\" isn't a /postmortem command.", "/postmortem help"))
                : CommandResult.Answer(Reply.Private(new HeadingBlock("/postmortem " + found.Verb), new TextBlock(found.Description), new UsageBlock(found.Usage)));
        }

        return CommandResult.Answer(Reply.Private(
            new HeadingBlock("IncidentBot: /postmortem"),
            new ListBlock(PostmortemCommandParser.Verbs.Select(v => $"{v.Usage} — {v.Description}").ToList()),
            new ContextBlock(SelectorHint)));
    }

    private static string Recorded(PostmortemNoteKind kind) => kind switch
    {
        PostmortemNoteKind.Perspective => "Thank you. Your account is recorded",
        PostmortemNoteKind.Why => "Added to the 5 Whys",
        PostmortemNoteKind.Factor => "Contributing factor recorded",
        PostmortemNoteKind.WentWell => "Recorded what went well",
        PostmortemNoteKind.WentWrong => "Recorded what went wrong",
        _ => "Recorded where we got lucky",
    };

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Count(int value, string one, string many) => $"{Num(value)} {(value == 1 ? one : many)}";
}
