using System.Text;
using System.Text.Json.Nodes;
using IncidentBot.Core.Commands;

namespace IncidentBot.Slack.Rendering;

/// <summary>
/// Core's neutral <see cref="Reply"/> as Block Kit, within Slack's limits: at most 50 blocks and about
/// 12,000 characters of block text per message (longer replies, such as a long timeline, become several
/// messages), 3,000 characters per section, 150 per header. Every piece of text from Core is escaped
/// (<see cref="Mrkdwn.Escape"/>), so user text cannot mention, link or notify. An <see cref="AttachmentBlock"/> becomes
/// a line saying where its file is: messages cannot carry files, so the outbox uploads it to the channel afterwards
/// (see <c>SlackOutbound.Files</c>); a private reply's file is shared with the channel announcement instead.
/// </summary>
internal static class SlackMessageRenderer
{
    public const int MaxBlocksPerMessage = 50;
    public const int MaxSectionText = 3000;
    public const int MaxHeaderText = 150;
    public const int MaxFieldText = 2000;
    public const int MaxFieldsPerSection = 10;
    public const int MaxButtonsPerBlock = 25;
    public const int MaxButtonText = 75;
    public const int MaxButtonValue = 2000;
    public const int MaxActionId = 255;
    public const int MaxFallbackText = 3000;

    /// <summary>Slack's limit for a button's <c>url</c>; links in text are kept to it too.</summary>
    public const int MaxLinkUrl = 3000;

    public const string ViewInBrowser = "View in browser";

    /// <summary>Slack rejects messages well before 50 full sections (<c>msg_blocks_too_long</c> near 13,200 characters).</summary>
    public const int MaxBlockTextPerMessage = 12_000;

    public static IReadOnlyList<SlackMessage> Render(Reply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var blocks = reply.Blocks.SelectMany(block => ToBlocks(block, reply.Visibility)).ToList();
        if (blocks.Count == 0)
        {
            blocks.Add(Section("…", string.Empty));
        }

        var messages = new List<SlackMessage>();
        var current = new List<Rendered>();
        var textLength = 0;
        foreach (var block in blocks)
        {
            if (current.Count > 0 && (current.Count == MaxBlocksPerMessage || textLength + block.TextLength > MaxBlockTextPerMessage))
            {
                messages.Add(ToMessage(current));
                current = [];
                textLength = 0;
            }

            current.Add(block);
            textLength += block.TextLength;
        }

        messages.Add(ToMessage(current));
        return messages;
    }

    private static SlackMessage ToMessage(List<Rendered> blocks)
    {
        var plain = string.Join('\n', blocks.Select(block => block.Plain).Where(text => text.Length > 0));
        var fallback = Mrkdwn.Truncate(Mrkdwn.Escape(plain.Length > 0 ? plain : "IncidentBot"), MaxFallbackText);
        return new SlackMessage(fallback, new JsonArray(blocks.Select(block => (JsonNode)block.Json).ToArray()));
    }

    private static IEnumerable<Rendered> ToBlocks(ReplyBlock block, ReplyVisibility visibility) => block switch
    {
        HeadingBlock heading => Header(heading.Text),
        TextBlock text => Sections(SplitLines(text.Text), text.Text),
        FieldsBlock fields => FieldSections(fields.Fields),
        ListBlock list => Sections(list.Items.Select(item => "• " + Mrkdwn.Escape(OneLine(item))), string.Join('\n', list.Items.Select(item => "• " + item))),
        TimelineBlock timeline => Timeline(timeline),
        ContextBlock context => Context(Mrkdwn.Escape(context.Text), context.Text),
        ErrorBlock error => Sections([":warning: " + Mrkdwn.Escape(error.Message)], error.Message),
        UsageBlock usage => Sections(["*Usage*", "```" + Mrkdwn.Escape(usage.Usage).Replace("```", "'''", StringComparison.Ordinal) + "```"], "Usage: " + usage.Usage),
        ActionsBlock actions => Actions(actions.Actions),
        AttachmentBlock attachment => Attachment(attachment, visibility),
        _ => [],
    };

    /// <summary>
    /// Where the attachment's file is, and with a public base URL configured (<see cref="AttachmentBlock.PageUrl"/>) a
    /// "View in browser" link to its web page: a mrkdwn link, so it needs no interaction endpoint (a URL button would
    /// still send one).
    /// </summary>
    private static IEnumerable<Rendered> Attachment(AttachmentBlock attachment, ReplyVisibility visibility)
    {
        var title = Mrkdwn.Escape(OneLine(attachment.Title));
        var file = Mrkdwn.Escape(OneLine(attachment.FileName)).Replace('`', '\'');
        var link = attachment.PageUrl is { Length: <= MaxLinkUrl } url ? Mrkdwn.Link(url, ViewInBrowser) : null;
        var (mrkdwn, plain) = visibility == ReplyVisibility.Private
            ? ($":page_facing_up: *{title}* (`{file}`) is shared as a file with the channel announcement.", $"{attachment.Title} ({attachment.FileName}) is shared as a file with the channel announcement.")
            : ($":page_facing_up: *{title}* follows in this channel as the file `{file}`.", $"{attachment.Title} follows as the file {attachment.FileName}.");
        return link is null
            ? Context(mrkdwn, plain)
            : Context($"{mrkdwn} {link}", $"{plain} {ViewInBrowser}: {attachment.PageUrl}");
    }

    private static IEnumerable<Rendered> Header(string text)
    {
        var plain = OneLine(text).Trim();
        if (plain.Length == 0)
        {
            yield break;
        }

        var header = Mrkdwn.Truncate(plain, MaxHeaderText);
        yield return new Rendered(
            new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = header, ["emoji"] = true } },
            header.Length,
            text);
    }

    /// <summary>Escaped lines packed into as few sections as the 3,000-character limit allows.</summary>
    private static IEnumerable<Rendered> Sections(IEnumerable<string> escapedLines, string plain)
    {
        var chunks = Chunk(escapedLines, MaxSectionText);
        for (var i = 0; i < chunks.Count; i++)
        {
            yield return Section(chunks[i], i == 0 ? plain : string.Empty);
        }
    }

    private static Rendered Section(string mrkdwn, string plain) => new(
        new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = mrkdwn } },
        mrkdwn.Length,
        plain);

    private static IEnumerable<Rendered> FieldSections(IReadOnlyList<ReplyField> fields)
    {
        foreach (var group in fields.Chunk(MaxFieldsPerSection))
        {
            var json = new JsonArray();
            var length = 0;
            foreach (var field in group)
            {
                var text = Mrkdwn.Truncate($"*{Mrkdwn.Escape(OneLine(field.Label))}*\n{Mrkdwn.Escape(field.Value)}", MaxFieldText);
                length += text.Length;
                json.Add(new JsonObject { ["type"] = "mrkdwn", ["text"] = text });
            }

            yield return new Rendered(
                new JsonObject { ["type"] = "section", ["fields"] = json },
                length,
                string.Join('\n', group.Select(field => $"{field.Label}: {field.Value}")));
        }
    }

    private static IEnumerable<Rendered> Timeline(TimelineBlock timeline)
    {
        var lines = timeline.Lines.Select(line =>
        {
            var text = new StringBuilder()
                .Append('`').Append(Mrkdwn.Escape(OneLine(line.When))).Append("` *")
                .Append(Mrkdwn.Escape(OneLine(line.Label))).Append("* ")
                .Append(Mrkdwn.Escape(OneLine(line.Text)))
                .Append(" — ").Append(Mrkdwn.Escape(OneLine(line.Author)));
            if (line.Edited)
            {
                text.Append(" _(edited)_");
            }

            if (Mrkdwn.Link(line.Link, "view") is { } link)
            {
                text.Append(" · ").Append(link);
            }

            return text.ToString();
        });

        foreach (var section in Sections(lines, ReplyText.Render(Reply.Private(timeline))))
        {
            yield return section;
        }

        foreach (var context in Context("Times in " + Mrkdwn.Escape(timeline.TimeZoneId), string.Empty))
        {
            yield return context;
        }
    }

    private static IEnumerable<Rendered> Context(string mrkdwn, string plain)
    {
        if (mrkdwn.Trim().Length == 0)
        {
            yield break;
        }

        var text = Mrkdwn.Truncate(mrkdwn, MaxSectionText);
        yield return new Rendered(
            new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = text }) },
            text.Length,
            plain);
    }

    private static IEnumerable<Rendered> Actions(IReadOnlyList<ReplyAction> actions)
    {
        var usable = actions.Where(action => action.CommandText.Length is > 0 and <= MaxButtonValue).ToList();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in usable.Chunk(MaxButtonsPerBlock))
        {
            var elements = new JsonArray();
            foreach (var action in group)
            {
                var id = Mrkdwn.Truncate(string.IsNullOrWhiteSpace(action.Id) ? "action" : action.Id, MaxActionId - 4);
                var unique = id;
                for (var n = 2; !ids.Add(unique); n++)
                {
                    unique = string.Concat(id, "-", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                elements.Add(new JsonObject
                {
                    ["type"] = "button",
                    ["action_id"] = unique,
                    ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Mrkdwn.Truncate(OneLine(action.Label), MaxButtonText), ["emoji"] = true },
                    ["value"] = action.CommandText,
                });
            }

            yield return new Rendered(
                new JsonObject { ["type"] = "actions", ["elements"] = elements },
                group.Sum(action => action.Label.Length),
                string.Join("  ", group.Select(action => $"[{action.Label}]")));
        }
    }

    private static string[] SplitLines(string text) =>
        Mrkdwn.Escape(text.Replace("\r\n", "\n", StringComparison.Ordinal)).Split('\n');

    private static string OneLine(string text) =>
        text.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    /// <summary>Packs lines into chunks of at most <paramref name="max"/> characters; a longer line is cut at safe points.</summary>
    internal static List<string> Chunk(IEnumerable<string> lines, int max)
    {
        var chunks = new List<string>();
        var current = new StringBuilder();
        foreach (var whole in lines)
        {
            var line = whole;
            while (line.Length > max)
            {
                Flush();
                var cut = Math.Max(Mrkdwn.SafeCut(line, max), 1);
                chunks.Add(line[..cut]);
                line = line[cut..];
            }

            if (current.Length > 0 && current.Length + 1 + line.Length > max)
            {
                Flush();
            }

            if (current.Length > 0)
            {
                current.Append('\n');
            }

            current.Append(line);
        }

        Flush();
        return chunks;

        void Flush()
        {
            if (current.ToString().Trim().Length > 0)
            {
                chunks.Add(current.ToString());
            }

            current.Clear();
        }
    }

    /// <param name="Plain">The unescaped text this block shows, for the message's fallback text.</param>
    private sealed record Rendered(JsonObject Json, int TextLength, string Plain);
}
