namespace IncidentBot.Core.Language;

/// <summary>Read-only access to the tokens of one sentence, with their lower-cased text.</summary>
internal readonly ref struct SentenceView
{
    private readonly ReadOnlySpan<Token> _tokens;
    private readonly ReadOnlySpan<char> _norm;

    public SentenceView(string text, ReadOnlySpan<char> norm, ReadOnlySpan<Token> tokens)
    {
        Text = text;
        _norm = norm;
        _tokens = tokens;
        TitleCase = LooksLikeTitleCase(tokens);
    }

    public string Text { get; }

    public int Count => _tokens.Length;

    /// <summary>Headings in Title Case: capitalisation says nothing about names there.</summary>
    public bool TitleCase { get; }

    public Token this[int index] => _tokens[index];

    public bool InRange(int index) => (uint)index < (uint)_tokens.Length;

    public bool IsWord(int index) => InRange(index) && _tokens[index].Kind == TokenKind.Word;

    /// <summary>Out of range, punctuation: nothing can be matched across it.</summary>
    public bool IsBreak(int index) => !InRange(index) || _tokens[index].Kind == TokenKind.Punct;

    public bool Is(int index, TokenKind kind) => InRange(index) && _tokens[index].Kind == kind;

    /// <summary>The lower-cased text of a word token; empty for anything else.</summary>
    public ReadOnlySpan<char> Word(int index) =>
        IsWord(index) ? _norm.Slice(_tokens[index].Start, _tokens[index].Length) : default;

    /// <summary>A possessive word without its "'s" ("priya's" → "priya").</summary>
    public ReadOnlySpan<char> PossessiveBase(int index)
    {
        var word = Word(index);
        return word.Length > 2 && _tokens[index].Has(TokenFlags.Possessive) ? word[..^2] : default;
    }

    public bool Is(int index, string word) => IsWord(index) && Word(index).SequenceEqual(word);

    public bool In(int index, WordSet set) => IsWord(index) && set.Contains(Word(index));

    public bool Has(int index, TokenFlags flag) => InRange(index) && _tokens[index].Has(flag);

    /// <summary>A negating word within <paramref name="window"/> words before <paramref name="index"/>, in the same clause.</summary>
    public bool NegatedBefore(int index, int window)
    {
        for (var i = index - 1; i >= 0 && i >= index - window; i--)
        {
            if (IsBreak(i))
            {
                return false;
            }

            if (In(i, Lexicon.Negators) || (Is(i, "one") && Is(i - 1, "no")))
            {
                return true;
            }
        }

        return false;
    }

    private static bool LooksLikeTitleCase(ReadOnlySpan<Token> tokens)
    {
        var words = 0;
        var capitalised = 0;
        foreach (var token in tokens)
        {
            if (token.Kind == TokenKind.Word && token.Length > 3)
            {
                words++;
                if (token.Has(TokenFlags.Capitalised))
                {
                    capitalised++;
                }
            }
        }

        return words >= 3 && capitalised * 2 > words;
    }
}
