namespace IncidentBot.Core.Commands.Parsing;

/// <summary>
/// Reads a command line word by word while keeping the rest verbatim, so free text (a timeline note, a
/// title) keeps the spacing and punctuation people typed.
/// </summary>
internal struct CommandCursor(string text)
{
    private readonly string _text = text;
    private int _position;

    public readonly bool AtEnd => SkipWhitespace(_position) >= _text.Length;

    /// <summary>The next word without consuming it, or an empty string at the end.</summary>
    public readonly string PeekWord()
    {
        var start = SkipWhitespace(_position);
        var end = start;
        while (end < _text.Length && !char.IsWhiteSpace(_text[end]))
        {
            end++;
        }

        return _text[start..end];
    }

    public string ReadWord()
    {
        var word = PeekWord();
        _position = SkipWhitespace(_position) + word.Length;
        return word;
    }

    /// <summary>Everything not read yet, trimmed.</summary>
    public readonly string Rest() => _position >= _text.Length ? string.Empty : _text[_position..].Trim();

    private readonly int SkipWhitespace(int from)
    {
        while (from < _text.Length && char.IsWhiteSpace(_text[from]))
        {
            from++;
        }

        return from;
    }
}
