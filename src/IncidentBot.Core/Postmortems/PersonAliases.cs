using System.Text.RegularExpressions;
using IncidentBot.Core.Incidents;

namespace IncidentBot.Core.Postmortems;

/// <summary>
/// Names shown in a draft. Normally people's own names; for sharing beyond the team, their incident roles
/// ("Incident commander") or a stable "Responder A", "Responder B" in order of first appearance.
/// </summary>
internal sealed partial class PersonAliases
{
    private readonly Dictionary<string, string> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly bool _replace;
    private Regex? _namePattern;
    private int _responders;

    private PersonAliases(bool replace) => _replace = replace;

    public static PersonAliases Build(PostmortemMaterial material, bool replace)
    {
        var aliases = new PersonAliases(replace);
        if (!replace)
        {
            return aliases;
        }

        var incident = material.Incident;
        aliases.Assign(incident.Commander, "Incident commander");
        aliases.Assign(incident.Comms, "Comms lead");
        aliases.Assign(incident.Scribe, "Scribe");
        aliases.Assign(material.Review?.Facilitator, "Facilitator");
        aliases.Assign(incident.DeclaredBy, null);
        foreach (var timelineEvent in material.Timeline.Order(Timeline.TimelineOrder.Instance))
        {
            aliases.Assign(timelineEvent.Author, null);
        }

        foreach (var note in material.Notes)
        {
            aliases.Assign(note.Author, null);
        }

        foreach (var item in material.ActionItems)
        {
            aliases.Assign(item.Owner, null);
            aliases.Assign(item.CreatedBy, null);
        }

        var names = aliases._byName.Keys.Where(n => n.Length >= 2).OrderByDescending(n => n.Length).Select(Regex.Escape).ToList();
        if (names.Count > 0)
        {
            aliases._namePattern = new Regex(
                $@"<@[^>|]+(?:\|[^>]*)?>|@?\b(?:{string.Join('|', names)})\b",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
                TimeSpan.FromSeconds(1));
        }

        return aliases;
    }

    public string Name(Person? person)
    {
        if (person is null)
        {
            return string.Empty;
        }

        return _replace && _byId.TryGetValue(person.Id, out var alias) ? alias : person.Name;
    }

    /// <summary>Replaces names and mentions in free text when names are being replaced.</summary>
    public string Text(string text)
    {
        if (!_replace || _namePattern is null)
        {
            return text;
        }

        return _namePattern.Replace(text, match =>
        {
            var value = match.Value;
            var mention = MentionPattern().Match(value);
            if (mention.Success)
            {
                return _byId.TryGetValue(mention.Groups["id"].Value, out var byId) ? byId : "a responder";
            }

            return _byName.TryGetValue(value.TrimStart('@'), out var alias) ? alias : value;
        });
    }

    private void Assign(Person? person, string? role)
    {
        if (person is null || _byId.ContainsKey(person.Id))
        {
            return;
        }

        var alias = role ?? $"Responder {ResponderLetter(_responders++)}";
        _byId[person.Id] = alias;
        _byName.TryAdd(person.Name, alias);
    }

    private static string ResponderLetter(int index) =>
        index < 26 ? ((char)('A' + index)).ToString() : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{(char)('A' + (index % 26))}{index / 26}");

    [GeneratedRegex(@"^<@(?<id>[^>|]+)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex MentionPattern();
}
