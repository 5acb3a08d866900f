using IncidentBot.Core.Incidents;
using IncidentBot.Slack.WebApi;

namespace IncidentBot.Slack.Outbound;

/// <summary>
/// The workspace the bot token belongs to, learned with <c>auth.test</c> by the outbox worker. Core's
/// <c>IChatNotifier</c> names only a channel, so messages it queues are filed under this workspace (under
/// <see cref="UnknownTeam"/> until the worker has asked Slack). Messages that answer a request carry the request's team.
/// </summary>
internal sealed class SlackInstallation
{
    public const string UnknownTeam = "unknown";

    private volatile SlackIdentity? _identity;

    public SlackIdentity? Identity => _identity;

    public string TeamId => _identity?.TeamId ?? UnknownTeam;

    public string WorkspaceKey => Workspace.Key(Platform.Slack, TeamId);

    public void Learn(SlackIdentity identity) => _identity = identity;
}
