using System.Text.RegularExpressions;
using IncidentBot.Core.Incidents;

namespace IncidentBot.Core.Commands.Parsing;

/// <summary>
/// People named in commands. Adapters hand mentions over as <c>&lt;@ID|name&gt;</c> or <c>&lt;@ID&gt;</c> (the form
/// Slack escapes them to); a bare <c>@name</c> is accepted too, with the name as its id.
/// </summary>
internal static partial class Mentions
{
    public static bool TryParse(string word, out Person person)
    {
        var match = MentionPattern().Match(word);
        if (match.Success)
        {
            var id = match.Groups["id"].Value;
            var name = match.Groups["name"].Success ? match.Groups["name"].Value : id;
            person = new Person(id, name);
            return true;
        }

        var bare = BarePattern().Match(word);
        if (bare.Success)
        {
            var name = bare.Groups["name"].Value;
            person = new Person(name.ToLowerInvariant(), name);
            return true;
        }

        person = new Person(string.Empty, string.Empty);
        return false;
    }

    [GeneratedRegex(@"^<@(?<id>[A-Za-z0-9._:-]{1,64})(?:\|(?<name>[^<>|]{1,80}))?>$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex MentionPattern();

    [GeneratedRegex(@"^@(?<name>[A-Za-z0-9][A-Za-z0-9._-]{0,79})$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex BarePattern();
}
