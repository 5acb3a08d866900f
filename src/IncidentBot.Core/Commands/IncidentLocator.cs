using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;

namespace IncidentBot.Core.Commands;

/// <summary>Which incident a command is about: the one it names (INC-42), else the one living in its channel.</summary>
internal static class IncidentLocator
{
    public static async Task<Located> FindAsync(IIncidentStore store, ChatCommand command, int? number, string selectorHint, CancellationToken cancellationToken)
    {
        if (number is { } n)
        {
            var named = await store.FindByNumberAsync(command.Workspace, n, cancellationToken);
            return named is null
                ? new Located(null, Reply.Error($"There is no INC-{n} in this workspace.", "/incident list all"))
                : new Located(named, null);
        }

        var resident = await store.FindByChannelAsync(command.Workspace, command.Channel.Id, cancellationToken);
        return resident is null
            ? new Located(null, Reply.Error("This channel isn't an incident channel, so name the incident: INC-42 … (see /incident list).", selectorHint))
            : new Located(resident, null);
    }

    /// <summary>
    /// Posts <paramref name="announcement"/> where the incident lives: as the reply when the command came from
    /// the incident channel, otherwise as an announcement there with a private confirmation to the sender.
    /// </summary>
    public static CommandResult AnnounceInIncidentChannel(Incident incident, ChatCommand command, Reply announcement)
    {
        if (string.Equals(incident.Channel.Id, command.Channel.Id, StringComparison.Ordinal))
        {
            return CommandResult.Answer(announcement);
        }

        var confirmation = new Reply(ReplyVisibility.Private, [new TextBlock($"Done. Posted in #{incident.Channel.Name}:"), .. announcement.Blocks]);
        return new CommandResult(confirmation, [new Announcement(incident.Channel, announcement)]);
    }

    internal sealed record Located(Incident? Incident, Reply? Error);
}
