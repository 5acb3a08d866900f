using IncidentBot.Core.Ports;
using Microsoft.Extensions.Options;

namespace IncidentBot.Core.Commands;

/// <summary>Runs <c>/incident …</c> and <c>/postmortem …</c> commands from any platform.</summary>
public sealed class CommandService(
    IIncidentStore store,
    IEnumerable<IIncidentChannels> incidentChannels,
    IOptions<IncidentOptions> options,
    TimeProvider timeProvider)
{
    /// <summary>Never throws for bad input: every malformed or unknown command gets a usage reply.</summary>
    public Task<CommandResult> HandleAsync(ChatCommand command, CancellationToken cancellationToken)
    {
        _ = (store, incidentChannels, options, timeProvider, command, cancellationToken);
        throw new NotSupportedException("In progress on main.");
    }
}
