using IncidentBot.Core.Incidents;
using IncidentBot.Core.Postmortems;
using IncidentBot.Core.Timeline;

namespace IncidentBot.Core.Reviews;

/// <summary>Who took part in an incident, and who took a large part (and so should not facilitate its review).</summary>
public static class Participants
{
    /// <summary>A person with at least this share of the incident's timeline entries and messages is a heavy participant…</summary>
    public const double HeavyShare = 0.2;

    /// <summary>…provided they have at least this many (one message in a quiet incident is not heavy participation).</summary>
    public const int HeavyMinimum = 3;

    /// <summary>At most this many people are asked for their account; the most active first.</summary>
    public const int MaxAsked = 30;

    /// <summary>
    /// Everyone in the incident: who declared it, role holders, authors of timeline entries and channel messages,
    /// and people who added postmortem notes; the most active first, role holders before everyone else.
    /// </summary>
    public static IReadOnlyList<Person> Of(Incident incident, IReadOnlyList<TimelineEvent> timeline, IReadOnlyList<PostmortemNote> notes)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(notes);
        var activity = Activity(timeline);
        var people = new Dictionary<string, Person>(StringComparer.Ordinal);
        var order = new List<string>();
        void Add(Person? person)
        {
            if (person is not null && person.Id.Length > 0 && people.TryAdd(person.Id, person))
            {
                order.Add(person.Id);
            }
        }

        Add(incident.Commander);
        Add(incident.Comms);
        Add(incident.Scribe);
        Add(incident.DeclaredBy);
        foreach (var author in timeline.Where(e => !e.IsWithdrawn).Select(e => e.Author))
        {
            Add(author);
        }

        foreach (var note in notes.Where(n => n.WithdrawnAt is null))
        {
            Add(note.Author);
        }

        var roles = new[] { incident.Commander, incident.Comms, incident.Scribe }.Where(p => p is not null).Select(p => p!.Id).ToHashSet(StringComparer.Ordinal);
        return [.. order
            .Select((id, index) => (id, index))
            .OrderByDescending(p => roles.Contains(p.id))
            .ThenByDescending(p => activity.GetValueOrDefault(p.id))
            .ThenBy(p => p.index)
            .Take(MaxAsked)
            .Select(p => people[p.id])];
    }

    /// <summary>
    /// People too close to the incident to facilitate its review impartially: the role holders (commander, comms,
    /// scribe) and anyone with at least <see cref="HeavyShare"/> of its timeline entries and channel messages
    /// (and at least <see cref="HeavyMinimum"/> of them).
    /// </summary>
    public static IReadOnlySet<string> Heavy(Incident incident, IReadOnlyList<TimelineEvent> timeline)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(timeline);
        var heavy = new HashSet<string>(StringComparer.Ordinal);
        foreach (var holder in new[] { incident.Commander, incident.Comms, incident.Scribe })
        {
            if (holder is not null)
            {
                heavy.Add(holder.Id);
            }
        }

        var activity = Activity(timeline);
        var total = activity.Values.Sum();
        foreach (var (id, count) in activity)
        {
            if (count >= HeavyMinimum && count >= HeavyShare * total)
            {
                heavy.Add(id);
            }
        }

        return heavy;
    }

    private static Dictionary<string, int> Activity(IReadOnlyList<TimelineEvent> timeline)
    {
        var activity = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in timeline.Where(e => !e.IsWithdrawn && e.Kind != TimelineEventKind.Declared))
        {
            activity[e.Author.Id] = activity.GetValueOrDefault(e.Author.Id) + 1;
        }

        return activity;
    }
}
