using static IncidentBot.Core.Language.RuleHelpers;

namespace IncidentBot.Core.Language;

/// <summary>
/// Hindsight rules. "Should have" is blameful when its subject is a person — including "we" and "I", because
/// "we should have known" judges the past by the present just as much as "Alice should have known" — and fine when
/// the subject is a system, process or tool ("the pipeline should have", "CI should have caught"). Two first-person
/// forms are not counterfactuals: "we should have a runbook" (an intention) and "we should have had a canary stage"
/// (naming a missing safeguard).
/// </summary>
internal static class CounterfactualRules
{
    private static readonly WordSet ShouldAdverbs = new(
        "just", "really", "also", "at", "least", "probably", "definitely", "certainly", "clearly", "obviously", "simply",
        "immediately", "maybe", "perhaps", "all", "both", "actually", "then", "first", "quickly", "easily", "instead",
        "never", "not", "absolutely", "surely", "honestly", "at least");

    /// <summary>Participles after "should have" that describe having or receiving, not doing.</summary>
    private static readonly WordSet PossessionParticiples = new("had", "got", "gotten", "received", "owned");

    /// <summary>"should have been &lt;-ing&gt;" that describes a practice, not a state of mind.</summary>
    private static readonly WordSet BeenPractice = new("using", "running", "doing", "getting", "receiving", "having", "going", "coming", "being");

    private static readonly WordSet CarefulWords = new(
        "more", "less", "careful", "aware", "alert", "attentive", "vigilant", "cautious", "diligent", "thorough");

    private static readonly WordSet ObviousLinkers = new(
        "so", "very", "quite", "completely", "totally", "immediately", "blindingly", "pretty", "really", "painfully",
        "fairly", "perfectly", "crystal", "glaringly", "all", "absolutely");

    /// <summary>"an obvious mistake" judges a miss; "the obvious fix (a restart) did not help" narrates what responders tried.</summary>
    private static readonly WordSet ObviousNouns = new(
        "mistake", "mistakes", "error", "errors", "sign", "signs", "oversight", "miss", "red", "warning", "warnings",
        "blunder", "omission");

    private static readonly WordSet IfAux = new("had", "'d", "hadn't", "did", "didn't", "would", "could", "were", "was", "knew");

    private static readonly WordSet HadToExemptions = new("wait", "hope", "accept", "sit", "ride", "watch", "trust", "live", "be", "guess", "work");

    private static readonly WordSet WouldModals = new("would", "could", "might", "wouldn't", "couldn't", "would've", "could've", "might've", "wouldn't've");

    private static readonly WordSet SoonAdverbs = new("easily", "just", "immediately", "instantly", "quickly", "simply", "already");

    public static void Match(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        switch (s.Word(i))
        {
            case "should" or "should've" or "shouldve" or "shouldn't" or "shouldnt" or "ought":
                ShouldHave(s, i, output);
                break;
            case "could" or "could've" or "couldve":
                CouldHaveJust(s, i, output);
                break;
            case "obviously":
                if (!s.NegatedBefore(i, 2))
                {
                    Emit(s, output, BlameRule.Obvious, i, i);
                }

                break;
            case "obvious":
                Obvious(s, i, output);
                break;
            case "if" when s.Is(i + 1, "only"):
                IfOnly(s, i, output);
                break;
            case "if":
                CounterfactualIf(s, i, output);
                break;
            case "all":
                AllTheyHadToDo(s, i, output);
                break;
            case "simply" or "just" or "merely" when (s.Word(i + 1) is "had" or "needed") && s.Is(i + 2, "to"):
                HadTo(s, i, output);
                break;
            case "supposed" when (s.Word(i - 1) is "was" or "were") && s.Is(i + 1, "to") && !s.Is(i + 2, "be"):
                SupposedTo(s, i, output);
                break;
            case "better" when s.Word(i - 1) is "knew" or "know" or "knows":
                KnewBetter(s, i, output);
                break;
            case "any" or "anyone" or "anybody":
                AnyoneWouldHave(s, i, output);
                break;
        }
    }

    private static void ShouldHave(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        var (verb, negative) = AfterShouldHave(s, i);
        if (verb < 0 || !s.IsWord(verb))
        {
            return;
        }

        BlameRule rule;
        if (s.Is(verb, "been"))
        {
            // Only a state of mind is hindsight about the person: "been more careful", "been paying attention".
            // "been alerted" (something should have happened to them), "been on call", "been able to" are not.
            var next = verb + 1;
            var stateOfMind = s.In(next, CarefulWords) || (s.Word(next).EndsWith("ing") && !s.In(next, BeenPractice));
            if (!stateOfMind)
            {
                return;
            }

            rule = BlameRule.ShouldHaveBeen;
        }
        else if (!IsParticiple(s, verb) || s.In(verb, PossessionParticiples))
        {
            return; // "we should have a runbook", "we should have had a canary stage"
        }
        else
        {
            rule = negative ? BlameRule.ShouldNotHave
                : s.In(verb, Lexicon.KnowledgeParticiples) ? BlameRule.ShouldHaveKnown
                : BlameRule.ShouldHave;
        }

        var subject = SubjectFinder.Find(s, i);
        if (subject.IsPerson || (subject.Kind == SubjectKind.None && StartsSentence(s, i)))
        {
            var last = rule == BlameRule.ShouldHaveBeen ? SkipForward(s, verb + 1, CarefulWords, 2) - 1 : verb;
            Emit(s, output, rule, SubjectStart(s, subject, i), Math.Max(verb, last), Focus(s, verb));
        }
    }

    /// <summary>Index of the word after "should (not) have" / "should've" / "ought to have", skipping adverbs; -1 if not that shape.</summary>
    private static (int Verb, bool Negative) AfterShouldHave(scoped in SentenceView s, int i)
    {
        var word = s.Word(i);
        var negative = word is "shouldn't" or "shouldnt";
        int k;
        switch (word)
        {
            case "should've" or "shouldve":
                k = i + 1;
                break;
            case "ought":
                if (!s.Is(i + 1, "to") && !(s.Is(i + 1, "not") && s.Is(i + 2, "to")))
                {
                    return (-1, false);
                }

                negative = s.Is(i + 1, "not");
                k = negative ? i + 3 : i + 2;
                if (!s.Is(k, "have"))
                {
                    return (-1, false);
                }

                k++;
                break;
            default:
                k = i + 1;
                if (s.Is(k, "not") || s.Is(k, "never"))
                {
                    negative = true;
                    k++;
                }

                if (!(s.Word(k) is "have" or "of" or "'ve"))
                {
                    return (-1, false);
                }

                k++;
                break;
        }

        var start = k;
        k = SkipForward(s, k, ShouldAdverbs, 3);
        for (var a = start; a < k; a++)
        {
            negative |= s.Word(a) is "never" or "not";
        }

        return (k, negative);
    }

    private static void CouldHaveJust(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        var k = s.Word(i) is "could" ? i + 1 : i;
        var sawSoftener = false;
        if (s.In(k, SoonAdverbs))
        {
            sawSoftener = true;
            k++;
        }

        if (s.Word(i) is "could")
        {
            if (!s.Is(k, "have") && !s.Is(k, "'ve"))
            {
                return;
            }

            k++;
        }
        else
        {
            k = i + 1;
        }

        if (s.Word(k) is "just" or "simply" or "easily")
        {
            sawSoftener = true;
            k++;
        }

        if (!sawSoftener || !IsParticiple(s, k))
        {
            return;
        }

        var subject = SubjectFinder.Find(s, i);
        if (subject.IsPerson)
        {
            Emit(s, output, BlameRule.CouldHaveJust, SubjectStart(s, subject, i), k, Focus(s, k));
        }
    }

    private static void Obvious(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        if (s.NegatedBefore(i, 3))
        {
            return; // "it was not obvious from the dashboard" is exactly the blameless framing
        }

        var linker = SkipBackward(s, i - 1, ObviousLinkers, 2);
        var toPerson = s.Is(i + 1, "to") && SubjectFinder.Classify(s, SkipForward(s, i + 2, Lexicon.Determiners, 1)).Kind
            is SubjectKind.PersonNoun or SubjectKind.Name or SubjectKind.Mention or SubjectKind.ThirdPerson or SubjectKind.They or SubjectKind.FirstPerson;
        if (toPerson && !s.Is(linker, "been"))
        {
            return; // "it was obvious to responders that the database was the bottleneck": their view at the time
        }

        if (s.In(linker, Lexicon.BeVerbs))
        {
            Emit(s, output, BlameRule.Obvious, linker, i);
            return;
        }

        if (s.In(i + 1, ObviousNouns) || (s.Is(i + 1, "to") && (s.Word(i + 2) is "anyone" or "everyone" or "anybody" or "any")))
        {
            Emit(s, output, BlameRule.Obvious, i, i + 1);
        }
    }

    private static void IfOnly(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        for (var k = i + 3; k <= i + 6 && s.IsWord(k); k++)
        {
            if (s.In(k, IfAux))
            {
                if (SubjectFinder.Classify(s, k - 1).IsPerson)
                {
                    Emit(s, output, BlameRule.IfOnly, i, k);
                }

                return;
            }
        }
    }

    /// <summary>"This would never have happened if Mike had followed the checklist."</summary>
    private static void CounterfactualIf(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        for (var k = i + 2; k <= i + 6 && (s.IsWord(k) || s.Is(k, TokenKind.Mention)); k++)
        {
            if (!(s.Word(k) is "had" or "'d" or "hadn't"))
            {
                continue;
            }

            var verb = SkipForward(s, k + 1, ShouldAdverbs, 2);
            if (s.Is(verb, "been") && IsParticiple(s, verb + 1))
            {
                return; // "if Bob had been paged": something should have happened to them
            }

            if (IsParticiple(s, verb) && !s.In(verb, PossessionParticiples) && SubjectFinder.Classify(s, k - 1).IsPerson && HasWouldHave(s))
            {
                Emit(s, output, BlameRule.CounterfactualIf, i, verb, Focus(s, verb));
            }

            return;
        }
    }

    private static bool HasWouldHave(scoped in SentenceView s)
    {
        for (var m = 0; m < s.Count; m++)
        {
            if (!s.In(m, WouldModals))
            {
                continue;
            }

            if (s.Word(m).EndsWith("'ve") || s.Word(m + 1) is "have" or "'ve" || ((s.Word(m + 1) is "never" or "not") && s.Is(m + 2, "have")))
            {
                return true;
            }
        }

        return false;
    }

    private static void AllTheyHadToDo(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        for (var k = i + 2; k <= i + 4 && (s.IsWord(k) || s.Is(k, TokenKind.Mention)); k++)
        {
            if (!(s.Word(k) is "had" or "needed") || !s.Is(k + 1, "to"))
            {
                continue;
            }

            if (s.Is(k + 2, "do") && SubjectFinder.Classify(s, k - 1).IsPerson)
            {
                var focus = s.Word(k + 3) is "was" or "is" ? k + 4 : k + 3;
                Emit(s, output, BlameRule.AllTheyHadToDo, i, k + 2, Focus(s, focus));
            }

            return;
        }
    }

    private static void HadTo(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        if (s.In(i + 3, HadToExemptions) || s.Is(i - 1, "to"))
        {
            return; // "we just had to wait for DNS"
        }

        var subject = SubjectFinder.Find(s, i);
        if (!subject.IsPerson)
        {
            return;
        }

        var rule = s.Is(i, "simply") && s.Is(i + 1, "had") ? BlameRule.SimplyHadTo : BlameRule.JustHadTo;
        var last = s.IsWord(i + 3) ? i + 3 : i + 2;
        Emit(s, output, rule, SubjectStart(s, subject, i), last, Focus(s, i + 3));
    }

    private static void SupposedTo(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        var subject = SubjectFinder.Find(s, i - 1);
        if (subject.IsOtherPerson && !SubjectFinder.IsHypothetical(s, i - 1))
        {
            var last = s.IsWord(i + 2) ? i + 2 : i + 1;
            Emit(s, output, BlameRule.SupposedTo, SubjectStart(s, subject, i - 1), last, Focus(s, i + 2));
        }
    }

    private static void KnewBetter(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        var verb = i - 1;
        if (s.NegatedBefore(verb, 2))
        {
            return;
        }

        if (s.Is(verb, "know") && !s.In(SkipBackward(s, verb - 1, Lexicon.SubjectAdverbs), Lexicon.Modals) && !s.Is(verb - 1, "to"))
        {
            return; // "they know better now" is not hindsight judgement
        }

        var subject = SubjectFinder.Find(s, verb, skipModals: true);
        if (subject.IsPerson || subject.Kind == SubjectKind.None)
        {
            Emit(s, output, BlameRule.KnewBetter, SubjectStart(s, subject, verb), i);
        }
    }

    /// <summary>
    /// "Any competent engineer would have noticed", "anyone could have spotted this" — but not
    /// "anyone could have made the same mistake" or "any engineer following the runbook would have run the same command".
    /// </summary>
    private static void AnyoneWouldHave(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        var judgement = false;
        for (var m = i + 1; m <= i + 6 && s.IsWord(m); m++)
        {
            judgement |= s.In(m, Lexicon.JudgementQualifiers) || (s.Is(m, "half") && s.Is(m + 2, "brain"));
            if (!s.In(m, WouldModals))
            {
                continue;
            }

            var have = s.Word(m).EndsWith("'ve") ? m : m + 1;
            if (have != m && !s.Is(have, "have"))
            {
                return;
            }

            var verb = SkipForward(s, have + 1, SoonAdverbs, 1);
            var sameThing = s.Is(verb + 1, "the") && s.Is(verb + 2, "same");
            var noticing = s.In(verb, Lexicon.NoticingParticiples) && !sameThing;
            if (!(judgement && IsParticiple(s, verb)) && !noticing)
            {
                return;
            }

            var rule = judgement && s.Word(m).StartsWith("would") ? BlameRule.AnyCompetentWouldHave : BlameRule.AnyoneCouldHave;
            Emit(s, output, rule, i, verb, Focus(s, verb));
            return;
        }
    }
}
