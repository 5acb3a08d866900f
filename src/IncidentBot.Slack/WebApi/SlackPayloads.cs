using System.Text.Json.Nodes;
using IncidentBot.Slack.Rendering;

namespace IncidentBot.Slack.WebApi;

/// <summary>
/// Request bodies of the Web API methods that post messages, built in one place so that a message posted at once
/// and one stored in the outbox (as the JSON it will send) are the same.
/// </summary>
internal static class SlackPayloads
{
    public static JsonObject PostMessage(string channel, SlackMessage message, string? threadTs)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = message.ToPayload();
        body["channel"] = channel;
        body["unfurl_links"] = false;
        body["unfurl_media"] = false;
        if (threadTs is not null)
        {
            body["thread_ts"] = threadTs;
        }

        return body;
    }

    public static JsonObject PostEphemeral(string channel, string user, SlackMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = message.ToPayload();
        body["channel"] = channel;
        body["user"] = user;
        return body;
    }
}
