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

    /// <summary>The <c>metadata.event_type</c> of every message the outbox posts.</summary>
    public const string OutboxEventType = "incidentbot_outbox";

    /// <summary>
    /// A stored <c>chat.postMessage</c> body with message metadata naming the outbox message
    /// (<c>{"event_type":"incidentbot_outbox","event_payload":{"id":"…"}}</c>), so that after an attempt whose outcome
    /// was lost the message can be found in the channel's history instead of being posted twice. Posting metadata
    /// needs no extra scope.
    /// </summary>
    public static string WithOutboxMetadata(string postMessageJson, string outboxId)
    {
        ArgumentException.ThrowIfNullOrEmpty(outboxId);
        var body = JsonNode.Parse(postMessageJson)?.AsObject() ?? throw new System.Text.Json.JsonException("The stored message is not a JSON object.");
        body["metadata"] = new JsonObject
        {
            ["event_type"] = OutboxEventType,
            ["event_payload"] = new JsonObject { ["id"] = outboxId },
        };
        return body.ToJsonString();
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
