using System.Globalization;
using System.Text.RegularExpressions;
using IncidentBot.Core.Incidents;

namespace IncidentBot.Core.Commands.Parsing;

/// <summary>
/// Parses the text after <c>/incident</c>. Pure and total: any string gives either a command or a failure
/// that names the verb and its usage; it never throws.
/// </summary>
public static partial class IncidentCommandParser
{
    public static ParseResult Parse(string? text)
    {
        var cursor = new CommandCursor(text ?? string.Empty);
        var selector = TryReadSelector(ref cursor);
        var verb = cursor.ReadWord().ToLowerInvariant();
        if (verb.Length == 0)
        {
            return ParseResult.Success(new HelpCommand(null) { IncidentNumber = selector });
        }

        // The selector may also follow the verb: `/incident status INC-4 resolved`.
        selector ??= TryReadSelector(ref cursor);

        var result = verb switch
        {
            "declare" => ParseDeclare(cursor),
            "timeline" => ParseTimeline(cursor),
            "status" => ParseStatus(cursor),
            "sev" or "severity" => ParseSeverity(cursor),
            "role" => ParseRole(cursor),
            "summary" => ParseFreeText(cursor, "summary", "What's the summary? One paragraph on what happened and its effect.", t => new SummaryCommand(t)),
            "impact" => ParseFreeText(cursor, "impact", "Describe the impact: who or what was affected, and how.", t => new ImpactCommand(t)),
            "keytime" => ParseKeyTime(cursor),
            "resolve" => ParseResolve(cursor),
            "show" => NoArguments(cursor, "show", new ShowCommand()),
            "list" => ParseList(cursor),
            "help" => ParseResult.Success(new HelpCommand(NullIfEmpty(cursor.ReadWord().ToLowerInvariant()))),
            _ => Unknown(verb),
        };

        return result.Command is { } command && selector is { } number
            ? ParseResult.Success(command with { IncidentNumber = number })
            : result;
    }

    private static ParseResult ParseDeclare(CommandCursor cursor)
    {
        var rest = cursor.Rest();
        Severity? severity = null;
        var lastSpace = rest.LastIndexOfAny([' ', '\t', '\n', '\r']);
        var lastWord = lastSpace < 0 ? rest : rest[(lastSpace + 1)..];
        if (TryParseSeverity(lastWord, allowBareDigit: false, out var parsed))
        {
            severity = parsed;
            rest = lastSpace < 0 ? string.Empty : rest[..lastSpace].TrimEnd();
        }

        if (rest.Length == 0)
        {
            return Fail("declare", "Give the incident a title: what is broken, as users would notice it.");
        }

        if (rest.Length > IncidentGrammar.MaxTitleLength)
        {
            return Fail("declare", $"That title is {rest.Length} characters; keep it under {IncidentGrammar.MaxTitleLength} and put details in /incident summary.");
        }

        return ParseResult.Success(new DeclareCommand(rest, severity));
    }

    private static ParseResult ParseTimeline(CommandCursor cursor)
    {
        if (cursor.AtEnd)
        {
            return ParseResult.Success(new TimelineShowCommand());
        }

        var first = cursor.PeekWord();
        LocalTimeSpec? at = null;
        if (DatePattern().IsMatch(first))
        {
            cursor.ReadWord();
            if (!DateOnly.TryParseExact(first, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return Fail("timeline", $"{first} isn't a date in the calendar.");
            }

            var timeWord = cursor.ReadWord();
            if (!TimePattern().IsMatch(timeWord))
            {
                return Fail("timeline", $"Add the time of day after the date, like {first} 14:05.");
            }

            if (!TryParseTime(timeWord, out var time))
            {
                return Fail("timeline", $"{timeWord} isn't a time of day (00:00 to 23:59).");
            }

            at = new LocalTimeSpec(date, time);
        }
        else if (TimePattern().IsMatch(first))
        {
            cursor.ReadWord();
            if (!TryParseTime(first, out var time))
            {
                return Fail("timeline", $"{first} isn't a time of day (00:00 to 23:59).");
            }

            at = new LocalTimeSpec(null, time);
        }

        var text = cursor.Rest();
        if (text.Length == 0)
        {
            return Fail("timeline", at is null ? "What happened?" : $"What happened at {at}?");
        }

        return text.Length > IncidentGrammar.MaxTextLength
            ? Fail("timeline", TooLong(text))
            : ParseResult.Success(new TimelineAddCommand(text, at));
    }

    private static ParseResult ParseStatus(CommandCursor cursor)
    {
        var word = cursor.ReadWord();
        if (word.Length == 0)
        {
            return Fail("status", "Which status? investigating, identified, monitoring or resolved.");
        }

        if (!TryParseStatus(word, out var status))
        {
            return Fail("status", $"\"{Truncate(word)}\" isn't a status. Use investigating, identified, monitoring or resolved.");
        }

        var note = cursor.Rest();
        return note.Length > IncidentGrammar.MaxTextLength
            ? Fail("status", TooLong(note))
            : ParseResult.Success(new StatusCommand(status, NullIfEmpty(note)));
    }

    private static ParseResult ParseSeverity(CommandCursor cursor)
    {
        var word = cursor.ReadWord();
        if (word.Length == 0)
        {
            return Fail("sev", "Which severity? 1 (most severe) to 4.");
        }

        if (!TryParseSeverity(word, allowBareDigit: true, out var severity))
        {
            return Fail("sev", $"\"{Truncate(word)}\" isn't a severity. Use 1, 2, 3 or 4 (1 is the most severe).");
        }

        return cursor.AtEnd
            ? ParseResult.Success(new SeverityCommand(severity))
            : Fail("sev", "Give only the severity, like /incident sev 2.");
    }

    private static ParseResult ParseRole(CommandCursor cursor)
    {
        var roleWord = cursor.ReadWord();
        if (roleWord.Length == 0)
        {
            return Fail("role", "Which role? commander, comms or scribe, then @person.");
        }

        if (!TryParseRole(roleWord, out var role))
        {
            return Fail("role", $"\"{Truncate(roleWord)}\" isn't a role. Use commander, comms or scribe.");
        }

        var who = cursor.ReadWord();
        if (who.Length == 0)
        {
            return Fail("role", $"Who is {roleWord.ToLowerInvariant()}? Mention them: @person.");
        }

        if (!Mentions.TryParse(who, out var person))
        {
            return Fail("role", $"\"{Truncate(who)}\" isn't a person. Mention them with @.");
        }

        return cursor.AtEnd
            ? ParseResult.Success(new RoleCommand(role, person))
            : Fail("role", "Give one person per role.");
    }

    private static ParseResult ParseKeyTime(CommandCursor cursor)
    {
        var which = cursor.ReadWord().ToLowerInvariant();
        KeyTime? key = which switch
        {
            "impact-start" or "impact" => KeyTime.ImpactStarted,
            "detected" => KeyTime.Detected,
            "acknowledged" or "ack" => KeyTime.Acknowledged,
            "mitigated" => KeyTime.Mitigated,
            "resolved" => KeyTime.Resolved,
            _ => null,
        };
        if (key is null)
        {
            return Fail("keytime", which.Length == 0
                ? "Which key time? impact-start, detected, acknowledged, mitigated or resolved."
                : $"\"{Truncate(which)}\" isn't a key time. Use impact-start, detected, acknowledged, mitigated or resolved.");
        }

        var first = cursor.ReadWord();
        LocalTimeSpec spec;
        if (DatePattern().IsMatch(first))
        {
            if (!DateOnly.TryParseExact(first, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return Fail("keytime", $"{first} isn't a date in the calendar.");
            }

            var timeWord = cursor.ReadWord();
            if (!TryParseTime(timeWord, out var time))
            {
                return Fail("keytime", $"Give a time of day after the date, like {first} 14:05.");
            }

            spec = new LocalTimeSpec(date, time);
        }
        else if (TryParseTime(first, out var time))
        {
            spec = new LocalTimeSpec(null, time);
        }
        else
        {
            return Fail("keytime", first.Length == 0 ? "When? Give HH:MM or YYYY-MM-DD HH:MM." : $"\"{Truncate(first)}\" isn't a time. Give HH:MM or YYYY-MM-DD HH:MM.");
        }

        return cursor.AtEnd
            ? ParseResult.Success(new KeyTimeCommand(key.Value, spec))
            : Fail("keytime", "Give only the key time and when, like /incident keytime detected 13:58.");
    }

    private static ParseResult ParseResolve(CommandCursor cursor)
    {
        var note = cursor.Rest();
        return note.Length > IncidentGrammar.MaxTextLength
            ? Fail("resolve", TooLong(note))
            : ParseResult.Success(new ResolveCommand(NullIfEmpty(note)));
    }

    private static ParseResult ParseList(CommandCursor cursor)
    {
        var word = cursor.ReadWord().ToLowerInvariant();
        return word switch
        {
            "" or "open" => cursor.AtEnd ? ParseResult.Success(new ListCommand(false)) : Fail("list", "list takes only \"all\"."),
            "all" => cursor.AtEnd ? ParseResult.Success(new ListCommand(true)) : Fail("list", "list takes only \"all\"."),
            _ => Fail("list", $"\"{Truncate(word)}\" isn't a list option. Use /incident list or /incident list all."),
        };
    }

    private static ParseResult ParseFreeText(CommandCursor cursor, string verb, string whenMissing, Func<string, ParsedCommand> create)
    {
        var text = cursor.Rest();
        if (text.Length == 0)
        {
            return Fail(verb, whenMissing);
        }

        return text.Length > IncidentGrammar.MaxTextLength ? Fail(verb, TooLong(text)) : ParseResult.Success(create(text));
    }

    private static ParseResult NoArguments(CommandCursor cursor, string verb, ParsedCommand command) =>
        cursor.AtEnd ? ParseResult.Success(command) : Fail(verb, $"{verb} takes no arguments.");

    private static ParseResult Unknown(string verb) =>
        ParseResult.Failed(new ParseFailure(
            "help",
            $"\"{Truncate(verb)}\" isn't an /incident command. Try one of: {string.Join(", ", IncidentGrammar.Verbs.Select(v => v.Verb))}.",
            "/incident help"));

    internal static int? TryReadSelector(ref CommandCursor cursor)
    {
        var match = SelectorPattern().Match(cursor.PeekWord());
        if (!match.Success || !int.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            return null;
        }

        cursor.ReadWord();
        return number;
    }

    internal static bool TryParseSeverity(string word, bool allowBareDigit, out Severity severity)
    {
        var digits = word.ToLowerInvariant() switch
        {
            var w when w.StartsWith("sev-", StringComparison.Ordinal) => w[4..],
            var w when w.StartsWith("sev", StringComparison.Ordinal) => w[3..],
            var w when allowBareDigit => w,
            _ => string.Empty,
        };
        Severity? parsed = digits switch
        {
            "1" => Severity.Sev1,
            "2" => Severity.Sev2,
            "3" => Severity.Sev3,
            "4" => Severity.Sev4,
            _ => null,
        };
        severity = parsed.GetValueOrDefault(Severity.Sev3);
        return parsed is not null;
    }

    private static bool TryParseStatus(string word, out IncidentStatus status)
    {
        status = word.ToLowerInvariant() switch
        {
            "investigating" => IncidentStatus.Investigating,
            "identified" => IncidentStatus.Identified,
            "monitoring" => IncidentStatus.Monitoring,
            "resolved" => IncidentStatus.Resolved,
            _ => (IncidentStatus)(-1),
        };
        return Enum.IsDefined(status);
    }

    private static bool TryParseRole(string word, out IncidentRole role)
    {
        role = word.ToLowerInvariant() switch
        {
            "commander" or "ic" => IncidentRole.Commander,
            "comms" or "communications" => IncidentRole.Comms,
            "scribe" => IncidentRole.Scribe,
            _ => (IncidentRole)(-1),
        };
        return Enum.IsDefined(role);
    }

    private static bool TryParseTime(string word, out TimeOnly time)
    {
        time = default;
        var match = TimePattern().Match(word);
        if (!match.Success)
        {
            return false;
        }

        var hours = int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minutes = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        if (hours > 23 || minutes > 59)
        {
            return false;
        }

        time = new TimeOnly(hours, minutes);
        return true;
    }

    private static ParseResult Fail(string verb, string message) =>
        ParseResult.Failed(new ParseFailure(verb, message, IncidentGrammar.UsageOf(verb)));

    private static string TooLong(string text) =>
        $"That is {text.Length} characters; the limit is {IncidentGrammar.MaxTextLength}.";

    private static string Truncate(string word) => word.Length <= 40 ? word : string.Concat(word.AsSpan(0, 40), "…");

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    [GeneratedRegex(@"^(?:INC-|#)(?<n>[0-9]{1,9})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex SelectorPattern();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^(?<h>[0-9]{1,2}):(?<m>[0-9]{2})$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex TimePattern();
}

/// <summary>Either a command or a failure, never both.</summary>
public sealed record ParseResult(ParsedCommand? Command, ParseFailure? Failure)
{
    public static ParseResult Success(ParsedCommand command) => new(command, null);

    public static ParseResult Failed(ParseFailure failure) => new(null, failure);
}
