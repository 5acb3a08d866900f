namespace IncidentBot.Slack.Inbound;

/// <summary>Splits <c>/postmortem draft</c> (a button's value, or a mention's text) into the command word and the rest.</summary>
internal static class CommandText
{
    public static readonly IReadOnlySet<string> KnownCommands = new HashSet<string>(StringComparer.Ordinal) { "incident", "postmortem" };

    public static bool TrySplit(string? text, out string command, out string rest)
    {
        command = string.Empty;
        rest = string.Empty;
        var trimmed = (text ?? string.Empty).Trim();
        if (trimmed.StartsWith('/'))
        {
            trimmed = trimmed[1..];
        }

        var space = trimmed.IndexOfAny([' ', '\t', '\n']);
        var word = (space < 0 ? trimmed : trimmed[..space]).ToLowerInvariant();
        if (!KnownCommands.Contains(word))
        {
            return false;
        }

        command = word;
        rest = space < 0 ? string.Empty : trimmed[(space + 1)..].Trim();
        return true;
    }
}
