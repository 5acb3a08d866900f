using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;

namespace IncidentBot.Core.Ports;

/// <summary>Posts a message into a channel on one platform, outside any request's own response.</summary>
public interface IChatNotifier
{
    Platform Platform { get; }

    Task PostAsync(ChannelRef channel, Reply message, CancellationToken cancellationToken);
}
