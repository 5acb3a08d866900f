namespace IncidentBot.Core.Language;

/// <summary>
/// One piece of blame-driven language in a text.
/// <paramref name="Start"/> and <paramref name="Length"/> locate <paramref name="Matched"/> in the analysed text (UTF-16 offsets).
/// <paramref name="Suggestion"/> is a concrete systemic reframe for this particular phrasing.
/// </summary>
public sealed record BlameFinding(
    BlameCategory Category,
    int Start,
    int Length,
    string Matched,
    string Explanation,
    string Suggestion);
