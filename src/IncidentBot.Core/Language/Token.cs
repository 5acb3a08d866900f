using System.Runtime.InteropServices;

namespace IncidentBot.Core.Language;

internal enum TokenKind : byte
{
    /// <summary>A word, number or hyphenated/dotted compound ("on-call", "orders.created_at", "didn't").</summary>
    Word,

    /// <summary>A chat mention: Slack <c>&lt;@U123&gt;</c> / <c>&lt;@U123|name&gt;</c> or a plain <c>@name</c>.</summary>
    Mention,

    /// <summary>Quoted or code text (backticks, double quotes, links): never analysed, behaves like an opaque system noun.</summary>
    Code,

    /// <summary>Clause punctuation (comma, colon, semicolon, brackets, dashes).</summary>
    Punct,
}

[Flags]
internal enum TokenFlags : byte
{
    None = 0,
    Capitalised = 1,
    AllCaps = 2,
    SentenceInitial = 4,
    Possessive = 8,
}

/// <summary>A token of one sentence: a range of the original text plus what the tokenizer learned about it.</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct Token(int Start, int Length, TokenKind Kind, TokenFlags Flags)
{
    public int End => Start + Length;

    public bool Has(TokenFlags flag) => (Flags & flag) == flag;
}
