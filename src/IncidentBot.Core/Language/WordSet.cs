using System.Collections.Frozen;

namespace IncidentBot.Core.Language;

/// <summary>An immutable set of lower-case words that can be probed with a span, without allocating.</summary>
internal sealed class WordSet
{
    /// <summary>Tokens longer than this are never lexicon words; skipping them keeps pathological input cheap.</summary>
    public const int MaxWordLength = 40;

    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public WordSet(params string[] words)
    {
        var set = words.ToFrozenSet(StringComparer.Ordinal);
        _lookup = set.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public bool Contains(ReadOnlySpan<char> word) => word.Length is > 0 and <= MaxWordLength && _lookup.Contains(word);

    /// <summary>The word, or its singular when it ends in "s" ("engineers" → "engineer").</summary>
    public bool ContainsOrSingular(ReadOnlySpan<char> word) =>
        Contains(word) || (word.Length > 3 && word[^1] == 's' && Contains(word[..^1]));
}
