namespace IncidentBot.Core.Language;

/// <summary>Small pieces shared by the rule sets.</summary>
internal static class RuleHelpers
{
    private const int MaxFocusWords = 6;
    private const int MinFocusWordsBeforeStop = 2;

    private static readonly WordSet FocusStops = new(
        "during", "in", "on", "at", "for", "by", "again", "instead", "without", "from", "with", "into", "while",
        "despite", "until", "even", "anyway", "too", "either", "properly", "carefully", "first", "sooner", "earlier",
        "immediately", "later", "today", "yesterday", "tonight", "that", "which", "who", "than", "next", "now", "asap");

    public static void Emit(scoped in SentenceView s, List<RawFinding> output, BlameRule rule, int first, int last, Range? focus = null)
    {
        if (first > last || !s.InRange(first) || !s.InRange(last))
        {
            return;
        }

        output.Add(new RawFinding(rule, s[first].Start, s[last].End, focus));
    }

    /// <summary>The object of a phrase: a few words from <paramref name="from"/>, up to a clause break or a trailing adjunct.</summary>
    public static Range? Focus(scoped in SentenceView s, int from)
    {
        var last = -1;
        for (var i = from; i < s.Count && i - from < MaxFocusWords; i++)
        {
            if (s.IsBreak(i) || s.In(i, Lexicon.ClauseStarters) || (i - from >= MinFocusWordsBeforeStop && s.In(i, FocusStops)) || (i == from && s.In(i, FocusStops)))
            {
                break;
            }

            last = i;
        }

        // Do not end on a determiner or a dangling "to": "forgot to run the" reads badly.
        while (last >= from && (s.In(last, Lexicon.Determiners) || s.Is(last, "to") || s.Is(last, "and")))
        {
            last--;
        }

        return last >= from ? new Range(s[from].Start, s[last].End) : null;
    }

    /// <summary>Only adverbs (or nothing) before <paramref name="index"/>: a terse note with the subject left out.</summary>
    public static bool StartsSentence(scoped in SentenceView s, int index)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            if (!s.In(i, Lexicon.SubjectAdverbs) && !s.Is(i, TokenKind.Punct))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Person-only verbs (forgot, messed up, didn't bother) accept any person, or no subject at all at the start of a note.</summary>
    public static bool AcceptsPersonOnlyVerb(scoped in SentenceView s, Subject subject, int verb) =>
        subject.IsPerson || subject.Kind == SubjectKind.CapitalisedWord || (subject.Kind == SubjectKind.None && StartsSentence(s, verb));

    public static int SubjectStart(scoped in SentenceView s, Subject subject, int verb) =>
        subject.Kind == SubjectKind.None || !s.InRange(subject.Start) || subject.Start > verb ? verb : subject.Start;

    public static bool IsParticiple(scoped in SentenceView s, int index)
    {
        var word = s.Word(index);
        return word.Length > 0 && ((word.Length >= 4 && word.EndsWith("ed")) || Lexicon.IrregularParticiples.Contains(word));
    }

    /// <summary>Skips words in <paramref name="set"/> forwards from <paramref name="index"/>, at most <paramref name="max"/>.</summary>
    public static int SkipForward(scoped in SentenceView s, int index, WordSet set, int max = 3)
    {
        var skipped = 0;
        while (skipped < max && s.In(index, set))
        {
            index++;
            skipped++;
        }

        return index;
    }

    /// <summary>Skips words in <paramref name="set"/> backwards from <paramref name="index"/>.</summary>
    public static int SkipBackward(scoped in SentenceView s, int index, WordSet set, int max = 3)
    {
        var skipped = 0;
        while (skipped < max && s.In(index, set))
        {
            index--;
            skipped++;
        }

        return index;
    }
}
