using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;

namespace IncidentBot.Host.Sandbox;

/// <summary>
/// Like Slack's <c>#inc-7-db-latency</c>: a declared incident gets a channel of its own, so the declaration is
/// announced where it was typed and the incident is worked in the new channel. A sandbox channel exists once
/// it has a message, so the bot opens it with one.
/// </summary>
internal sealed class SandboxIncidentChannels(SandboxChatNotifier notifier) : IIncidentChannels
{
    public Platform Platform => Platform.Sandbox;

    /// <summary>Every incident gets a channel of its own.</summary>
    public bool OpensNewChannels => true;

    public async Task<ChannelRef> OpenIncidentChannelAsync(ChatCommand command, Incident incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(incident);
        var name = SandboxNames.IncidentChannel(incident.Number, incident.Title);
        var channel = new ChannelRef(Platform.Sandbox, name, name);
        var opening = Reply.InChannel(new ContextBlock(
            $"#{name} was created by {command.User.Name} for {incident.Title}, declared in #{command.Channel.Name}."));
        await notifier.PostMessageAsync(channel.Id, opening, visibleTo: null, echo: null, cancellationToken).ConfigureAwait(false);
        return channel;
    }
}
