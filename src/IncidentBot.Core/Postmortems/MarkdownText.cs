using System.Text;

namespace IncidentBot.Core.Postmortems;

/// <summary>
/// Escapes captured text for Markdown so nothing people typed can change the document's structure: no
/// headings, lists, tables, links, images, HTML or emphasis, whatever the message said.
/// </summary>
public static class MarkdownText
{
    // Characters with meaning anywhere in a line. Parentheses and colons stay: without brackets no link can
    // form, and a bare URL showing itself is not a disguise.
    private const string Special = "\\`*_{}[]<>#|~&";

    /// <summary>One line of text: line breaks become spaces; safe in paragraphs, list items and table cells.</summary>
    public static string Inline(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var escaped = new StringBuilder(text.Length + 16);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (c is '\r' or '\n' or '\t' || char.IsControl(c))
            {
                pendingSpace = escaped.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                escaped.Append(' ');
                pendingSpace = false;
            }

            if (Special.Contains(c, StringComparison.Ordinal))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return EscapeLineStart(escaped.ToString().Trim());
    }

    /// <summary>A line must not start a list, a setext underline or a thematic break: "- x", "+ x", "= x", "1. x", "2) x".</summary>
    private static string EscapeLineStart(string line)
    {
        if (line.Length == 0)
        {
            return line;
        }

        if (line[0] is '-' or '+' or '=')
        {
            return "\\" + line;
        }

        var digits = 0;
        while (digits < line.Length && char.IsAsciiDigit(line[digits]))
        {
            digits++;
        }

        return digits > 0 && digits < line.Length && line[digits] is '.' or ')'
            ? string.Concat(line.AsSpan(0, digits), "\\", line.AsSpan(digits))
            : line;
    }

    /// <summary>Several lines, kept as lines (hard breaks), each escaped as <see cref="Inline"/>.</summary>
    public static string Block(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var lines = text.ReplaceLineEndings("\n").Split('\n')
            .Select(Inline)
            .Where(line => line.Length > 0);
        return string.Join("\\\n", lines);
    }
}
