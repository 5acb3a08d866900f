using System.Globalization;
using System.Text.RegularExpressions;
using IncidentBot.Core.ActionItems;
using IncidentBot.Core.Commands.Parsing;
using IncidentBot.Core.Incidents;

namespace IncidentBot.Core.Reviews;

/// <summary>
/// Parses the review and action-item verbs of <c>/postmortem</c>. Pure and total: a request, or a failure that
/// says what is wrong and shows the verb's usage; never an exception. Dates are parsed here, but whether they
/// lie in the past is decided when the command runs (it depends on the clock).
/// </summary>
internal static partial class ReviewCommandParser
{
    public const int MaxTitleLength = 300;
    public const int MaxReasonLength = 1000;
    private const int MaxDaysAhead = 366;

    public static readonly IReadOnlyList<VerbHelp> Verbs =
    [
        new("schedule", "/postmortem schedule auto | tomorrow 15:00 | 2026-11-25 10:00 | friday | in 3 days [facilitator @person] | cancel", "Book (or move) the review in the workspace's time zone; auto picks a working-hours slot by severity. Alone, shows the booking."),
        new("facilitate", "/postmortem facilitate accept|pass", "Answer when you are asked to facilitate a review."),
        new("review", "/postmortem review done", "Mark the review as held."),
        new("action", "/postmortem action <title> owner:@person due:<date> [type:prevent|detect|mitigate|process] [priority:p1|p2|p3] [factor:<n>] [link:<url>]", "Add an action item; dates like 2026-12-01, tomorrow, friday, in 2 weeks."),
        new("actions", "/postmortem actions [mine|all]", "List this incident's action items, your open ones (mine), or every open one (all)."),
        new("done", "/postmortem done <AI-n>", "Mark an action item done."),
        new("drop", "/postmortem drop <AI-n> <reason>", "Drop an action item, saying why."),
        new("reassign", "/postmortem reassign <AI-n> @person", "Give an action item to someone else."),
        new("due", "/postmortem due <AI-n> <date>", "Change an action item's due date."),
        new("facilitators", "/postmortem facilitators add|remove @person… | list", "The pool reviews' facilitators rotate through, and who facilitated when."),
        new("digest", "/postmortem digest here|off", "Post the daily digest of overdue action items in this channel (or stop it)."),
    ];

    public static bool IsVerb(string verb) => Verbs.Any(v => string.Equals(v.Verb, verb, StringComparison.Ordinal));

    public static (ReviewRequest? Request, ParseFailure? Failure) Parse(string verb, string rest)
    {
        var words = Words(rest);
        return verb switch
        {
            "schedule" => Schedule(words),
            "facilitate" => Facilitate(words),
            "review" => ReviewDone(words),
            "action" => Action(words),
            "actions" => Actions(words),
            "done" => Change(words, "done", ActionItemChangeKind.Done),
            "drop" => Change(words, "drop", ActionItemChangeKind.Drop),
            "reassign" => Change(words, "reassign", ActionItemChangeKind.Reassign),
            "due" => Change(words, "due", ActionItemChangeKind.Due),
            "facilitators" => Facilitators(words),
            _ => Digest(words),
        };
    }

    public static string UsageOf(string verb) =>
        Verbs.FirstOrDefault(v => string.Equals(v.Verb, verb, StringComparison.Ordinal))?.Usage ?? "/postmortem help";

    // ---- schedule ----------------------------------------------------------------------------------

    private static (ReviewRequest?, ParseFailure?) Schedule(List<string> words)
    {
        if (words.Count == 0)
        {
            return Ok(new ScheduleShowRequest());
        }

        if (words.Count == 1 && Is(words[0], "cancel"))
        {
            return Ok(new ScheduleCancelRequest());
        }

        Person? facilitator = null;
        var keyword = words.FindIndex(w => Is(w, "facilitator") || Is(w, "facilitated-by") || Is(w, "with"));
        if (keyword >= 0)
        {
            var who = words.Skip(keyword + 1).ToList();
            if (who.Count == 0)
            {
                return Fail("schedule", "Who facilitates? Mention them: facilitator @person.");
            }

            if (who.Count > 1 || !Mentions.TryParse(who[0], out var person))
            {
                return Fail("schedule", $"\"{Truncate(string.Join(' ', who))}\" isn't one person. Name the facilitator with @: facilitator @person.");
            }

            facilitator = person;
            words = words[..keyword];
        }

        if (words.Count == 0)
        {
            return facilitator is null
                ? Fail("schedule", "When should the review meet? auto, or a day and time like tomorrow 15:00.")
                : Ok(new ScheduleRequest(null, facilitator));
        }

        var (when, error) = ParseWhen(words);
        return error is null ? Ok(new ScheduleRequest(when!, facilitator)) : Fail("schedule", error);
    }

    /// <summary><c>auto</c> | <c>in N hours|minutes</c> | <c>[day] [at] [time]</c>.</summary>
    internal static (ReviewWhen? When, string? Error) ParseWhen(List<string> words)
    {
        if (words.Count == 1 && Is(words[0], "auto"))
        {
            return (ReviewWhen.Automatic, null);
        }

        if (Is(words[0], "in") && words.Count == 3 && FromNow(words[1], words[2]) is { } fromNow)
        {
            return fromNow;
        }

        var index = 0;
        DateSpec? day = null;
        if (TryParseTime(words[0], out _) is false)
        {
            var (parsed, consumed, error) = ParseDate(words, 0);
            if (error is not null)
            {
                return (null, error);
            }

            day = parsed;
            index = consumed;
        }

        if (index < words.Count && Is(words[index], "at"))
        {
            index++;
        }

        TimeOnly? time = null;
        if (index < words.Count)
        {
            var parsedTime = TryParseTime(words[index], out var value);
            if (parsedTime is null)
            {
                return (null, $"\"{Truncate(words[index])}\" isn't a time of day (00:00 to 23:59, or like 3pm).");
            }

            if (parsedTime is false)
            {
                return (null, $"\"{Truncate(words[index])}\" isn't a time. Give the time after the day, like tomorrow 15:00.");
            }

            time = value;
            index++;
        }

        if (index < words.Count)
        {
            return (null, $"I understood \"{string.Join(' ', words[..index])}\" but not \"{Truncate(string.Join(' ', words[index..]))}\". Try auto, tomorrow 15:00, 2026-11-25 10:00, friday or in 3 days.");
        }

        return day is null && time is null
            ? (null, "When should the review meet? auto, or a day and time like tomorrow 15:00.")
            : (new ReviewWhen(false, day, time, null), null);
    }

    /// <summary><c>in 2 hours</c>, <c>in 90 minutes</c>; null when the unit is not hours or minutes.</summary>
    private static (ReviewWhen? When, string? Error)? FromNow(string amount, string unit)
    {
        if (IsUnit(unit, "hour", "hours", "h", "hr", "hrs"))
        {
            return Amount(amount, 1, 24 * 14, out var hours)
                ? (new ReviewWhen(false, null, null, TimeSpan.FromHours(hours)), null)
                : (null, $"\"{Truncate(amount)}\" isn't a number of hours (1 to 336).");
        }

        if (IsUnit(unit, "minute", "minutes", "min", "mins", "m"))
        {
            return Amount(amount, 1, 24 * 60, out var minutes)
                ? (new ReviewWhen(false, null, null, TimeSpan.FromMinutes(minutes)), null)
                : (null, $"\"{Truncate(amount)}\" isn't a number of minutes (1 to 1440).");
        }

        return null;
    }

    // ---- facilitation ------------------------------------------------------------------------------

    private static (ReviewRequest?, ParseFailure?) Facilitate(List<string> words) => words switch
    {
        [var w] when Is(w, "accept") || Is(w, "yes") => Ok(new FacilitateRequest(Accept: true)),
        [var w] when Is(w, "pass") || Is(w, "decline") || Is(w, "no") => Ok(new FacilitateRequest(Accept: false)),
        [] => Fail("facilitate", "Accept or pass? /postmortem facilitate accept, or /postmortem facilitate pass."),
        _ => Fail("facilitate", $"\"{Truncate(string.Join(' ', words))}\": answer with accept or pass."),
    };

    private static (ReviewRequest?, ParseFailure?) ReviewDone(List<string> words) => words switch
    {
        [var w] when Is(w, "done") || Is(w, "held") => Ok(new ReviewDoneRequest()),
        _ => Fail("review", "Say /postmortem review done once the review has met."),
    };

    private static (ReviewRequest?, ParseFailure?) Facilitators(List<string> words)
    {
        if (words.Count == 0 || (words.Count == 1 && Is(words[0], "list")))
        {
            return Ok(new FacilitatorsRequest(FacilitatorsOperation.List, []));
        }

        FacilitatorsOperation? operation = words[0].ToLowerInvariant() switch
        {
            "add" => FacilitatorsOperation.Add,
            "remove" or "rm" or "delete" => FacilitatorsOperation.Remove,
            _ => null,
        };
        if (operation is null)
        {
            return Fail("facilitators", $"\"{Truncate(words[0])}\" isn't something to do with the pool. Use add, remove or list.");
        }

        var people = new List<Person>();
        foreach (var word in words.Skip(1))
        {
            if (!Mentions.TryParse(word, out var person))
            {
                return Fail("facilitators", $"\"{Truncate(word)}\" isn't a person. Mention people with @.");
            }

            if (!people.Any(p => string.Equals(p.Id, person.Id, StringComparison.Ordinal)))
            {
                people.Add(person);
            }
        }

        return people.Count == 0
            ? Fail("facilitators", $"Who? /postmortem facilitators {words[0].ToLowerInvariant()} @person")
            : people.Count > 25 ? Fail("facilitators", "At most 25 people at a time.") : Ok(new FacilitatorsRequest(operation.Value, people));
    }

    private static (ReviewRequest?, ParseFailure?) Digest(List<string> words) => words switch
    {
        [var w] when Is(w, "here") || Is(w, "on") => Ok(new DigestRequest(On: true)),
        [var w] when Is(w, "off") || Is(w, "stop") => Ok(new DigestRequest(On: false)),
        _ => Fail("digest", "Run /postmortem digest here in the channel that should get the overdue digest, or /postmortem digest off."),
    };

    // ---- action items ------------------------------------------------------------------------------

    private static (ReviewRequest?, ParseFailure?) Actions(List<string> words) => words switch
    {
        [] => Ok(new ActionsRequest(ActionsScope.Incident)),
        [var w] when Is(w, "mine") || Is(w, "me") => Ok(new ActionsRequest(ActionsScope.Mine)),
        [var w] when Is(w, "all") || Is(w, "open") => Ok(new ActionsRequest(ActionsScope.AllOpen)),
        _ => Fail("actions", $"\"{Truncate(string.Join(' ', words))}\" isn't a list I know. Use actions, actions mine or actions all."),
    };

    private static (ReviewRequest?, ParseFailure?) Action(List<string> words)
    {
        var draft = new ActionDraft();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            var colon = word.IndexOf(':', StringComparison.Ordinal);
            var key = colon > 0 ? word[..colon].ToLowerInvariant() : string.Empty;
            var value = colon > 0 ? word[(colon + 1)..] : string.Empty;
            string? error;
            if (key == "due")
            {
                // due:in 2 weeks, due:next friday and "due: friday" run on into the following words.
                var following = words.Skip(i + 1).Take(3).ToList();
                List<string> dateWords = value.Length > 0 ? [value, .. following.Take(2)] : following;
                (draft.Due, var consumed, error) = ParseDate(dateWords, 0);
                i += value.Length > 0 ? Math.Max(consumed - 1, 0) : consumed;
            }
            else if (!TryOption(draft, key, value, out error))
            {
                draft.Title.Add(word);
            }

            if (error is not null)
            {
                return Fail("action", error);
            }
        }

        var text = string.Join(' ', draft.Title);
        if (text.Length == 0)
        {
            return Fail("action", "What is the action? Describe the change, then owner:@person due:<date>.");
        }

        if (text.Length > MaxTitleLength)
        {
            return Fail("action", $"That title is {text.Length} characters; keep it under {MaxTitleLength} and put details in the linked ticket (link:…).");
        }

        if (draft.Owner is null && !draft.OwnerIsMe)
        {
            return Fail("action", "Every action item needs an owner: the person who will see it through (not who is to blame). Add owner:@person or owner:me.");
        }

        return draft.Due is null
            ? Fail("action", "Every action item needs a due date, so it is tracked and reminded. Add due:<date>, like due:2026-12-01, due:friday or due:in 2 weeks.")
            : Ok(new ActionRequest(text, draft.Owner, draft.Due, draft.Type, draft.Priority, draft.Factor, draft.Link));
    }

    /// <summary>Applies <c>owner:</c>, <c>type:</c>, <c>priority:</c>, <c>factor:</c> or <c>link:</c>; false when <paramref name="key"/> is none of them.</summary>
    private static bool TryOption(ActionDraft draft, string key, string value, out string? error)
    {
        error = null;
        switch (key)
        {
            case "owner" when Is(value, "me"):
                draft.OwnerIsMe = true;
                return true;
            case "owner":
                if (Mentions.TryParse(value, out var person))
                {
                    draft.Owner = person;
                }
                else
                {
                    error = value.Length == 0 ? "Give the owner right after owner:, like owner:@person." : $"\"{Truncate(value)}\" isn't a person. Name the owner with @: owner:@person (or owner:me).";
                }

                return true;
            case "type":
                draft.Type = value.ToLowerInvariant() switch
                {
                    "prevent" or "prevention" => ActionItemType.Prevent,
                    "detect" or "detection" => ActionItemType.Detect,
                    "mitigate" or "mitigation" => ActionItemType.Mitigate,
                    "process" => ActionItemType.Process,
                    _ => null,
                };
                error = draft.Type is null ? $"\"{Truncate(value)}\" isn't a type. Use prevent, detect, mitigate or process." : null;
                return true;
            case "priority" or "prio":
                draft.Priority = value.ToLowerInvariant() switch
                {
                    "p1" or "1" => ActionItemPriority.P1,
                    "p2" or "2" => ActionItemPriority.P2,
                    "p3" or "3" => ActionItemPriority.P3,
                    _ => null,
                };
                error = draft.Priority is null ? $"\"{Truncate(value)}\" isn't a priority. Use p1, p2 or p3." : null;
                return true;
            case "factor":
                draft.Factor = Amount(value.TrimStart('#'), 1, 99, out var number) ? number : null;
                error = draft.Factor is null ? $"\"{Truncate(value)}\" isn't a factor number. Use the factor's number in the draft, like factor:2." : null;
                return true;
            case "link":
                var ok = value.Length <= 500 && Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
                draft.Link = ok ? value : null;
                error = ok ? null : $"\"{Truncate(value)}\" isn't an http(s) link.";
                return true;
            default:
                return false;
        }
    }

    private static (ReviewRequest?, ParseFailure?) Change(List<string> words, string verb, ActionItemChangeKind kind)
    {
        if (words.Count == 0)
        {
            return Fail(verb, "Which action item? Give its id, like AI-3 (see /postmortem actions).");
        }

        if (!TryParseItemNumber(words[0], out var number))
        {
            return Fail(verb, $"\"{Truncate(words[0])}\" isn't an action item id. Use its id, like AI-3 (see /postmortem actions).");
        }

        var rest = words.Skip(1).ToList();
        switch (kind)
        {
            case ActionItemChangeKind.Done:
                return rest.Count == 0 ? Ok(new ActionItemChange(number, kind)) : Fail(verb, "done takes only the item's id, like /postmortem done AI-3.");
            case ActionItemChangeKind.Drop:
                var reason = string.Join(' ', rest);
                if (reason.Length == 0)
                {
                    return Fail(verb, "Say why it is dropped, so the decision is on record: /postmortem drop AI-3 <reason>.");
                }

                return reason.Length > MaxReasonLength
                    ? Fail(verb, $"Keep the reason under {MaxReasonLength} characters.")
                    : Ok(new ActionItemChange(number, kind, Reason: reason));
            case ActionItemChangeKind.Reassign:
                return rest is [var who] && Mentions.TryParse(who, out var person)
                    ? Ok(new ActionItemChange(number, kind, Person: person))
                    : Fail(verb, "Name the new owner with @: /postmortem reassign AI-3 @person.");
            default:
                if (rest.Count == 0)
                {
                    return Fail(verb, "Give the new due date, like /postmortem due AI-3 2026-12-01 (or friday, in 2 weeks).");
                }

                var (date, consumed, error) = ParseDate(rest, 0);
                if (error is not null)
                {
                    return Fail(verb, error);
                }

                return consumed == rest.Count
                    ? Ok(new ActionItemChange(number, kind, Due: date))
                    : Fail(verb, $"I understood the date but not \"{Truncate(string.Join(' ', rest.Skip(consumed)))}\".");
        }
    }

    // ---- words, dates and times --------------------------------------------------------------------

    /// <summary>
    /// A day starting at <paramref name="start"/>: <c>today</c>, <c>tomorrow</c>, a weekday (<c>fri</c>, <c>next friday</c>),
    /// <c>2026-11-25</c>, <c>in 3 days|weeks|months</c>, <c>3d</c>, <c>2w</c>, <c>next week|month</c>. Returns how many words it used.
    /// </summary>
    internal static (DateSpec? Date, int Consumed, string? Error) ParseDate(List<string> words, int start)
    {
        if (start >= words.Count || words[start].Length == 0)
        {
            return (null, 0, "Give a date, like 2026-12-01, tomorrow, friday or in 2 weeks.");
        }

        var word = words[start].ToLowerInvariant();
        switch (word)
        {
            case "today":
                return (new DateSpec(DateSpecKind.Today), 1, null);
            case "tomorrow" or "tmrw" or "tmr":
                return (new DateSpec(DateSpecKind.Tomorrow), 1, null);
            case "next" when start + 1 < words.Count:
                var what = words[start + 1].ToLowerInvariant();
                if (what == "week")
                {
                    return (new DateSpec(DateSpecKind.InWeeks, Amount: 1), 2, null);
                }

                if (what == "month")
                {
                    return (new DateSpec(DateSpecKind.InMonths, Amount: 1), 2, null);
                }

                return Weekday(what) is { } nextDay
                    ? (new DateSpec(DateSpecKind.Weekday, Weekday: nextDay), 2, null)
                    : (null, 0, $"\"next {Truncate(what)}\" isn't a day I know. Try next friday, next week or a date like 2026-12-01.");
            case "in" when start + 2 < words.Count:
                return InAmount(words[start + 1], words[start + 2]);
            case "in":
                return (null, 0, "In how long? Like in 3 days or in 2 weeks.");
            default:
                break;
        }

        if (Weekday(word) is { } weekday)
        {
            return (new DateSpec(DateSpecKind.Weekday, Weekday: weekday), 1, null);
        }

        if (DatePattern().IsMatch(word))
        {
            return DateOnly.TryParseExact(word, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? (DateSpec.On(date), 1, null)
                : (null, 0, $"{word} isn't a date in the calendar.");
        }

        var compact = CompactPattern().Match(word);
        if (compact.Success)
        {
            var (spec, _, error) = InAmount(compact.Groups["n"].Value, compact.Groups["u"].Value);
            return (spec, error is null ? 1 : 0, error);
        }

        return (null, 0, $"\"{Truncate(words[start])}\" isn't a date I understand. Use 2026-12-01, today, tomorrow, friday, next monday or in 2 weeks.");
    }

    private static (DateSpec?, int, string?) InAmount(string amountWord, string unitWord)
    {
        var unit = unitWord.ToLowerInvariant();
        var (kind, max) = unit switch
        {
            "day" or "days" or "d" => (DateSpecKind.InDays, MaxDaysAhead),
            "week" or "weeks" or "w" or "wk" or "wks" => (DateSpecKind.InWeeks, MaxDaysAhead / 7),
            "month" or "months" or "mo" => (DateSpecKind.InMonths, 12),
            _ => ((DateSpecKind?)null, 0),
        };
        if (kind is null)
        {
            return (null, 0, $"\"{Truncate(unitWord)}\" isn't a unit I know. Use days, weeks or months.");
        }

        return Amount(amountWord, 0, max, out var amount)
            ? (new DateSpec(kind.Value, Amount: amount), 3, null)
            : (null, 0, $"\"{Truncate(amountWord)}\" isn't a number of {unit} (0 to {max}).");
    }

    /// <summary>True for a valid time, null for something shaped like a time that isn't one (25:00), false otherwise.</summary>
    internal static bool? TryParseTime(string word, out TimeOnly time)
    {
        time = default;
        var lower = word.ToLowerInvariant();
        if (lower == "noon")
        {
            time = new TimeOnly(12, 0);
            return true;
        }

        var match = TimePattern().Match(lower);
        if (!match.Success)
        {
            return false;
        }

        var hours = int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minutes = match.Groups["m"].Success ? int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
        var meridiem = match.Groups["ap"].Value;
        if (meridiem.Length == 0 && !match.Groups["m"].Success)
        {
            return false;
        }

        if (meridiem.Length > 0)
        {
            if (hours is < 1 or > 12)
            {
                return null;
            }

            hours = (hours % 12) + (meridiem == "pm" ? 12 : 0);
        }

        if (hours > 23 || minutes > 59)
        {
            return null;
        }

        time = new TimeOnly(hours, minutes);
        return true;
    }

    internal static bool TryParseItemNumber(string word, out int number)
    {
        var match = ItemPattern().Match(word);
        number = 0;
        return match.Success
            && int.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out number)
            && number >= 1;
    }

    private static DayOfWeek? Weekday(string word) => word switch
    {
        "monday" or "mon" => DayOfWeek.Monday,
        "tuesday" or "tue" or "tues" => DayOfWeek.Tuesday,
        "wednesday" or "wed" => DayOfWeek.Wednesday,
        "thursday" or "thu" or "thur" or "thurs" => DayOfWeek.Thursday,
        "friday" or "fri" => DayOfWeek.Friday,
        "saturday" or "sat" => DayOfWeek.Saturday,
        "sunday" or "sun" => DayOfWeek.Sunday,
        _ => null,
    };

    private static bool IsUnit(string word, params string[] units) =>
        units.Contains(word.ToLowerInvariant(), StringComparer.Ordinal);

    private static bool Amount(string word, int min, int max, out int amount) =>
        int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out amount) && amount >= min && amount <= max;

    private static bool Is(string word, string expected) => string.Equals(word, expected, StringComparison.OrdinalIgnoreCase);

    private static List<string> Words(string text) =>
        [.. text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static (ReviewRequest?, ParseFailure?) Ok(ReviewRequest request) => (request, null);

    private static (ReviewRequest?, ParseFailure?) Fail(string verb, string message) =>
        (null, new ParseFailure(verb, message, UsageOf(verb)));

    private static string Truncate(string word) => word.Length <= 40 ? word : string.Concat(word.AsSpan(0, 40), "…");

    private sealed class ActionDraft
    {
        public List<string> Title { get; } = [];
        public Person? Owner { get; set; }
        public bool OwnerIsMe { get; set; }
        public DateSpec? Due { get; set; }
        public ActionItemType? Type { get; set; }
        public ActionItemPriority? Priority { get; set; }
        public int? Factor { get; set; }
        public string? Link { get; set; }
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^(?<h>[0-9]{1,2})(?::(?<m>[0-9]{2}))?(?<ap>am|pm)?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"^\+?(?<n>[0-9]{1,3})(?<u>d|w)$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex CompactPattern();

    [GeneratedRegex(@"^(?:AI-?|#)?(?<n>[0-9]{1,9})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex ItemPattern();
}
