using IncidentBot.Slack.WebApi;

namespace IncidentBot.Slack.Outbound;

/// <summary>
/// Who the bot token belongs to (workspace, bot user and bot id), learned once with <c>auth.test</c>. The outbox
/// worker uses the bot id to recognise its own messages when it looks for one whose posting was uncertain; the
/// incident channels use the bot user to recognise channels the bot made. Messages are filed under the workspace their
/// caller names (a request's team, an incident's workspace), never under this one.
/// </summary>
internal sealed class SlackInstallation
{
    private volatile SlackIdentity? _identity;

    public SlackIdentity? Identity => _identity;

    public void Learn(SlackIdentity identity) => _identity = identity;

    /// <summary>The identity learned already, or asked of <paramref name="api"/> (and learned) the first time.</summary>
    public async Task<SlackIdentity> IdentityAsync(SlackApiClient api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        if (_identity is { } known)
        {
            return known;
        }

        var identity = await api.AuthTestAsync(cancellationToken);
        Learn(identity);
        return identity;
    }
}
