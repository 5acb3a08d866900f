using System.Text.Json.Nodes;
using IncidentBot.Slack.Outbound;

namespace IncidentBot.Slack.Inbound;

/// <summary>
/// How to answer one delivery, whichever transport brought it: the immediate answer (an HTTP body, or a
/// Socket Mode ack payload) and the messages to post once it has gone out.
/// </summary>
internal sealed record SlackInboundResult(SlackAnswer Answer, string? Body, IReadOnlyList<SlackOutboundMessage> FollowUps)
{
    public static readonly SlackInboundResult Empty = new(SlackAnswer.Empty, null, []);

    public static SlackInboundResult Json(JsonObject body, IReadOnlyList<SlackOutboundMessage>? followUps = null) =>
        new(SlackAnswer.Json, body.ToJsonString(), followUps ?? []);

    public static SlackInboundResult Text(string text) => new(SlackAnswer.Text, text, []);

    public static SlackInboundResult BadRequest(string problem) => new(SlackAnswer.BadRequest, problem, []);

    public static SlackInboundResult Later(IReadOnlyList<SlackOutboundMessage> followUps) => new(SlackAnswer.Empty, null, followUps);
}

internal enum SlackAnswer
{
    /// <summary>200 with no body (closes a modal, acknowledges an event).</summary>
    Empty,

    /// <summary>200 with a JSON body (a slash command's message, a modal's errors).</summary>
    Json,

    /// <summary>200 with a plain-text body (the url_verification challenge).</summary>
    Text,

    /// <summary>400: the payload is not something Slack sends.</summary>
    BadRequest,
}
