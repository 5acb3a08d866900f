namespace IncidentBot.Core.Language;

/// <summary>
/// Finds the subject of a verb by looking back from it: the nearest head word of the clause, classified as a person
/// (pronoun, @mention, name, person noun) or a system (curated system nouns, tool names, code). Unknown words stay
/// unknown: the rules only fire on positive evidence of a person, which is what keeps precision high.
/// </summary>
internal static class SubjectFinder
{
    private const int RelativeLookback = 8;
    private const int EllipsisLookback = 25;
    private const int EllipsisScan = 6;

    /// <summary>The subject of the verb phrase that starts at token <paramref name="verb"/>.</summary>
    public static Subject Find(scoped in SentenceView s, int verb, bool skipModals = false)
    {
        var j = SkipBack(s, verb - 1, skipModals);
        if (!s.InRange(j))
        {
            return new Subject(SubjectKind.None, verb);
        }

        if (s.IsBreak(j) || s.In(j, Lexicon.ClauseStarters))
        {
            return (s.Is(j, TokenKind.Punct) && s.Text[s[j].Start] == ',') || s.In(j, Lexicon.Coordinators)
                ? Elided(s, j, verb)
                : new Subject(SubjectKind.None, verb);
        }

        var head = Classify(s, j);
        if (head.Kind is SubjectKind.System or SubjectKind.Unknown)
        {
            var relative = RelativeWho(s, j);
            if (relative.Kind != SubjectKind.None)
            {
                return relative;
            }
        }

        return head;
    }

    /// <summary>Whether the verb at <paramref name="verb"/> is hypothetical: "could have made", "would have missed", "if … forgot".</summary>
    public static bool IsHypothetical(scoped in SentenceView s, int verb)
    {
        var j = verb - 1;
        while (s.In(j, Lexicon.SubjectAdverbs) || s.In(j, Lexicon.PerfectAux))
        {
            j--;
        }

        if (s.In(j, Lexicon.Modals) || s.Is(j, "to"))
        {
            return true;
        }

        for (var i = verb - 1; i >= 0 && i >= verb - 8; i--)
        {
            if (s.IsBreak(i))
            {
                return false;
            }

            if (s.Is(i, "if") || s.Is(i, "unless") || s.Is(i, "whether"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Classifies the word at <paramref name="j"/> as a subject head.</summary>
    public static Subject Classify(scoped in SentenceView s, int j)
    {
        if (!s.InRange(j))
        {
            return new Subject(SubjectKind.None, j);
        }

        switch (s[j].Kind)
        {
            case TokenKind.Mention:
                return new Subject(SubjectKind.Mention, j);
            case TokenKind.Code:
                return new Subject(SubjectKind.System, j);
            case TokenKind.Punct:
                return new Subject(SubjectKind.None, j);
        }

        if (s.Has(j, TokenFlags.Possessive))
        {
            return new Subject(SubjectKind.Unknown, j);
        }

        var pronoun = Pronoun(s, j);
        if (pronoun.Kind != SubjectKind.Unknown)
        {
            return pronoun;
        }

        var noun = Noun(s, j);
        if (noun.Kind != SubjectKind.Unknown)
        {
            return noun;
        }

        // "The SRE on duty should have…", "the person on call was…": look through one prepositional phrase.
        if (s.In(j - 1, Lexicon.Prepositions) && s.IsWord(j - 2))
        {
            var inner = Noun(s, j - 2);
            if (inner.Kind is SubjectKind.PersonNoun or SubjectKind.Name)
            {
                return inner;
            }
        }

        return noun;
    }

    private static Subject Pronoun(scoped in SentenceView s, int j)
    {
        var word = s.Word(j);
        if (s.Has(j, TokenFlags.AllCaps) && word.Length > 1)
        {
            return new Subject(SubjectKind.Unknown, j); // "US", "IT": not pronouns
        }

        SubjectKind kind;
        if (word is "who" or "whoever")
        {
            kind = SubjectKind.Who;
        }
        else if (Lexicon.FirstPerson.Contains(word))
        {
            kind = SubjectKind.FirstPerson;
        }
        else if (Lexicon.ThirdPerson.Contains(word))
        {
            kind = SubjectKind.ThirdPerson;
        }
        else if (Lexicon.They.Contains(word))
        {
            kind = SubjectKind.They;
        }
        else if (Lexicon.You.Contains(word))
        {
            kind = SubjectKind.You;
        }
        else if (Lexicon.Indefinite.Contains(word))
        {
            kind = s.Is(j - 1, "not") ? SubjectKind.Negative : SubjectKind.Indefinite;
        }
        else if (Lexicon.Negative.Contains(word) || (word is "one" && s.Is(j - 1, "no")))
        {
            kind = SubjectKind.Negative;
        }
        else if (word is "that")
        {
            // "the engineer that broke…" vs "the change that broke…"
            var antecedent = Noun(s, j - 1);
            return antecedent.Kind is SubjectKind.PersonNoun or SubjectKind.Name ? antecedent : new Subject(SubjectKind.System, j);
        }
        else if (Lexicon.NonPerson.Contains(word))
        {
            kind = SubjectKind.System;
        }
        else
        {
            kind = SubjectKind.Unknown;
        }

        return new Subject(kind, j);
    }

    private static Subject Noun(scoped in SentenceView s, int j)
    {
        if (!s.IsWord(j))
        {
            return new Subject(s.Is(j, TokenKind.Mention) ? SubjectKind.Mention : SubjectKind.Unknown, j);
        }

        var word = s.Word(j);
        var capitalised = s.Has(j, TokenFlags.Capitalised) && !s.TitleCase;
        if (word is "operator" or "operators")
        {
            // A Kubernetes operator is named by what it operates: "the Postgres operator". A person is "the operator".
            var human = !s.IsWord(j - 1) || s.In(j - 1, Lexicon.Determiners) || s.Is(j - 1, "human");
            return new Subject(human ? SubjectKind.PersonNoun : SubjectKind.System, PhraseStart(s, j));
        }

        if (capitalised && Lexicon.Names.Contains(word) && !Lexicon.Tools.Contains(word))
        {
            return new Subject(SubjectKind.Name, NameStart(s, j));
        }

        if (Lexicon.PersonNouns.ContainsOrSingular(word))
        {
            return new Subject(SubjectKind.PersonNoun, PhraseStart(s, j));
        }

        if (Lexicon.SystemNouns.ContainsOrSingular(word) || Lexicon.Tools.Contains(word))
        {
            return new Subject(SubjectKind.System, PhraseStart(s, j));
        }

        if (capitalised)
        {
            if (s.Has(j, TokenFlags.AllCaps) || Lexicon.NonNames.Contains(word) || ContainsDigitOrInnerCapital(s, j))
            {
                return new Subject(SubjectKind.System, j);
            }

            // Mid-sentence capitalised words may be names ("then Quentin forgot…") or codenames ("then Atlas failed…").
            if (!s.Has(j, TokenFlags.SentenceInitial))
            {
                return new Subject(SubjectKind.CapitalisedWord, NameStart(s, j));
            }
        }

        return new Subject(SubjectKind.Unknown, j);
    }

    private static bool ContainsDigitOrInnerCapital(scoped in SentenceView s, int j)
    {
        var token = s[j];
        for (var i = token.Start + 1; i < token.End; i++)
        {
            var c = s.Text[i];
            if (char.IsDigit(c) || char.IsUpper(c) || c is '.' or '_' or '/')
            {
                return true; // PagerDuty, Route53, orders.created_at
            }
        }

        return false;
    }

    private static int NameStart(scoped in SentenceView s, int j) =>
        s.IsWord(j - 1) && s.Has(j - 1, TokenFlags.Capitalised) && !s.In(j - 1, Lexicon.Determiners) && !s.In(j - 1, Lexicon.NonNames)
            ? j - 1
            : j;

    /// <summary>Extends a noun back to its determiner: "The on-call engineer", "Our SRE".</summary>
    private static int PhraseStart(scoped in SentenceView s, int j)
    {
        for (var k = j - 1; k >= j - 3; k--)
        {
            if (!s.IsWord(k))
            {
                return j;
            }

            if (s.In(k, Lexicon.Determiners))
            {
                return k;
            }
        }

        return j;
    }

    private static int SkipBack(scoped in SentenceView s, int j, bool skipModals)
    {
        while (s.IsWord(j) && (s.In(j, Lexicon.SubjectAdverbs) || s.In(j, Lexicon.PerfectAux) || (skipModals && IsModalLike(s, j))))
        {
            j--;
        }

        return j;
    }

    private static bool IsModalLike(scoped in SentenceView s, int j) =>
        s.In(j, Lexicon.Modals) || (s.Is(j, "to") && (s.In(j - 1, Lexicon.PerfectAux) || s.Is(j - 1, "need") || s.Is(j - 1, "needs") || s.Is(j - 1, "ought")))
        || s.Is(j, "need") || s.Is(j, "needs") || s.Is(j, "ought");

    /// <summary>"Ahmed deployed on Friday and forgot…": the subject is the first noun of the clause before the coordinator.</summary>
    private static Subject Elided(scoped in SentenceView s, int j, int verb)
    {
        var k = j - 1;
        var steps = 0;
        while (k >= 0 && steps < EllipsisLookback && !IsHardBreak(s, k))
        {
            k--;
            steps++;
        }

        var scanned = 0;
        for (var i = k + 1; i < j && scanned < EllipsisScan; i++)
        {
            if (!s.IsWord(i) && !s.Is(i, TokenKind.Mention))
            {
                continue;
            }

            scanned++;
            var subject = Classify(s, i);
            if (subject.IsPerson || subject.Kind is SubjectKind.System or SubjectKind.Negative)
            {
                return subject;
            }
        }

        return new Subject(SubjectKind.Unknown, verb);
    }

    private static bool IsHardBreak(scoped in SentenceView s, int k) =>
        s.Is(k, TokenKind.Punct) && s.Text[s[k].Start] is ';' or ':' or '(' or ')';

    /// <summary>"The engineer who pushed the hotfix forgot…", "Whoever approved that PR should be fired".</summary>
    private static Subject RelativeWho(scoped in SentenceView s, int j)
    {
        for (var k = j; k >= 0 && k >= j - RelativeLookback; k--)
        {
            // "which" and a head-position "that" open a clause about a thing ("the change that broke…");
            // a "that" further back is a determiner ("whoever approved that PR").
            if (s.IsBreak(k) || s.Is(k, "which") || (k == j && s.Is(k, "that")))
            {
                break;
            }

            if (s.Is(k, "whoever"))
            {
                return new Subject(SubjectKind.Who, k);
            }

            if (s.Is(k, "who"))
            {
                var antecedent = Noun(s, k - 1);
                return antecedent.Kind is SubjectKind.PersonNoun or SubjectKind.Name or SubjectKind.Mention
                    ? antecedent
                    : new Subject(SubjectKind.Who, k);
            }
        }

        return new Subject(SubjectKind.None, j);
    }
}
