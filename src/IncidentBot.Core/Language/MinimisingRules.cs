using static IncidentBot.Core.Language.RuleHelpers;

namespace IncidentBot.Core.Language;

/// <summary>
/// Minimising rules. "Just" is only minimising before a remedy in its base form with a person (or nobody: an
/// imperative) doing it — "just restart it", "you just run the script" — never temporal ("we just deployed",
/// "had just finished", "just before 02:00") or about a system ("the worker would just retry").
/// </summary>
internal static class MinimisingRules
{
    private static readonly WordSet TemporalBefore = new(
        "have", "has", "had", "'ve", "'d", "was", "were", "is", "are", "been", "be", "to", "'s", "it's", "am", "i'm",
        "we're", "they're", "you're", "he's", "she's");

    private static readonly WordSet ImperativeLeads = new("please", "then", "time", "instead", "so", "simply", "now", "just");

    private static readonly WordSet Causatives = new("make", "makes", "made", "making", "keep", "keeps");

    private static readonly WordSet EasyNext = new("fix", "mistake", "mistakes", "catch");

    private static readonly WordSet MinuteUnits = new("minute", "minutes", "second", "seconds", "min", "line-of-code");

    private static readonly WordSet QuickWork = new("fix", "job", "task", "change", "thing");

    public static void Match(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        switch (s.Word(i))
        {
            case "just" or "simply" or "merely" when s.Is(i + 1, "a") && s.Is(i + 2, "matter") && s.Is(i + 3, "of") && !s.Is(i + 4, "time"):
                Emit(s, output, BlameRule.SimplyAMatterOf, i, i + 3);
                break;
            case "just" or "simply":
                JustDoIt(s, i, output);
                break;
            case "trivial":
                Trivial(s, i, output);
                break;
            case "easy":
                Easy(s, i, output);
                break;
            case "no-brainer" or "nobrainer":
                Emit(s, output, BlameRule.NoBrainer, i, i);
                break;
            case "no" when s.Is(i + 1, "brainer"):
                Emit(s, output, BlameRule.NoBrainer, i, i + 1);
                break;
            default:
                MinutesFix(s, i, output);
                break;
        }
    }

    private static void JustDoIt(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        var verb = i + 1;
        if (!s.In(verb, Lexicon.RemedyVerbs) || s.Has(verb, TokenFlags.Possessive) || s.In(i - 1, TemporalBefore))
        {
            return;
        }

        if (s.Is(i, "simply") && s.Is(verb, "put"))
        {
            return; // "Simply put, …"
        }

        // "I just read the release notes", "we just restart it when that happens": the writer's own narrative.
        // "Engineers simply restart the worker when it hangs" describes a habit; "they could just restart it" minimises.
        var subject = SubjectFinder.Find(s, i, skipModals: true);
        var imperative = subject.Kind == SubjectKind.None || s.In(i - 1, ImperativeLeads);
        var minimised = subject.Kind == SubjectKind.You || (subject.IsOtherPerson && ModalBefore(s, i));
        if (minimised || (imperative && subject.Kind is not (SubjectKind.System or SubjectKind.FirstPerson)))
        {
            Emit(s, output, BlameRule.JustDoIt, i, verb, Focus(s, verb));
        }
    }

    private static bool ModalBefore(scoped in SentenceView s, int i)
    {
        var k = SkipBackward(s, i - 1, Lexicon.SubjectAdverbs, 2);
        return s.In(k, Lexicon.Modals) || (s.Is(k, "to") && (s.Word(k - 1) is "need" or "needs" or "needed" or "had" or "has" or "have" or "ought"));
    }

    private static void Trivial(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        if (s.NegatedBefore(i, 2))
        {
            return; // "not trivial"
        }

        if (s.In(i + 1, Lexicon.TrivialThings))
        {
            Emit(s, output, BlameRule.Trivial, i, i + 1);
            return;
        }

        if (s.Is(i + 1, "to") && s.In(i + 2, Lexicon.EasyToAvoid))
        {
            Emit(s, output, BlameRule.Trivial, i, i + 2);
            return;
        }

        // "The fix was trivial", "Recovery was trivial" — but "the bug was trivial to reproduce" describes the bug.
        var be = SkipBackward(s, i - 1, Lexicon.SubjectAdverbs, 1);
        if (s.In(be, Lexicon.BeVerbs) && s.In(SkipBackward(s, be - 1, Lexicon.SubjectAdverbs, 1), Lexicon.RemedyNouns) && !s.Is(i + 1, "to"))
        {
            Emit(s, output, BlameRule.Trivial, be - 1, i);
        }
    }

    private static void Easy(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        if (s.NegatedBefore(i, 3) || CausativeBefore(s, i))
        {
            return; // "not easy to spot", "make regressions easy to spot"
        }

        if (s.In(i + 1, EasyNext))
        {
            Emit(s, output, BlameRule.EasyFix, i, i + 1);
            return;
        }

        if (s.Is(i + 1, "to") && s.In(i + 2, Lexicon.EasyToAvoid))
        {
            Emit(s, output, BlameRule.EasyFix, i, i + 2);
            return;
        }

        if (s.Is(i - 1, "as") && s.Is(i + 1, "as") && !s.Is(i + 2, "possible"))
        {
            Emit(s, output, BlameRule.EasyFix, i - 1, i + 1);
        }
    }

    private static bool CausativeBefore(scoped in SentenceView s, int i)
    {
        for (var k = i - 1; k >= 0 && k >= i - 4; k--)
        {
            if (s.IsBreak(k))
            {
                return false;
            }

            if (s.In(k, Causatives))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"a five-minute fix", "a 5 minute job".</summary>
    private static void MinutesFix(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        var word = s.Word(i);
        var hyphen = word.LastIndexOf('-');
        if (hyphen > 0 && s.In(i + 1, QuickWork) && MinuteUnits.Contains(word[(hyphen + 1)..]))
        {
            Emit(s, output, BlameRule.MinutesFix, i, i + 1);
            return;
        }

        if (s.In(i, MinuteUnits) && s.In(i + 1, QuickWork) && s.IsWord(i - 1) && IsSmallNumber(s.Word(i - 1)))
        {
            Emit(s, output, BlameRule.MinutesFix, i - 1, i + 1);
        }
    }

    private static bool IsSmallNumber(ReadOnlySpan<char> word) =>
        word is "one" or "two" or "five" or "ten" or "1" or "2" or "5" or "10" or "three" or "3" or "few" or "couple";
}
