namespace IncidentBot.Slack;

/// <summary>The <c>Slack</c> configuration section (DESIGN §3). The platform is enabled when <see cref="BotToken"/> is set.</summary>
public sealed class SlackOptions
{
    public const string SectionName = "Slack";

    /// <summary>Verifies every inbound HTTP request. Required for HTTP delivery; optional in Socket Mode.</summary>
    public string? SigningSecret { get; set; }

    /// <summary><c>xoxb-…</c>, the bot token for the Web API.</summary>
    public string? BotToken { get; set; }

    /// <summary><c>xapp-…</c>, an app-level token with <c>connections:write</c>; when set, Socket Mode is used.</summary>
    public string? AppToken { get; set; }

    public string ApiBaseUrl { get; set; } = "https://slack.com/api/";

    /// <summary><c>declare</c> creates <c>#inc-&lt;n&gt;-&lt;slug&gt;</c>; false keeps the incident in the current channel.</summary>
    public bool CreateIncidentChannels { get; set; } = true;

    /// <summary>The reaction (name without colons) that adds a message to the key timeline.</summary>
    public string TimelineReaction { get; set; } = "pushpin";

    public bool Enabled => !string.IsNullOrWhiteSpace(BotToken);

    public bool SocketMode => Enabled && !string.IsNullOrWhiteSpace(AppToken);

    /// <summary><see cref="ApiBaseUrl"/> with the trailing slash <see cref="HttpClient.BaseAddress"/> needs.</summary>
    internal Uri ApiBaseUri => new(ApiBaseUrl.EndsWith('/') ? ApiBaseUrl : ApiBaseUrl + "/", UriKind.Absolute);
}
