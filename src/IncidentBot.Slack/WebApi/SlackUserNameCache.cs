using System.Collections.Concurrent;

namespace IncidentBot.Slack.WebApi;

/// <summary>
/// Display names from <c>users.info</c>, kept for <see cref="Ttl"/> (measured with <see cref="TimeProvider"/>) so
/// that capturing a busy incident channel does not call Slack for every message.
/// </summary>
internal sealed class SlackUserNameCache(TimeProvider timeProvider)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromHours(1);
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public bool TryGet(string userId, out string name)
    {
        if (_entries.TryGetValue(userId, out var entry) && entry.ExpiresAt > timeProvider.GetUtcNow())
        {
            name = entry.Name;
            return true;
        }

        name = string.Empty;
        return false;
    }

    public void Set(string userId, string name)
    {
        var now = timeProvider.GetUtcNow();
        if (_entries.Count >= MaxEntries)
        {
            foreach (var stale in _entries.Where(pair => pair.Value.ExpiresAt <= now).Select(pair => pair.Key).ToList())
            {
                _entries.TryRemove(stale, out _);
            }

            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }
        }

        _entries[userId] = new Entry(name, now + Ttl);
    }

    private sealed record Entry(string Name, DateTimeOffset ExpiresAt);
}
