using static IncidentBot.Core.Language.RuleHelpers;

namespace IncidentBot.Core.Language;

/// <summary>
/// Person-as-cause rules. Verbs that only people do (forgot, messed up, didn't bother) fire on any person subject;
/// verbs that systems do too (missed, failed to, broke, skipped) fire only when the subject is positively a person
/// other than the writer, so "the alert failed to fire" and "I didn't check X because the runbook…" stay quiet.
/// </summary>
internal static class PersonRules
{
    private static readonly WordSet DoNotBreakParticles = new(
        "down", "out", "through", "even", "free", "ground", "loose", "into", "up", "off", "in", "away");

    /// <summary>"broke the news", "broke the work into tasks": not breakage.</summary>
    private static readonly WordSet BrokeIdioms = new("news", "tie", "silence", "record", "ice", "ground", "into", "apart", "bread", "promise");

    /// <summary>"Priya failed to reproduce the bug": an attempt that did not work, not an omission.</summary>
    private static readonly WordSet AttemptVerbs = new(
        "reproduce", "find", "locate", "reach", "connect", "contact", "get", "obtain", "acquire", "access", "log",
        "login", "authenticate", "load", "open", "start", "ssh", "restore", "recover", "identify", "isolate",
        "resolve", "replicate", "trace", "pinpoint", "determine", "confirm", "diagnose", "explain", "mitigate", "stop",
        "contain", "save", "rescue", "revive", "boot", "join", "page", "notify");

    /// <summary>Compounds with "fault" that are engineering terms ("Alice's fault tree analysis").</summary>
    private static readonly WordSet FaultCompounds = new(
        "tree", "trees", "tolerance", "tolerant", "injection", "domain", "domains", "line", "lines", "isolation",
        "handling", "handler", "code", "codes", "model", "analysis", "detection", "zone", "zones");

    private static readonly WordSet DidNotFollowVerbs = new("read", "follow", "followed", "listen", "listened");

    private static readonly WordSet NotAdverbs = new("even", "really", "actually", "properly", "bother", "once", "fully");

    private static readonly WordSet PunishmentModals = new("should", "must", "will", "shall", "'ll", "would");

    private static readonly WordSet PunishmentModalVerbs = new("needs", "need", "ought", "deserves", "deserve", "has", "have", "had", "needed");

    private static readonly WordSet SoftenedNouns = new(
        "rate", "rates", "log", "logs", "message", "messages", "count", "counts", "code", "codes", "budget", "handling",
        "page", "pages", "screen", "metric", "metrics", "dialog", "path", "paths", "class", "type", "types", "response");

    private static readonly WordSet InsultNext = new(
        "mistake", "mistakes", "error", "errors", "move", "decision", "thing", "idea", "slip", "question", "blunder");

    private static readonly WordSet RookieNext = new("mistake", "mistakes", "error", "errors", "move", "blunder", "moves");

    private static readonly WordSet CowboyNext = new(
        "coding", "deploy", "deploys", "deployment", "deployments", "change", "changes", "move", "engineering",
        "attitude", "behaviour", "behavior", "fix", "fixes", "push");

    private static readonly WordSet BlameSkipBefore = new("git", "svn", "hg", "annotate");

    private static readonly WordSet BlameSkipAfter = new(
        "game", "games", "culture", "cultures", "free", "storming", "shifting", "view", "output", "annotations", "tool");

    private static readonly WordSet PersonObjects = new("him", "her", "them", "me", "us", "you", "someone", "somebody", "anyone");

    private static readonly WordSet BlameLands = new(
        "lies", "lay", "rests", "rested", "falls", "fell", "goes", "went", "belongs", "sits", "is", "was");

    private static readonly WordSet BadAdjectives = new("bad", "poor", "questionable", "terrible", "awful", "lousy", "horrible");

    private static readonly WordSet StrongAdverbs = new("all", "entirely", "squarely", "totally", "completely", "solely", "fully", "100%");

    public static void Match(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        switch (s.Word(i))
        {
            case "forgot" or "forgotten":
                Forgot(s, i, output);
                break;
            case "messed" or "screwed" or "fouled" or "mucked" or "cocked" or "fucked":
                if (s.Is(i + 1, "up"))
                {
                    MessedUp(s, i, i + 1, output);
                }

                break;
            case "botched" or "bungled" or "fumbled" or "goofed" or "nuked" or "borked" or "trashed":
                MessedUp(s, i, i, output);
                break;
            case "fat-fingered" or "fatfingered" or "fat-fingering":
                FatFingered(s, i, i, output);
                break;
            case "fat" when s.Is(i + 1, "fingered") || s.Is(i + 1, "fingering"):
                FatFingered(s, i, i + 1, output);
                break;
            case "dropped" when s.Is(i + 1, "the") && s.Is(i + 2, "ball"):
                PersonOnly(s, i, i + 2, BlameRule.Inattention, output);
                break;
            case "asleep" when (s.Is(i + 1, "at") || s.Is(i + 1, "on")) && s.Is(i + 2, "the"):
                Emit(s, output, BlameRule.Inattention, i, Math.Min(i + 3, s.Count - 1));
                break;
            case "paying" when s.Is(i + 1, "attention") && s.NegatedBefore(i, 2):
                Emit(s, output, BlameRule.Inattention, Math.Max(0, i - 1), i + 1);
                break;
            case "stopped" when s.Is(i + 1, "paying") && s.Is(i + 2, "attention"):
                Emit(s, output, BlameRule.Inattention, i, i + 2);
                break;
            default:
                MatchOmissions(s, i, output);
                break;
        }
    }

    private static void MatchOmissions(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        switch (s.Word(i))
        {
            case "missed":
                Missed(s, i, output);
                break;
            case "failed" when s.Is(i + 1, "to") && s.IsWord(i + 2) && !s.In(i + 2, AttemptVerbs):
                OtherPerson(s, i, i + 2, BlameRule.FailedTo, identified: true, Focus(s, i + 2), output);
                break;
            case "didn't" or "didnt" or "never":
                DidNot(s, i, i + 1, output);
                break;
            case "did" when s.Is(i + 1, "not"):
                DidNot(s, i, i + 2, output);
                break;
            case "ignored":
                OtherPerson(s, i, i, BlameRule.Ignored, identified: false, Focus(s, i + 1), output);
                break;
            case "overlooked":
                OtherPerson(s, i, i, BlameRule.Overlooked, identified: false, Focus(s, i + 1), output);
                break;
            case "neglected":
                var neglectedObject = s.Is(i + 1, "to") ? i + 2 : i + 1;
                OtherPerson(s, i, neglectedObject > i + 1 ? i + 2 : i, BlameRule.Overlooked, identified: false, Focus(s, neglectedObject), output);
                break;
            case "skipped":
                OtherPerson(s, i, i, BlameRule.Skipped, identified: false, Focus(s, i + 1), output);
                break;
            case "broke" or "broken":
                Broke(s, i, output);
                break;
            case "took" or "brought" or "knocked" or "taken" when s.Is(i + 1, "down") || s.Is(i + 1, "out"):
                OtherPerson(s, i, i + 1, BlameRule.Broke, identified: true, Focus(s, i + 2), output);
                break;
            case "made":
                MadeMistake(s, i, output);
                break;
            default:
                MatchJudgements(s, i, output);
                break;
        }
    }

    private static void MatchJudgements(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        switch (s.Word(i))
        {
            case "human" or "operator" or "user" or "pilot" or "human-error" or "user-error" or "operator-error":
                HumanError(s, i, output);
                break;
            case "pebkac" or "pebcak" or "pebmac" or "id10t" or "id-10-t" or "layer-8" or "layer8":
                Emit(s, output, BlameRule.UserIsTheProblem, i, i);
                break;
            case "picnic" when s.Has(i, TokenFlags.AllCaps):
                Emit(s, output, BlameRule.UserIsTheProblem, i, i);
                break;
            case "layer" when s.Is(i + 1, "8") || s.Is(i + 1, "eight"):
                Emit(s, output, BlameRule.UserIsTheProblem, i, i + 1);
                break;
            case "careless" or "carelessly" or "carelessness" or "sloppy" or "sloppily" or "sloppiness" or "slapdash" or "half-assed":
                Character(s, i, BlameRule.Careless, output);
                break;
            case "negligent" or "negligently" or "negligence":
                Character(s, i, BlameRule.Negligent, output);
                break;
            case "incompetent" or "incompetence" or "incompetently" or "clueless" or "inept" or "ineptitude" or "ineptly":
                Character(s, i, BlameRule.Incompetent, output);
                break;
            case "reckless" or "recklessly" or "recklessness":
                Character(s, i, BlameRule.Reckless, output);
                break;
            case "cowboy" or "cowboys" when s.In(i + 1, CowboyNext) || s.Word(i) is "cowboys":
                Character(s, i, BlameRule.Reckless, output);
                break;
            case "lazy" or "laziness":
                Lazy(s, i, output);
                break;
            case "idiot" or "idiots" or "idiotic" or "moron" or "morons" or "moronic" or "stupidity" or "boneheaded" or "bonehead" or "dimwit" or "dumbass":
                Character(s, i, BlameRule.Insult, output);
                break;
            case "stupid" or "dumb" or "silly" when s.In(i + 1, InsultNext):
                Character(s, i, BlameRule.Insult, output);
                break;
            case "half" when s.Is(i + 1, "a") && s.Is(i + 2, "brain"):
                Emit(s, output, BlameRule.Insult, i, i + 2);
                break;
            case "had" when s.Is(i + 1, "one") && s.Is(i + 2, "job"):
                Emit(s, output, BlameRule.Insult, i, i + 2);
                break;
            default:
                MatchAttributions(s, i, output);
                break;
        }
    }

    private static void MatchAttributions(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        switch (s.Word(i))
        {
            case "rookie" or "newbie" or "noob" or "n00b" or "beginner" or "beginner's" or "junior" or "amateur" when s.In(i + 1, RookieNext):
                Emit(s, output, BlameRule.RookieMistake, i, i + 1);
                break;
            case "amateur" when s.Is(i + 1, "hour"):
                Emit(s, output, BlameRule.RookieMistake, i, i + 1);
                break;
            case "amateurish" or "amateurs":
                Character(s, i, BlameRule.RookieMistake, output);
                break;
            case "fault" or "faults":
                Fault(s, i, output);
                break;
            case "on":
                OnSomeone(s, i, output);
                break;
            case "blame" or "blamed" or "blaming" or "blames":
                Blame(s, i, output);
                break;
            case "fired" or "disciplined" or "reprimanded" or "punished" or "sacked" or "demoted" or "terminated" or "accountable" or "written" or "let" or "removed":
                Punishment(s, i, output);
                break;
            case "judgement" or "judgment" or "decision" or "decisions" or "decision-making":
                BadJudgement(s, i, output);
                break;
            case "careful" or "attentive" or "diligent":
                NotCareful(s, i, output);
                break;
            case "doing":
                DoesNotKnow(s, i, output);
                break;
            default:
                if (s.In(i, Lexicon.MistakeNouns) && s.Has(i - 1, TokenFlags.Possessive) && !s.In(i + 1, SoftenedNouns))
                {
                    PossessiveMistake(s, i, output);
                }

                break;
        }
    }

    private static void Forgot(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        if (s.Word(i + 1) is "password" or "passwords" or "pin" or "username" || (s.Is(i + 1, "your") && s.Is(i + 2, "password")))
        {
            return; // the "forgot password" flow
        }

        if (s.Is(i, "forgotten") && !s.In(SkipBackward(s, i - 1, Lexicon.SubjectAdverbs), Lexicon.PerfectAux))
        {
            return; // "the forgotten flag": an adjective, not an accusation
        }

        var objectStart = s.Is(i + 1, "to") || s.Is(i + 1, "about") ? i + 2 : i + 1;
        var last = s.Is(i + 1, "to") && s.IsWord(i + 2) ? i + 2 : i;
        PersonOnly(s, i, last, BlameRule.Forgot, output, Focus(s, objectStart));
    }

    private static void MessedUp(scoped in SentenceView s, int i, int last, List<RawFinding> output) =>
        PersonOnly(s, i, last, BlameRule.MessedUp, output, Focus(s, last + 1));

    private static void FatFingered(scoped in SentenceView s, int i, int last, List<RawFinding> output) =>
        PersonOnly(s, i, last, BlameRule.FatFingered, output, Focus(s, last + 1));

    /// <summary>A verb only people do: any person subject, or none at the start of a terse note.</summary>
    private static void PersonOnly(scoped in SentenceView s, int i, int last, BlameRule rule, List<RawFinding> output, Range? focus = null)
    {
        if (SubjectFinder.IsHypothetical(s, i))
        {
            return;
        }

        var subject = SubjectFinder.Find(s, i);
        if (AcceptsPersonOnlyVerb(s, subject, i) && !s.NegatedBefore(SubjectStart(s, subject, i), 2))
        {
            Emit(s, output, rule, SubjectStart(s, subject, i), last, focus);
        }
    }

    /// <summary>A verb systems do too: only a positively identified person other than the writer.</summary>
    private static void OtherPerson(scoped in SentenceView s, int i, int last, BlameRule rule, bool identified, Range? focus, List<RawFinding> output)
    {
        if (SubjectFinder.IsHypothetical(s, i))
        {
            return;
        }

        var subject = SubjectFinder.Find(s, i);
        if ((identified ? subject.IsIdentifiedPerson : subject.IsOtherPerson) && !s.NegatedBefore(SubjectStart(s, subject, i), 2) && !SystemicReasonFollows(s, last))
        {
            Emit(s, output, rule, SubjectStart(s, subject, i), last, focus);
        }
    }

    /// <summary>
    /// "Alice didn't test the restore path because no staging copy existed": the sentence already places the cause in
    /// the system. A personal reason ("because he was in a hurry") does not count.
    /// </summary>
    private static bool SystemicReasonFollows(scoped in SentenceView s, int from)
    {
        for (var k = from + 1; k < s.Count; k++)
        {
            if (!(s.Word(k) is "because" or "since" or "as") && !(s.Is(k, "due") && s.Is(k + 1, "to")))
            {
                continue;
            }

            for (var h = k + 1; h <= k + 6 && h < s.Count; h++)
            {
                var head = SubjectFinder.Classify(s, h);
                if (head.IsPerson || head.Kind == SubjectKind.Negative)
                {
                    return false;
                }

                if (head.Kind == SubjectKind.System)
                {
                    return true;
                }
            }

            return false;
        }

        return false;
    }

    private static void Missed(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        var target = SkipForward(s, i + 1, Lexicon.Determiners, 2);
        if (s.In(target, Lexicon.MissedTargets) || s.Is(target, "its"))
        {
            return; // "we missed our SLO", "the cron job missed its run"
        }

        OtherPerson(s, i, i, BlameRule.Missed, identified: true, Focus(s, i + 1), output);
    }

    private static void DidNot(scoped in SentenceView s, int i, int next, List<RawFinding> output)
    {
        var verb = SkipForward(s, next, NotAdverbs, 2);
        if (s.Is(verb - 1, "bother") && !s.In(verb, Lexicon.OmittedChecks))
        {
            verb--; // "didn't bother" on its own
        }

        var word = s.Word(verb);
        if (!s.In(verb, Lexicon.OmittedChecks) || (s.Is(i, "never") ? !(word.EndsWith("ed") || word is "read" or "thought") : word.EndsWith("ed")))
        {
            return;
        }

        if (word is "bother" or "bothered" or "care" or "cared")
        {
            var last = s.Is(verb + 1, "to") && s.IsWord(verb + 2) ? verb + 2 : verb;
            PersonOnly(s, i, last, BlameRule.DidNotBother, output, Focus(s, s.Is(verb + 1, "to") ? verb + 2 : verb + 1));
            return;
        }

        if (word is "pay" && s.Is(verb + 1, "attention"))
        {
            Emit(s, output, BlameRule.Inattention, i, verb + 1);
            return;
        }

        var rule = s.In(verb, DidNotFollowVerbs) ? BlameRule.DidNotFollow : BlameRule.DidNotCheck;
        var focusStart = word is "think" or "thought" && s.Is(verb + 1, "to") ? verb + 2 : verb + 1;
        OtherPerson(s, i, verb, rule, identified: false, Focus(s, focusStart), output);
    }

    private static void Broke(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        if (s.Is(i, "broken") && !s.In(SkipBackward(s, i - 1, Lexicon.SubjectAdverbs), Lexicon.PerfectAux))
        {
            return;
        }

        if (s.In(i + 1, DoNotBreakParticles) || (!s.IsWord(i + 1) && !s.Is(i + 1, TokenKind.Code)))
        {
            return; // "broke down", "the build broke."
        }

        for (var k = i + 1; k <= i + 5 && s.IsWord(k); k++)
        {
            if (s.In(k, BrokeIdioms))
            {
                return; // "broke the news", "broke the incident into three workstreams"
            }
        }

        OtherPerson(s, i, i, BlameRule.Broke, identified: true, Focus(s, i + 1), output);
    }

    private static void MadeMistake(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        for (var k = i + 1; k <= i + 4 && s.IsWord(k); k++)
        {
            if (s.Is(k, "same") || s.Is(k, "similar"))
            {
                return; // "made the same mistake": normalising, not blaming
            }

            if (s.Word(k) is "mistake" or "mistakes" or "error" or "errors" or "blunder" or "blunders" or "slip" or "oversight")
            {
                if (s.In(k + 1, SoftenedNouns))
                {
                    return;
                }

                OtherPerson(s, i, k, BlameRule.MadeMistake, identified: false, focus: null, output);
                return;
            }
        }
    }

    private static void HumanError(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        var word = s.Word(i);
        var hyphenated = word.EndsWith("-error");
        var last = hyphenated ? i : i + 1;
        if (!hyphenated && !(s.Word(i + 1) is "error" or "errors" or "mistake" or "mistakes"))
        {
            return;
        }

        var toolBefore = s.In(i - 1, Lexicon.Tools) || s.In(i - 1, Lexicon.SystemNouns)
            || (s.Has(i - 1, TokenFlags.Capitalised) && !s.Has(i - 1, TokenFlags.SentenceInitial));
        if (word.StartsWith("operator") && toolBefore)
        {
            return; // "the Postgres operator error log"
        }

        if (s.In(last + 1, SoftenedNouns) || s.NegatedBefore(i, 3) || NegatedAfter(s, last + 1))
        {
            return; // "the user error message", "not human error", "human error is never a root cause"
        }

        var rule = word.StartsWith("user") ? BlameRule.UserIsTheProblem : BlameRule.HumanError;
        Emit(s, output, rule, i, last);
    }

    private static bool NegatedAfter(scoped in SentenceView s, int k) =>
        (s.In(k, Lexicon.BeVerbs) && (s.Is(k + 1, "not") || s.Is(k + 1, "never") || s.Is(k + 1, "rarely") || s.Is(k + 1, "seldom")))
        || s.Is(k, "isn't") || s.Is(k, "wasn't") || s.Is(k, "isnt") || s.Is(k, "wasnt");

    private static void Character(scoped in SentenceView s, int i, BlameRule rule, List<RawFinding> output)
    {
        if (!s.NegatedBefore(i, 2))
        {
            Emit(s, output, rule, i, i);
        }
    }

    private static void Lazy(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        var token = s[i];
        var nextChar = token.End < s.Text.Length ? s.Text[token.End] : ' ';
        var typeName = s.Has(i, TokenFlags.Capitalised) && !s.Has(i, TokenFlags.SentenceInitial);
        if (s.In(i + 1, Lexicon.TechnicalLazy) || nextChar is '<' or '(' || typeName)
        {
            return; // lazy loading, Lazy<T>, lazy()
        }

        Character(s, i, BlameRule.Lazy, output);
    }

    private static void Fault(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        var owner = SkipBackward(s, i - 1, StrongAdverbs, 1);
        if (s.Is(owner, "own"))
        {
            owner--;
        }

        if (s.In(i + 1, FaultCompounds))
        {
            return;
        }

        if (IsPersonPossessive(s, owner) || s.In(owner, Lexicon.PossessivePronouns))
        {
            if (!s.NegatedBefore(owner, 3))
            {
                Emit(s, output, BlameRule.Fault, owner, i);
            }

            return;
        }

        // "<person> was at fault" (but not "the disk was at fault")
        if (s.Is(i - 1, "at") && s.In(i - 2, Lexicon.BeVerbs) && !s.NegatedBefore(i, 3))
        {
            var subject = SubjectFinder.Find(s, i - 2);
            if (subject.IsPerson)
            {
                Emit(s, output, BlameRule.Fault, SubjectStart(s, subject, i - 2), i);
            }
        }
    }

    private static void PossessiveMistake(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        if (IsPersonPossessive(s, i - 1) && !s.NegatedBefore(i - 1, 3))
        {
            Emit(s, output, BlameRule.Fault, i - 1, i);
        }
    }

    /// <summary>"Priya's", "the intern's", "&lt;@U123&gt;'s", "someone's" — but not "nobody's" or "the operator's".</summary>
    private static bool IsPersonPossessive(scoped in SentenceView s, int k)
    {
        if (!s.Has(k, TokenFlags.Possessive))
        {
            return false;
        }

        if (s.Is(k, TokenKind.Mention))
        {
            return true;
        }

        var owner = s.PossessiveBase(k);
        if (owner.IsEmpty || Lexicon.Negative.Contains(owner) || owner is "no one" or "anyone" or "operator" or "user" or "customer")
        {
            return false;
        }

        if (Lexicon.Indefinite.Contains(owner) || Lexicon.PersonNouns.Contains(owner))
        {
            return true;
        }

        var capitalised = s.Has(k, TokenFlags.Capitalised) && !s.TitleCase;
        return capitalised && !Lexicon.Tools.Contains(owner) && !Lexicon.NonNames.Contains(owner)
            && (Lexicon.Names.Contains(owner) || !s.Has(k, TokenFlags.SentenceInitial));
    }

    /// <summary>"The data loss is on Victor" — an outcome placed on a named person. "The pager is on Alice" is a rota, not blame.</summary>
    private static void OnSomeone(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        var be = SkipBackward(s, i - 1, StrongAdverbs, 1);
        var contracted = s.Is(be, "it's") || s.Is(be, "that's");
        if (!contracted && !(s.Word(be) is "is" or "was"))
        {
            return;
        }

        var person = i + 1;
        var named = (s.Is(person, TokenKind.Mention) && !s.Has(person, TokenFlags.Possessive))
            || s.Word(person) is "him" or "her"
            || (s.Has(person, TokenFlags.Capitalised) && !s.Has(person, TokenFlags.Possessive) && Lexicon.Names.Contains(s.Word(person)));
        if (!named || s.Is(person + 1, "to") || s.Is(person + 1, "for"))
        {
            return; // "it is on Alice to schedule the review"
        }

        var outcome = contracted ? be : be - 1;
        if (s.In(outcome, Lexicon.OutcomeNouns) || contracted)
        {
            Emit(s, output, BlameRule.Fault, contracted ? be : Math.Max(0, outcome), person);
        }
    }

    /// <summary>
    /// Blame aimed at someone: "blame the intern", "Alice is to blame", "who to blame", "the blame lies with ops".
    /// Talk about blame in general ("we avoid assigning blame", "people fear blame") and git blame stay quiet.
    /// </summary>
    private static void Blame(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        if (s.In(i - 1, BlameSkipBefore) || s.Is(i - 1, TokenKind.Code) || s.In(i + 1, BlameSkipAfter) || s.NegatedBefore(i, 4))
        {
            return; // git blame, the blame game, "we are not here to blame anyone"
        }

        if (s.Is(i - 1, "to") && BlameTarget(s, i - 2, out var first))
        {
            Emit(s, output, BlameRule.Blame, first, i); // "who to blame", "Alice is to blame"
            return;
        }

        var target = PersonAfter(s, i + 1);
        if (target >= 0)
        {
            Emit(s, output, BlameRule.Blame, i, target); // "blame the intern", "blamed @dave"
            return;
        }

        if (s.Is(i, "blame") && s.In(i + 1, BlameLands) && (s.Word(i + 2) is "with" or "on" or "to" or "squarely"))
        {
            Emit(s, output, BlameRule.Blame, i, i + 2); // "the blame lies with", "blame goes to"
        }
    }

    private static bool BlameTarget(scoped in SentenceView s, int k, out int first)
    {
        first = k;
        if (s.Is(k, "who") || s.Is(k, "whom"))
        {
            return true;
        }

        if (!s.In(k, Lexicon.BeVerbs))
        {
            return false;
        }

        var subject = SubjectFinder.Find(s, k);
        first = SubjectStart(s, subject, k);
        return subject.IsPerson;
    }

    /// <summary>The index of a person named right after <paramref name="k"/> ("the on-call engineer", "@dave", "him"); -1 if none.</summary>
    private static int PersonAfter(scoped in SentenceView s, int k)
    {
        if (s.Is(k, TokenKind.Mention) || s.In(k, PersonObjects))
        {
            return k;
        }

        var head = SkipForward(s, k, Lexicon.Determiners, 1);
        for (var h = head; h <= head + 2 && s.IsWord(h); h++)
        {
            if (s.In(h, Lexicon.ClauseStarters) || s.In(h, Lexicon.Prepositions) || s.Is(h, "to"))
            {
                return -1; // "blame or identifying individuals", "blame to engineers": talk about blame, not at someone
            }

            var noun = SubjectFinder.Classify(s, h);
            var generic = h == k && (s.Word(h) is "people" or "folks" or "humans" or "others" || s.Word(h).EndsWith("s"));
            if ((noun.Kind is SubjectKind.Name or SubjectKind.PersonNoun) && !generic && !s.In(h + 1, Lexicon.PersonNouns) && !s.In(h + 1, Lexicon.SystemNouns))
            {
                return h;
            }

            if (noun.Kind is SubjectKind.System)
            {
                return -1;
            }
        }

        return -1;
    }

    private static void Punishment(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        var word = s.Word(i);
        var last = i;
        if (word is "written" or "let" or "removed")
        {
            var particle = word switch { "written" => "up", "let" => "go", _ => "from" };
            if (!s.Is(i + 1, particle))
            {
                return;
            }

            last = i + 1;
        }

        var be = i - 1;
        if (word is "accountable")
        {
            if (!s.Is(i - 1, "held"))
            {
                return;
            }

            be = i - 2;
        }

        if (!(s.Word(be) is "be" or "get" or "got" or "getting"))
        {
            return;
        }

        var modal = be - 1;
        if (s.Is(modal, "to") && s.In(modal - 1, PunishmentModalVerbs))
        {
            modal--;
        }
        else if (!s.In(modal, PunishmentModals))
        {
            return;
        }

        var subject = SubjectFinder.Find(s, modal);
        if (subject.IsPerson)
        {
            Emit(s, output, BlameRule.Punishment, SubjectStart(s, subject, modal), last);
        }
    }

    private static void BadJudgement(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        var isJudgement = s.Word(i) is "judgement" or "judgment";
        if (s.In(i - 1, BadAdjectives) && (isJudgement || s.Is(i - 1, "bad") || s.Is(i - 1, "poor")) && !s.NegatedBefore(i - 1, 2))
        {
            Emit(s, output, BlameRule.BadJudgement, i - 1, i);
            return;
        }

        if (isJudgement && (s.Is(i - 1, "in") || s.Is(i - 1, "of")) && (s.Word(i - 2) is "lapse" or "lapses" or "error" or "errors"))
        {
            Emit(s, output, BlameRule.BadJudgement, i - 2, i);
        }
    }

    private static void NotCareful(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        var before = SkipBackward(s, i - 1, Lexicon.SubjectAdverbs, 1);
        if (s.Word(before) is "not" or "never" or "wasn't" or "weren't" or "wasnt" or "werent" or "isn't" or "aren't")
        {
            Emit(s, output, BlameRule.NotCareful, before, i);
            return;
        }

        if (s.Is(before, "more") && (s.Word(before - 1) is "be" or "been" or "being"))
        {
            var subject = SubjectFinder.Find(s, before - 1, skipModals: true);
            if (subject.Kind != SubjectKind.System)
            {
                Emit(s, output, BlameRule.NotCareful, before - 1, i);
            }
        }
    }

    /// <summary>"doesn't know what he's doing", "had no idea what they were doing".</summary>
    private static void DoesNotKnow(scoped in SentenceView s, int i, List<RawFinding> output)
    {
        for (var what = i - 1; what >= i - 4 && what >= 1; what--)
        {
            if (!s.Is(what, "what"))
            {
                continue;
            }

            var know = what - 1;
            if ((s.Word(know) is "know" or "knows" or "knew" or "idea" or "clue") && s.NegatedBefore(know, 2))
            {
                Emit(s, output, BlameRule.DoesNotKnow, know - 1, i);
            }

            return;
        }
    }
}
