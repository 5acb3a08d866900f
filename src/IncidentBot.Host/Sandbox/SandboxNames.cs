using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace IncidentBot.Host.Sandbox;

/// <summary>Names in the sandbox: user ids from user names, channel names, incident channel names.</summary>
internal static partial class SandboxNames
{
    /// <summary>The one sandbox workspace.</summary>
    public const string WorkspaceId = "sandbox";

    public const int MaxUserNameLength = 40;
    public const int MaxChannelLength = 80;
    public const int MaxIncidentChannelLength = 40;

    /// <summary>A stable id for a user name: <c>Alice Smith</c> → <c>u-alice-smith</c>.</summary>
    public static string UserId(string userName) => "u-" + Slug(userName);

    /// <summary>A trimmed user name, or an error saying what is wrong with it.</summary>
    public static string? ValidateUserName(string? userName, out string trimmed)
    {
        trimmed = userName?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            return "A user name is required.";
        }

        if (trimmed.Length > MaxUserNameLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"A user name is at most {MaxUserNameLength} characters.");
        }

        if (trimmed.Any(char.IsControl))
        {
            return "A user name cannot contain control characters.";
        }

        return Slug(trimmed).Length == 0 ? "A user name needs at least one letter or digit." : null;
    }

    /// <summary>Like Slack: lowercase letters, digits, dashes and underscores, starting with a letter or digit.</summary>
    public static bool IsValidChannel(string? channel) =>
        channel is { Length: > 0 and <= MaxChannelLength } && ChannelPattern().IsMatch(channel);

    /// <summary><c>inc-7-db-latency</c>: the number and a slug of the title, at most 40 characters.</summary>
    public static string IncidentChannel(int number, string title)
    {
        var prefix = number > 0 ? string.Create(CultureInfo.InvariantCulture, $"inc-{number}") : "inc";
        var slug = Slug(title);
        if (slug.Length == 0)
        {
            return prefix;
        }

        var name = prefix + "-" + slug;
        if (name.Length <= MaxIncidentChannelLength)
        {
            return name;
        }

        // Cut at a word boundary when the title has one to cut at; a single long word is cut where it must be.
        var cut = name[..MaxIncidentChannelLength];
        var lastDash = cut.LastIndexOf('-');
        return name[MaxIncidentChannelLength] != '-' && lastDash > prefix.Length ? cut[..lastDash] : cut.TrimEnd('-');
    }

    /// <summary>Lowercase a-z, 0-9 and single dashes; accents are dropped (<c>Café Ünïcode!</c> → <c>cafe-unicode</c>).</summary>
    public static string Slug(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slug = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var lower = char.ToLowerInvariant(c);
            if (lower is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                slug.Append(lower);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().TrimEnd('-');
    }

    /// <summary>
    /// Like Slack, which hands mentions to the bot as <c>&lt;@U123|bob&gt;</c>: a typed <c>@bob</c> becomes a mention of
    /// the sandbox user bob (<c>&lt;@u-bob|bob&gt;</c>), so the bot knows the same person by the same id whether they type
    /// a command themselves or someone names them in one (their direct messages, "my" action items).
    /// </summary>
    public static string LinkMentions(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return MentionPattern().Replace(text, match =>
        {
            var name = match.Groups["name"].Value.TrimEnd('.', '-', '_');
            var rest = match.Groups["name"].Value[name.Length..];
            return Slug(name).Length == 0 ? match.Value : $"<@{UserId(name)}|{name}>{rest}";
        });
    }

    [GeneratedRegex(@"(?<![\w@<|.])@(?<name>[A-Za-z0-9][A-Za-z0-9._-]{0,39})(?![\w@])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex MentionPattern();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9_-]*\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ChannelPattern();
}
