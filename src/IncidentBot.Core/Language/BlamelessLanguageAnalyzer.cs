using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace IncidentBot.Core.Language;

/// <summary>
/// Finds blame-driven language in free text (contributions, timeline notes, lessons, contributing factors,
/// postmortem drafts) and proposes a systemic reframe for each finding.
/// </summary>
/// <remarks>
/// Rules over curated phrase lists, tuned for precision: a check that cries wolf gets muted. The central idea is
/// subject detection: "should have", "failed to", "missed" and "broke" are blameful only when their subject is a
/// person (pronoun, @mention, name, person noun) and fine when it is a system ("the pipeline should have caught it").
/// Quoted text, code spans and links are never analysed. The analyser is stateless, thread-safe, and never throws;
/// its cost is linear in the length of the text.
/// </remarks>
public sealed class BlamelessLanguageAnalyzer
{
    /// <summary>Analyses <paramref name="text"/>; findings are ordered by position and do not overlap.</summary>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "An injectable service: callers take it as a dependency.")]
    public IReadOnlyList<BlameFinding> Analyze(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var buffer = ArrayPool<char>.Shared.Rent(text.Length);
        try
        {
            var norm = buffer.AsSpan(0, text.Length);
            Normalise(text, norm);
            var raw = new List<RawFinding>();
            var tokens = new List<Token>(64);
            var tokenizer = new Tokenizer(text, norm);
            while (tokenizer.NextSentence(tokens))
            {
                var sentence = new SentenceView(text, norm, CollectionsMarshal.AsSpan(tokens));
                MatchSentence(sentence, raw);
            }

            return raw.Count == 0 ? [] : ToFindings(text, raw);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static void MatchSentence(scoped in SentenceView sentence, List<RawFinding> raw)
    {
        for (var i = 0; i < sentence.Count; i++)
        {
            if (!sentence.IsWord(i))
            {
                continue;
            }

            PersonRules.Match(sentence, i, raw);
            CounterfactualRules.Match(sentence, i, raw);
            MinimisingRules.Match(sentence, i, raw);
        }
    }

    /// <summary>Lower-cases the text one UTF-16 unit at a time (so offsets are unchanged) and folds curly apostrophes.</summary>
    private static void Normalise(string text, Span<char> norm)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            norm[i] = c switch
            {
                '’' or '‘' or 'ʼ' or '′' => '\'',
                '‐' or '‑' => '-',
                _ => char.ToLowerInvariant(c),
            };
        }
    }

    /// <summary>Orders by position and drops findings that overlap an earlier (or, at the same start, a longer) one.</summary>
    private static List<BlameFinding> ToFindings(string text, List<RawFinding> raw)
    {
        raw.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        var findings = new List<BlameFinding>(raw.Count);
        var coveredUntil = -1;
        foreach (var hit in raw)
        {
            if (hit.Start < coveredUntil)
            {
                continue;
            }

            coveredUntil = hit.End;
            findings.Add(new BlameFinding(
                RuleCatalog.Category(hit.Rule),
                hit.Start,
                hit.End - hit.Start,
                text[hit.Start..hit.End],
                RuleCatalog.Explanation(hit.Rule),
                RuleCatalog.Suggestion(hit.Rule, hit.Focus is { } focus ? text[focus] : null)));
        }

        return findings;
    }
}
