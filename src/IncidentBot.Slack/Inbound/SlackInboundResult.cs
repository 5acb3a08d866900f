using System.Text.Json;
using System.Text.Json.Nodes;

namespace IncidentBot.Slack.Inbound;

/// <summary>
/// How to answer one delivery, whichever transport brought it: the immediate answer (an HTTP body, or a Socket Mode
/// ack payload), and how many follow-up messages were queued in the outbox before it (the transport wakes the outbox
/// worker once the answer has gone out, so the person sees the answer first).
/// <see cref="Body"/> is the text of a <see cref="SlackAnswer.Text"/> or <see cref="SlackAnswer.BadRequest"/> answer,
/// <see cref="JsonBody"/> the UTF-8 JSON of a <see cref="SlackAnswer.Json"/> one.
/// </summary>
internal sealed record SlackInboundResult(SlackAnswer Answer, string? Body, int Queued)
{
    public static readonly SlackInboundResult Empty = new(SlackAnswer.Empty, null, 0);

    /// <summary>The same delivery is still being processed elsewhere: do not acknowledge, so Slack retries later.</summary>
    public static readonly SlackInboundResult Busy = new(SlackAnswer.Busy, null, 0);

    public byte[]? JsonBody { get; private init; }

    public static SlackInboundResult Json(JsonObject body, int queued = 0) => Json(JsonSerializer.SerializeToUtf8Bytes(body), queued);

    public static SlackInboundResult Json(byte[] utf8Json, int queued = 0) => new(SlackAnswer.Json, null, queued) { JsonBody = utf8Json };

    public static SlackInboundResult Text(string text) => new(SlackAnswer.Text, text, 0);

    public static SlackInboundResult BadRequest(string problem) => new(SlackAnswer.BadRequest, problem, 0);

    public static SlackInboundResult Later(int queued) => new(SlackAnswer.Empty, null, queued);
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

    /// <summary>503 over HTTP, no ack in Socket Mode: the same delivery is in progress, Slack should retry later.</summary>
    Busy,
}
