using System.Text;

namespace IncidentBot.Core.Commands;

/// <summary>Plain-text rendering of a <see cref="Reply"/>.</summary>
public static class ReplyText
{
    public static string Render(Reply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var text = new StringBuilder();
        foreach (var block in reply.Blocks)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            Append(text, block);
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, ReplyBlock block)
    {
        switch (block)
        {
            case HeadingBlock heading:
                text.Append(heading.Text);
                break;
            case TextBlock paragraph:
                text.Append(paragraph.Text);
                break;
            case FieldsBlock fields:
                text.AppendJoin('\n', fields.Fields.Select(field => $"{field.Label}: {field.Value}"));
                break;
            case ListBlock list:
                text.AppendJoin('\n', list.Items.Select(item => "• " + item));
                break;
            case TimelineBlock timeline:
                text.AppendJoin('\n', timeline.Lines.Select(line =>
                    $"{line.When}  {line.Label}  {line.Text} ({line.Author}){(line.Edited ? " (edited)" : string.Empty)}"));
                break;
            case ContextBlock context:
                text.Append(context.Text);
                break;
            case ErrorBlock error:
                text.Append(error.Message);
                break;
            case UsageBlock usage:
                text.Append("Usage: ").Append(usage.Usage);
                break;
            case AttachmentBlock attachment:
                text.Append("[attachment: ").Append(attachment.FileName).Append(']');
                break;
            case ActionsBlock actions:
                text.AppendJoin("  ", actions.Actions.Select(action => $"[{action.Label}: {action.CommandText}]"));
                break;
            default:
                break;
        }
    }
}
