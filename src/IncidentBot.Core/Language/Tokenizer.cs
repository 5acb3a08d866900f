namespace IncidentBot.Core.Language;

/// <summary>
/// Splits text into sentences of tokens without regular expressions: one linear pass, no backtracking.
/// Code spans, quoted text and links become single <see cref="TokenKind.Code"/> tokens so that log lines and
/// quotations are never mistaken for prose. Works on a lower-cased copy of the text with the same offsets.
/// </summary>
internal ref struct Tokenizer
{
    /// <summary>Long run-on "sentences" are cut so the per-sentence work stays bounded.</summary>
    public const int MaxTokensPerSentence = 256;

    private const int MaxQuoteLength = 400;
    private const int MaxSingleQuoteLength = 120;
    private const int MaxMentionLength = 120;

    private readonly string _text;
    private readonly ReadOnlySpan<char> _norm;
    private int _pos;
    private bool _initial;

    public Tokenizer(string text, ReadOnlySpan<char> norm)
    {
        _text = text;
        _norm = norm;
        _pos = 0;
        _initial = true;
    }

    /// <summary>Fills <paramref name="tokens"/> with the next sentence; false when the text is exhausted.</summary>
    public bool NextSentence(List<Token> tokens)
    {
        tokens.Clear();
        while (_pos < _text.Length)
        {
            if (tokens.Count >= MaxTokensPerSentence)
            {
                return true;
            }

            if (AtSentenceEnd())
            {
                _initial = true;
                if (tokens.Count > 0)
                {
                    return true;
                }

                continue;
            }

            ReadToken(tokens);
        }

        return tokens.Count > 0;
    }

    /// <summary>Consumes sentence-ending characters (., !, ?, …, newline) when they end a sentence here.</summary>
    private bool AtSentenceEnd()
    {
        var c = _text[_pos];
        var ends = c is '\n' or '!' or '?' or '…' || (c == '.' && (_pos + 1 == _text.Length || !IsWordChar(_text[_pos + 1])));
        if (!ends)
        {
            return false;
        }

        _pos++;
        return true;
    }

    private void ReadToken(List<Token> tokens)
    {
        var c = _text[_pos];
        if (IsWordChar(c))
        {
            if (IsLinkStart())
            {
                AddCode(tokens, _pos, SkipToWhitespace(_pos));
                return;
            }

            ReadWord(tokens);
            return;
        }

        switch (c)
        {
            case '`':
                ReadBacktick(tokens);
                return;
            case '"' or '“' or '”' or '„':
                ReadQuoted(tokens, c);
                return;
            case '\'' or '‘':
                ReadSingleQuoted(tokens);
                return;
            case '<':
                ReadAngle(tokens);
                return;
            case '@':
                ReadAtMention(tokens);
                return;
            case ':':
                AddPunct(tokens, _pos);
                _pos++;
                _initial = true; // "Root cause: Human error" — what follows a colon starts afresh
                return;
            case ',' or ';' or '(' or ')' or '[' or ']' or '{' or '}' or '–' or '—' or '|' or '=' or '+' or '>' or '&':
                AddPunct(tokens, _pos);
                _pos++;
                return;
            case '-' when _pos + 1 < _text.Length && char.IsWhiteSpace(_text[_pos + 1]):
                AddPunct(tokens, _pos);
                _pos++;
                return;
            default:
                _pos++; // whitespace, control characters, markdown emphasis, symbols, emoji halves
                return;
        }
    }

    private void ReadWord(List<Token> tokens)
    {
        var start = _pos;
        var end = start + 1;
        while (end < _text.Length)
        {
            var c = _text[end];
            if (IsWordChar(c))
            {
                end++;
            }
            else if (IsJoiner(c, end) && end + 1 < _text.Length && IsWordChar(_text[end + 1]))
            {
                end += 2;
            }
            else
            {
                break;
            }
        }

        // "_emphasis_" and snake-case edges: trim underscores so the word itself is recognised.
        while (end - start > 1 && _text[end - 1] == '_')
        {
            end--;
        }

        while (end - start > 1 && _text[start] == '_')
        {
            start++;
        }

        _pos = end;
        tokens.Add(new Token(start, end - start, TokenKind.Word, WordFlags(start, end)));
        _initial = false;
    }

    private readonly bool IsJoiner(char c, int index) => c switch
    {
        '-' or '_' or '.' or '/' or '\'' or '’' or '‐' or '‑' => true,
        ':' => char.IsDigit(_text[index - 1]), // 14:05
        _ => false,
    };

    private TokenFlags WordFlags(int start, int end)
    {
        var flags = _initial ? TokenFlags.SentenceInitial : TokenFlags.None;
        if (char.IsUpper(_text[start]))
        {
            flags |= TokenFlags.Capitalised;
            var letters = 0;
            var upper = true;
            for (var i = start; i < end && upper; i++)
            {
                if (char.IsLetter(_text[i]))
                {
                    letters++;
                    upper = char.IsUpper(_text[i]);
                }
            }

            if (upper && letters > 1)
            {
                flags |= TokenFlags.AllCaps;
            }
        }

        if (end - start > 2 && _norm[end - 1] == 's' && _norm[end - 2] == '\'' && !Lexicon.Contractions.Contains(_norm[start..end]))
        {
            flags |= TokenFlags.Possessive;
        }

        return flags;
    }

    private void ReadBacktick(List<Token> tokens)
    {
        var start = _pos;
        if (_text.AsSpan(_pos).StartsWith("```", StringComparison.Ordinal))
        {
            var close = _text.IndexOf("```", _pos + 3, StringComparison.Ordinal);
            var end = close < 0 ? _text.Length : close + 3;
            AddCode(tokens, start, end);
            return;
        }

        var closing = FindOnLine(_pos + 1, '`', '`', MaxQuoteLength);
        if (closing < 0)
        {
            _pos++;
            return;
        }

        AddCode(tokens, start, closing + 1);
    }

    private void ReadQuoted(List<Token> tokens, char open)
    {
        var (close, alternativeClose) = open switch
        {
            '“' => ('”', '"'),
            '„' => ('“', '”'),
            _ => ('"', '”'),
        };
        var closing = FindOnLine(_pos + 1, close, alternativeClose, MaxQuoteLength);
        if (closing < 0)
        {
            AddPunct(tokens, _pos);
            _pos++;
            return;
        }

        AddCode(tokens, _pos, closing + 1);
    }

    /// <summary>'quoted text' only when the quote opens a word and a matching quote closes one; apostrophes are left alone.</summary>
    private void ReadSingleQuoted(List<Token> tokens)
    {
        var opens = (_pos == 0 || !IsWordChar(_text[_pos - 1])) && _pos + 1 < _text.Length && char.IsLetter(_text[_pos + 1]);
        if (opens)
        {
            for (var i = _pos + 2; i < _text.Length && i - _pos < MaxSingleQuoteLength; i++)
            {
                var c = _text[i];
                if (c == '\n')
                {
                    break;
                }

                if ((c == '\'' || c == '’') && !char.IsWhiteSpace(_text[i - 1]) && (i + 1 == _text.Length || !IsWordChar(_text[i + 1])))
                {
                    AddCode(tokens, _pos, i + 1);
                    return;
                }
            }
        }

        _pos++;
    }

    private void ReadAngle(List<Token> tokens)
    {
        var rest = _norm[_pos..];
        var isMention = rest.StartsWith("<@");
        var isLink = rest.StartsWith("<#") || rest.StartsWith("<!") || rest.StartsWith("<http") || rest.StartsWith("<mailto:");
        if (!isMention && !isLink)
        {
            AddPunct(tokens, _pos);
            _pos++;
            return;
        }

        var close = FindOnLine(_pos + 1, '>', '>', MaxMentionLength);
        if (close < 0)
        {
            AddPunct(tokens, _pos);
            _pos++;
            return;
        }

        if (isLink)
        {
            AddCode(tokens, _pos, close + 1);
            return;
        }

        var end = PossessiveEnd(close + 1);
        tokens.Add(new Token(_pos, end - _pos, TokenKind.Mention, MentionFlags(close + 1, end)));
        _pos = end;
        _initial = false;
    }

    private void ReadAtMention(List<Token> tokens)
    {
        var startsWord = _pos == 0 || !IsWordChar(_text[_pos - 1]);
        if (!startsWord || _pos + 1 >= _text.Length || !char.IsLetterOrDigit(_text[_pos + 1]))
        {
            _pos++;
            return;
        }

        var end = _pos + 1;
        while (end < _text.Length && end - _pos < MaxMentionLength && (char.IsLetterOrDigit(_text[end]) || (_text[end] is '.' or '_' or '-' && end + 1 < _text.Length && char.IsLetterOrDigit(_text[end + 1]))))
        {
            end++;
        }

        var name = _norm[(_pos + 1)..end];
        if (name is "here" or "channel" or "everyone" or "all")
        {
            AddCode(tokens, _pos, end);
            return;
        }

        var withPossessive = PossessiveEnd(end);
        tokens.Add(new Token(_pos, withPossessive - _pos, TokenKind.Mention, MentionFlags(end, withPossessive)));
        _pos = withPossessive;
        _initial = false;
    }

    private readonly int PossessiveEnd(int end) =>
        end + 1 < _text.Length && _text[end] is '\'' or '’' && _norm[end + 1] == 's' && (end + 2 == _text.Length || !IsWordChar(_text[end + 2]))
            ? end + 2
            : end;

    private static TokenFlags MentionFlags(int nameEnd, int end) => end > nameEnd ? TokenFlags.Possessive : TokenFlags.None;

    private readonly bool IsLinkStart()
    {
        var rest = _norm[_pos..];
        return (rest.StartsWith("http://") || rest.StartsWith("https://")) && (_pos == 0 || !IsWordChar(_text[_pos - 1]));
    }

    private readonly int SkipToWhitespace(int from)
    {
        var end = from;
        while (end < _text.Length && !char.IsWhiteSpace(_text[end]))
        {
            end++;
        }

        // A link at the end of a sentence keeps its full stop as the sentence end.
        while (end > from + 1 && _text[end - 1] is '.' or ',' or ')' or '!' or '?')
        {
            end--;
        }

        return end;
    }

    private readonly int FindOnLine(int from, char close, char alternativeClose, int maxLength)
    {
        for (var i = from; i < _text.Length && i - from < maxLength; i++)
        {
            var c = _text[i];
            if (c == '\n')
            {
                return -1;
            }

            if (c == close || c == alternativeClose)
            {
                return i;
            }
        }

        return -1;
    }

    private void AddCode(List<Token> tokens, int start, int end)
    {
        tokens.Add(new Token(start, end - start, TokenKind.Code, TokenFlags.None));
        _pos = end;
        _initial = false;
    }

    private static void AddPunct(List<Token> tokens, int at)
    {
        tokens.Add(new Token(at, 1, TokenKind.Punct, TokenFlags.None));
    }

    internal static bool IsWordChar(char c) =>
        char.IsLetterOrDigit(c) || c == '_' || c == '%' || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark;
}
