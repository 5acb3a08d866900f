using System.Globalization;
using System.Text.RegularExpressions;
using IncidentBot.Core.Language;

namespace IncidentBot.Core.ActionItems;

/// <summary>One piece of SMART advice about an action item: which quality is missing, what in the text shows it, what to do.</summary>
/// <param name="Criterion">Specific, Measurable, Achievable, Relevant, Time-bound, Owned, or Systemic (framed at the system, not a person).</param>
public sealed record SmartFinding(string Criterion, string? Matched, string Advice)
{
    public override string ToString() => Matched is null ? $"{Criterion}: {Advice}" : $"{Criterion} (“{Matched}”): {Advice}";
}

/// <summary>What the SMART check knows besides the item itself.</summary>
/// <param name="Today">The workspace's local date.</param>
/// <param name="FactorCount">How many contributing factors the incident's postmortem lists.</param>
public sealed record SmartContext(DateOnly Today, int FactorCount);

/// <summary>
/// Checks an action item the way a good facilitator would: is it owned and dated, does it say what will be true
/// when it is done (not "investigate" or "look into"), is its target measurable ("improve monitoring" is not), and
/// does it change the system rather than ask people to try harder ("be more careful") or point at a person (the
/// blameless-language analyser). Advice is specific to the wording found. Pure and thread-safe.
/// </summary>
public sealed partial class SmartCheck(BlamelessLanguageAnalyzer analyzer)
{
    public IReadOnlyList<SmartFinding> Assess(ActionItem item, SmartContext context)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        var findings = new List<SmartFinding>();
        if (item.Owner is null)
        {
            findings.Add(new("Owned", null, "Give it an owner (owner:@person): the one who sees it through, not the one to blame."));
        }

        if (item.DueOn is null)
        {
            findings.Add(new("Time-bound", null, "Give it a due date (due:2026-12-01, due:in 2 weeks), so it is tracked and reminded."));
        }

        AssessTitle(item.Title, findings);
        AssessDates(item, context, findings);
        if (context.FactorCount > 0 && item.Factor is null)
        {
            findings.Add(new("Relevant", null, string.Create(CultureInfo.InvariantCulture,
                $"Say which contributing factor it addresses (factor:1 to factor:{context.FactorCount}), so the review can see every factor is covered.")));
        }

        return findings;
    }

    /// <summary>Advice about the wording alone (for items whose owner and date are checked elsewhere).</summary>
    public IReadOnlyList<SmartFinding> AssessTitle(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        var findings = new List<SmartFinding>();
        AssessTitle(title, findings);
        return findings;
    }

    private void AssessTitle(string title, List<SmartFinding> findings)
    {
        var words = title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 3)
        {
            findings.Add(new("Specific", title, "Too short to act on. Say what changes, and where: \"Make the deploy pipeline run DB migrations before switching traffic\"."));
        }

        if (Exhortation().Match(title) is { Success: true } exhortation)
        {
            findings.Add(new("Systemic", exhortation.Value,
                "This asks people to try harder, which does not change what let the failure through. Change the system instead: a check, a guardrail or automation that makes the slip impossible or loud, e.g. \"Make the deploy script refuse to run without a migration plan\"."));
        }

        if (VagueStart().Match(title) is { Success: true } vague && !Deliverable().IsMatch(title))
        {
            findings.Add(new("Specific", vague.Groups["verb"].Value,
                $"\"{vague.Groups["verb"].Value}\" describes an activity, not a result. Say what will exist when it is done: a decision, a change, a write-up. E.g. \"Find why the pool shrank and write up the findings (timebox 2 days)\", then add the fix as its own item."));
        }

        if (FixTheBug().Match(title) is { Success: true } fix)
        {
            findings.Add(new("Specific", fix.Value,
                "Name the defect and the change: which component, and what it will do differently (\"Make the checkout client retry 503s with backoff\")."));
        }

        if (UnmeasuredImprovement().Match(title) is { Success: true } improve && !Measurable().IsMatch(title))
        {
            findings.Add(new("Measurable", improve.Value,
                $"\"{improve.Value}\" has no target, so nobody can tell when it is done. Name the signal and the bar: \"Alert when checkout p99 latency > 500 ms for 5 min\", \"Cover the retry path with an integration test\"."));
        }

        if (PersonAsSubject().Match(title) is { Success: true } subject && IsPerson(subject.Groups["who"].Value, subject.Groups["verb"].Value))
        {
            findings.Add(new("Systemic", subject.Value.Trim(),
                "This is framed at a person: it asks someone to behave differently. Describe the change to the system instead (a check, a default, automation, a runbook step); the owner field already says who follows up."));
        }
        else if (MakeSureSomeone().Match(title) is { Success: true } makeSure && IsPerson(makeSure.Groups["who"].Value, verb: null))
        {
            findings.Add(new("Systemic", makeSure.Value.Trim(),
                "This relies on someone remembering next time. Make the system do it or catch it: a check in the pipeline, a guard in the tool, an alert."));
        }

        if (MentionedPerson().Match(title) is { Success: true } mention)
        {
            findings.Add(new("Systemic", mention.Value,
                "The owner field already says who follows up; let the title describe the change to the system rather than a person."));
        }

        // The blameless-language analyser finds people named as the cause ("so Bob doesn't forget") and hindsight.
        foreach (var blame in analyzer.Analyze(title).Where(f => !findings.Any(found => found.Matched is { } m && (m.Contains(f.Matched, StringComparison.OrdinalIgnoreCase) || f.Matched.Contains(m, StringComparison.OrdinalIgnoreCase)))))
        {
            findings.Add(new("Systemic", blame.Matched, $"{blame.Explanation} {blame.Suggestion}"));
        }
    }

    private static void AssessDates(ActionItem item, SmartContext context, List<SmartFinding> findings)
    {
        if (item.DueOn is not { } due)
        {
            return;
        }

        var days = due.DayNumber - context.Today.DayNumber;
        if (days > 180)
        {
            findings.Add(new("Time-bound", null, string.Create(CultureInfo.InvariantCulture,
                $"Due in {days} days: items that far out tend to rot. Split it so a first, useful part is due within a quarter.")));
        }
        else if (item.Priority == ActionItemPriority.P1 && days > 30)
        {
            findings.Add(new("Achievable", null, string.Create(CultureInfo.InvariantCulture,
                $"A P1 due in {days} days: if it matters that much, bring the date in (or a first step), or lower the priority.")));
        }
    }

    [GeneratedRegex(@"\b(?:be|being)\s+(?:more\s+)?(?:careful|vigilant|diligent|attentive|thorough)\b|\bpay\s+(?:more\s+)?attention\b|\bremember\s+to\b|\bdon'?t\s+forget\b|\bdouble[-\s]?check\b|\btry\s+harder\b|\btake\s+(?:more\s+)?care\b|\b(?:more|better|re-?)\s?training\b|\bretrain\b|\bremind\s+(?:everyone|people|the\s+team|engineers|devs|developers)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex Exhortation();

    [GeneratedRegex(@"^\s*(?:(?:we\s+)?(?:should|need\s+to|must|will)\s+|to\s+)?(?<verb>investigate|look\s+into|look\s+at|explore|research|dig\s+into|figure\s+out|think\s+about|consider|discuss|check\s+on|follow\s+up\s+on|monitor|analy[sz]e)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex VagueStart();

    [GeneratedRegex(@"\b(?:write\s+up|write-up|document|report|decide|decision|propose|proposal|rfc|adr|recommend|findings|summari[sz]e|timebox|by\s+\d)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex Deliverable();

    [GeneratedRegex(@"\b(?:fix|resolve|solve|address)\s+(?:the\s+|this\s+|that\s+)?(?:bug|issue|problem|it|this|incident|error)s?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex FixTheBug();

    [GeneratedRegex(@"\b(?:improve|improving|improved|enhance|increase|strengthen|better|more|optimi[sz]e|harden|beef\s+up)\s+(?:(?:our|the|existing)\s+)?(?:monitoring|alerting|alerts|observability|logging|logs|testing|tests|test\s+coverage|documentation|docs|runbooks?|dashboards?|performance|reliability|resilience|stability|communication|processes|process|visibility|coverage|metrics)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex UnmeasuredImprovement();

    [GeneratedRegex(@"\d|%|\b(?:p50|p9\d|slo|sli|threshold|alert\s+(?:when|if|on)|page\s+(?:when|if|on)|per\s+(?:second|minute|hour|day)|within|at\s+least|at\s+most|under|over|above|below|exceeds?)\b|[<>≤≥]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex Measurable();

    /// <summary>
    /// A person named, mentioned or referred to (a pronoun, "engineers", "the on-call"), as the blameless-language
    /// analyser's lexicon knows them; "Alerts should …" is about the system. With "X to …" only a name or a mention counts.
    /// </summary>
    private static bool IsPerson(string who, string? verb)
    {
        var word = who.Trim().ToLowerInvariant();
        if (word.StartsWith('@') || word.StartsWith("<@", StringComparison.Ordinal))
        {
            return true;
        }

        var last = word.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
        if (Lexicon.SystemNouns.ContainsOrSingular(last) || Lexicon.NonNames.Contains(last))
        {
            return false;
        }

        var named = Lexicon.Names.Contains(last);
        return string.Equals(verb, "to", StringComparison.OrdinalIgnoreCase)
            ? named
            : named || Lexicon.PersonNouns.ContainsOrSingular(last) || Lexicon.ThirdPerson.Contains(last) || Lexicon.They.Contains(last)
                || Lexicon.You.Contains(last) || Lexicon.FirstPerson.Contains(last) || Lexicon.Indefinite.Contains(last);
    }

    [GeneratedRegex(@"^\s*(?:(?:ask|tell|remind|get|have)\s+)?(?:the\s+)?(?<who>@[A-Za-z0-9._-]+|<@[^<>]+>|[A-Za-z][A-Za-z'-]*(?:\s+engineers?)?)\s+(?<verb>should|must|needs?\s+to|has\s+to|have\s+to|ought\s+to|to)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex PersonAsSubject();

    [GeneratedRegex(@"\b(?:make\s+sure|ensure)\s+(?:that\s+)?(?:the\s+)?(?<who>@[A-Za-z0-9._-]+|<@[^<>]+>|[A-Za-z][A-Za-z'-]*)\s+(?:does(?:n't|\s+not)|do(?:n't|\s+not)|remembers?|always|never|checks?|follows?|reads?|runs?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex MakeSureSomeone();

    [GeneratedRegex(@"<@[A-Za-z0-9._:-]+(?:\|[^<>|]+)?>|(?<![\w@])@[A-Za-z0-9][A-Za-z0-9._-]*", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex MentionedPerson();
}
