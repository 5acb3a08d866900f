using IncidentBot.Core.Commands.Parsing;
using IncidentBot.Core.Reviews;

namespace IncidentBot.Core.Postmortems;

/// <summary>
/// Parses the text after <c>/postmortem</c>. Pure and total like the incident parser: a command or a failure
/// with the verb's usage, never an exception.
/// </summary>
public static class PostmortemCommandParser
{
    public const int MaxNoteLength = 8000;

    public static readonly IReadOnlyList<VerbHelp> Verbs =
    [
        new("draft", "/postmortem draft", "Compile the blameless draft from everything captured and post it."),
        new("contribute", "/postmortem contribute <your account>", "Add your own account: what you saw first, assumed, were surprised by, what helped."),
        new("why", "/postmortem why <text>", "Add the next step of the 5 Whys."),
        new("factor", "/postmortem factor <text>", "Add a contributing factor."),
        new("learned", "/postmortem learned well|wrong|lucky <text>", "Add a lesson: what went well, what went wrong, where we got lucky."),
        new("publish", "/postmortem publish [--roles]", "Freeze and share the postmortem; --roles replaces names with incident roles."),
        .. ReviewCommandParser.Verbs,
        new("help", "/postmortem help [verb]", "Show this help."),
    ];

    /// <summary>Verbs whose first argument is an action item (AI-3, #3), never an incident selector.</summary>
    private static readonly HashSet<string> ItemVerbs = new(StringComparer.Ordinal) { "done", "drop", "reassign", "due" };

    public static PostmortemParseResult Parse(string? text)
    {
        var cursor = new CommandCursor(text ?? string.Empty);
        var selector = IncidentCommandParser.TryReadSelector(ref cursor);
        var verb = cursor.ReadWord().ToLowerInvariant();
        if (verb.Length == 0)
        {
            return PostmortemParseResult.Success(new PostmortemCommand(PostmortemVerb.Help, null, null) { IncidentNumber = selector });
        }

        if (!ItemVerbs.Contains(verb))
        {
            selector ??= IncidentCommandParser.TryReadSelector(ref cursor);
        }

        var result = verb switch
        {
            "draft" => NoArguments(cursor, "draft", PostmortemVerb.Draft),
            "contribute" => Note(cursor, "contribute", PostmortemNoteKind.Perspective, "Tell us what you saw first, what you assumed, what surprised you, and what helped or got in the way."),
            "why" => Note(cursor, "why", PostmortemNoteKind.Why, "Why did the last step happen? Ask about the system, not the person."),
            "factor" => Note(cursor, "factor", PostmortemNoteKind.Factor, "Describe a condition that made this incident possible."),
            "learned" => Learned(cursor),
            "publish" => Publish(cursor),
            "help" => PostmortemParseResult.Success(new PostmortemCommand(PostmortemVerb.Help, null, NullIfEmpty(cursor.ReadWord().ToLowerInvariant()))),
            _ when ReviewCommandParser.IsVerb(verb) => Workflow(verb, cursor),
            _ => Failure("help", $"\"{Truncate(verb)}\" isn't a /postmortem command. Try one of: {string.Join(", ", Verbs.Select(v => v.Verb))}.", "/postmortem help"),
        };

        return result.Command is { } command && selector is { } number
            ? PostmortemParseResult.Success(command with { IncidentNumber = number })
            : result;
    }

    public static string UsageOf(string verb) =>
        Verbs.FirstOrDefault(v => string.Equals(v.Verb, verb, StringComparison.Ordinal))?.Usage ?? "/postmortem help";

    private static PostmortemParseResult Note(CommandCursor cursor, string verb, PostmortemNoteKind kind, string whenMissing)
    {
        var text = cursor.Rest();
        if (text.Length == 0)
        {
            return Failure(verb, whenMissing, UsageOf(verb));
        }

        return text.Length > MaxNoteLength
            ? Failure(verb, $"That is {text.Length} characters; the limit is {MaxNoteLength}. Split it into several notes.", UsageOf(verb))
            : PostmortemParseResult.Success(new PostmortemCommand(PostmortemVerb.Note, new NoteInput(kind, text), null));
    }

    private static PostmortemParseResult Learned(CommandCursor cursor)
    {
        var which = cursor.ReadWord().ToLowerInvariant();
        PostmortemNoteKind? kind = which switch
        {
            "well" => PostmortemNoteKind.WentWell,
            "wrong" => PostmortemNoteKind.WentWrong,
            "lucky" => PostmortemNoteKind.Lucky,
            _ => null,
        };
        if (kind is null)
        {
            return Failure("learned", which.Length == 0 ? "Which kind of lesson? well, wrong or lucky." : $"\"{Truncate(which)}\" isn't a kind of lesson. Use well, wrong or lucky.", UsageOf("learned"));
        }

        return Note(cursor, "learned", kind.Value, $"What went {which}?");
    }

    private static PostmortemParseResult Publish(CommandCursor cursor)
    {
        var option = cursor.ReadWord().ToLowerInvariant();
        if (option.Length == 0)
        {
            return PostmortemParseResult.Success(new PostmortemCommand(PostmortemVerb.Publish, null, null));
        }

        if (option is "--roles" or "roles" && cursor.AtEnd)
        {
            return PostmortemParseResult.Success(new PostmortemCommand(PostmortemVerb.Publish, null, null) { ReplaceNames = true });
        }

        return Failure("publish", $"\"{Truncate(option)}\" isn't a publish option. Use /postmortem publish or /postmortem publish --roles.", UsageOf("publish"));
    }

    private static PostmortemParseResult Workflow(string verb, CommandCursor cursor)
    {
        var (request, failure) = ReviewCommandParser.Parse(verb, cursor.Rest());
        return failure is null
            ? PostmortemParseResult.Success(new PostmortemCommand(PostmortemVerb.Review, null, null) { Request = request })
            : new PostmortemParseResult(null, failure);
    }

    private static PostmortemParseResult NoArguments(CommandCursor cursor, string verb, PostmortemVerb parsed) =>
        cursor.AtEnd
            ? PostmortemParseResult.Success(new PostmortemCommand(parsed, null, null))
            : Failure(verb, $"{verb} takes no arguments.", UsageOf(verb));

    private static PostmortemParseResult Failure(string verb, string message, string usage) =>
        new(null, new ParseFailure(verb, message, usage));

    private static string Truncate(string word) => word.Length <= 40 ? word : string.Concat(word.AsSpan(0, 40), "…");

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}

public enum PostmortemVerb
{
    Draft,
    Note,
    Publish,

    /// <summary>A review or action-item command; see <see cref="PostmortemCommand.Request"/>.</summary>
    Review,
    Help,
}

/// <param name="HelpVerb">For help: the verb asked about.</param>
public sealed record PostmortemCommand(PostmortemVerb Verb, NoteInput? Note, string? HelpVerb)
{
    public int? IncidentNumber { get; init; }

    /// <summary>For publish: replace names with incident roles.</summary>
    public bool ReplaceNames { get; init; }

    /// <summary>For <see cref="PostmortemVerb.Review"/>: what the review or action-item command asks for.</summary>
    public ReviewRequest? Request { get; init; }
}

public sealed record NoteInput(PostmortemNoteKind Kind, string Text);

public sealed record PostmortemParseResult(PostmortemCommand? Command, ParseFailure? Failure)
{
    public static PostmortemParseResult Success(PostmortemCommand command) => new(command, null);
}
