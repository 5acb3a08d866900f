using System.Text;
using IncidentBot.Core.Commands;
using IncidentBot.Host.Web;

namespace IncidentBot.Host.Sandbox;

/// <summary>
/// Renders a <see cref="Reply"/> as the sandbox's Markdown. All text in a reply is plain, so every piece of
/// it is escaped: nothing a person typed can become a link, HTML, emphasis, a heading, a list or a table cell
/// boundary. Only this renderer adds structure, and only links it builds itself (actions, timeline links).
/// </summary>
internal static class SandboxMarkdown
{
    /// <summary>Actions link here; the page runs the command instead of following the link.</summary>
    public const string CommandLinkPrefix = "#cmd=";

    public static string Render(Reply reply) => Render(reply, echo: null);

    /// <param name="echo">The command as typed, shown above the reply like Slack shows who ran a command.</param>
    public static string Render(Reply reply, SandboxEcho? echo)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var blocks = new List<string>();
        if (echo is not null)
        {
            blocks.Add($"*{Escape(echo.UserName)} ran* {CodeSpan(echo.CommandText)}");
        }

        // Two lists in a row with the same bullet would merge into one (loose) list: alternate the bullet.
        var bullet = '-';
        foreach (var block in reply.Blocks)
        {
            var rendered = RenderBlock(block, bullet);
            if (rendered.Length > 0)
            {
                blocks.Add(rendered);
                bullet = block is FieldsBlock or ListBlock ? (bullet == '-' ? '*' : '-') : bullet;
            }
        }

        return string.Join("\n\n", blocks);
    }

    private static string RenderBlock(ReplyBlock block, char bullet) => block switch
    {
        HeadingBlock heading => "### " + Escape(heading.Text),
        TextBlock text => Paragraph(text.Text),
        FieldsBlock fields => string.Join('\n', fields.Fields.Select(field => $"{bullet} **{Escape(field.Label)}:** {Escape(field.Value)}")),
        ListBlock list => string.Join('\n', list.Items.Select(item => $"{bullet} {Escape(item)}")),
        TimelineBlock timeline => Timeline(timeline),
        ContextBlock context => Emphasis(context.Text),
        ErrorBlock error => string.Join('\n', Lines(error.Message).Select((line, i) => i == 0 ? "> ⚠️ " + Escape(line) : "> " + Escape(line))),
        UsageBlock usage => Usage(usage.Usage),
        ActionsBlock actions => string.Join(' ', actions.Actions.Select(action =>
            $"[{Escape(action.Label)}]({CommandLinkPrefix}{Uri.EscapeDataString(action.CommandText)})")),

        // Files are stored beside the message and shown as file chips (SandboxChatNotifier, the page script).
        AttachmentBlock => string.Empty,
        _ => string.Empty,
    };

    private static string Timeline(TimelineBlock timeline)
    {
        if (timeline.Lines.Count == 0)
        {
            return Emphasis("No timeline events yet.");
        }

        var table = new StringBuilder("| When (").Append(Escape(timeline.TimeZoneId)).Append(") | Event | Who | What |\n|---|---|---|---|\n");
        foreach (var line in timeline.Lines)
        {
            table.Append("| ").Append(Escape(line.When))
                .Append(" | ").Append(Escape(line.Label))
                .Append(" | ").Append(Escape(line.Author))
                .Append(" | ").Append(Escape(line.Text));
            if (line.Edited)
            {
                table.Append(" *(edited)*");
            }

            if (SafeLink(line.Link) is { } link)
            {
                table.Append(" [↗](").Append(link).Append(')');
            }

            table.Append(" |\n");
        }

        return table.ToString().TrimEnd('\n');
    }

    private static string Usage(string usage)
    {
        var lines = Lines(usage).ToList();
        if (lines.Count <= 1)
        {
            return "**Usage:** " + CodeSpan(usage.Trim());
        }

        var fence = new string('`', Math.Max(3, LongestRun(usage, '`') + 1));
        return $"**Usage:**\n\n{fence}\n{string.Join('\n', lines)}\n{fence}";
    }

    private static string Paragraph(string text) =>
        string.Join("\\\n", Lines(text).Select(Escape));

    private static string Emphasis(string text)
    {
        var escaped = Escape(text);
        return escaped.Length == 0 ? string.Empty : "*" + escaped + "*";
    }

    /// <summary>A code span whose fence is longer than any run of backticks inside it, so it cannot be closed early.</summary>
    internal static string CodeSpan(string text)
    {
        var flat = string.Join(' ', Lines(text));
        if (flat.Length == 0)
        {
            return string.Empty;
        }

        var fence = new string('`', LongestRun(flat, '`') + 1);
        var pad = flat.StartsWith('`') || flat.EndsWith('`') ? " " : string.Empty;
        return fence + pad + flat + pad + fence;
    }

    /// <summary>
    /// Plain text → Markdown inline text that reads as the same characters: every ASCII punctuation character
    /// is backslash-escaped (CommonMark allows that for all of them), line breaks and tabs become spaces, and
    /// leading or trailing whitespace goes (it could otherwise start an indented code block).
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text.Trim())
        {
            if (c is '\r' or '\n' or '\t' || char.IsControl(c))
            {
                escaped.Append(' ');
            }
            else if (char.IsAsciiLetterOrDigit(c) || c == ' ' || c > '\u007f')
            {
                escaped.Append(c);
            }
            else
            {
                escaped.Append('\\').Append(c);
            }
        }

        return escaped.ToString();
    }

    /// <summary>Only absolute http(s) links and site-relative paths; anything else (javascript:, data:, //host) is dropped.</summary>
    internal static string? SafeLink(string? link) => MarkdownHtml.SafeLink(link);

    private static IEnumerable<string> Lines(string text) =>
        text.ReplaceLineEndings("\n").Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0);

    private static int LongestRun(string text, char c)
    {
        int longest = 0, run = 0;
        foreach (var ch in text)
        {
            run = ch == c ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }
}

/// <summary>Who ran which command, for the line above a command's reply.</summary>
internal sealed record SandboxEcho(string UserName, string CommandText);
