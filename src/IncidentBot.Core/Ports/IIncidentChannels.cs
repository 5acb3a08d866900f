using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;

namespace IncidentBot.Core.Ports;

/// <summary>
/// Decides where a newly declared incident lives, per platform: a new channel (<c>#inc-7-db-latency</c>) or
/// the channel it was declared in. Platforms without an implementation use the current channel.
/// </summary>
public interface IIncidentChannels
{
    Platform Platform { get; }

    /// <summary>
    /// True when <see cref="OpenIncidentChannelAsync"/> makes a new channel for each incident; false when the
    /// incident lives where it was declared (then one channel can host only one open incident at a time).
    /// </summary>
    bool OpensNewChannels { get; }

    Task<ChannelRef> OpenIncidentChannelAsync(ChatCommand command, Incident incident, CancellationToken cancellationToken);
}
