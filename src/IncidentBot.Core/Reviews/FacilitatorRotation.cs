using IncidentBot.Core.Incidents;

namespace IncidentBot.Core.Reviews;

/// <summary>
/// Who to ask to facilitate next: the pool member who has served least recently (never-served members first, in
/// the order they joined), leaving out people too close to the incident and people who passed on this review.
/// Pure: the same pool and history always give the same order.
/// </summary>
public static class FacilitatorRotation
{
    public static IReadOnlyList<Person> Candidates(IReadOnlyList<PoolMember> pool, IReadOnlyList<Facilitation> history, IReadOnlySet<string> excluded)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(excluded);
        var served = history
            .GroupBy(f => f.Person.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new Service(g.Max(f => f.Since), g.Count()), StringComparer.Ordinal);
        var never = new Service(null, 0);
        return [.. pool
            .Where(m => !excluded.Contains(m.Person.Id))
            .Select(m => (Member: m, Served: served.GetValueOrDefault(m.Person.Id, never)))
            .OrderBy(m => m.Served.Last is null ? 0 : 1)
            .ThenBy(m => m.Served.Last ?? DateTimeOffset.MinValue)
            .ThenBy(m => m.Served.Count)
            .ThenBy(m => m.Member.AddedAt)
            .ThenBy(m => m.Member.Person.Id, StringComparer.Ordinal)
            .Select(m => m.Member.Person)];
    }

    private sealed record Service(DateTimeOffset? Last, int Count);
}
