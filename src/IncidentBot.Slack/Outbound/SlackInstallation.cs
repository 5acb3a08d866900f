using IncidentBot.Slack.WebApi;

namespace IncidentBot.Slack.Outbound;

/// <summary>
/// Who the bot token belongs to (workspace, bot user and bot id), learned with <c>auth.test</c> by the outbox
/// worker. The worker uses the bot id to recognise its own messages when it looks for one whose posting was
/// uncertain. Messages are filed under the workspace their caller names (a request's team, an incident's
/// workspace), never under this one.
/// </summary>
internal sealed class SlackInstallation
{
    private volatile SlackIdentity? _identity;

    public SlackIdentity? Identity => _identity;

    public void Learn(SlackIdentity identity) => _identity = identity;
}
