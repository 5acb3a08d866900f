using IncidentBot.Core.Incidents;

namespace IncidentBot.Storage.Incidents;

/// <summary>
/// Which incident each channel hosts, remembered between commands. Every slash command and every captured message first
/// asks this, and on SQLite the read cost more than the rest of a command. Only a process that is the database's one
/// writer may remember (SQLite: one process per file, DESIGN §8); on PostgreSQL replicas change incidents behind each
/// other's backs, so nothing is kept there. Every write of an incident row forgets what this workspace's channels
/// hosted, after the write has committed; a read that began before such a write is not remembered (the generation moved).
/// </summary>
internal sealed class ChannelIncidentCache
{
    /// <summary>Channels remembered at most; past it the cache starts again empty (incident channels are few).</summary>
    public const int MaxEntries = 4096;

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Workspace, string Channel), Incident> _byChannel = [];
    private long _generation;

    public long Generation
    {
        get
        {
            lock (_gate)
            {
                return _generation;
            }
        }
    }

    public bool TryGet(string workspace, string channelId, out Incident incident)
    {
        lock (_gate)
        {
            return _byChannel.TryGetValue((workspace, channelId), out incident!);
        }
    }

    /// <summary>Remembers what a read found, unless an incident was written since the read began (<paramref name="readAtGeneration"/>).</summary>
    public void Remember(string workspace, string channelId, Incident incident, long readAtGeneration)
    {
        lock (_gate)
        {
            if (readAtGeneration != _generation)
            {
                return;
            }

            if (_byChannel.Count >= MaxEntries)
            {
                _byChannel.Clear();
            }

            _byChannel[(workspace, channelId)] = incident;
        }
    }

    /// <summary>An incident of <paramref name="workspace"/> was written: its channels' answers may have changed.</summary>
    public void Forget(string workspace)
    {
        lock (_gate)
        {
            _generation++;
            foreach (var key in _byChannel.Keys.Where(key => key.Workspace == workspace).ToList())
            {
                _byChannel.Remove(key);
            }
        }
    }
}
