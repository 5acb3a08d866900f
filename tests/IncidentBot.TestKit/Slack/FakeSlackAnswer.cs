using System.Text.Json.Nodes;

namespace IncidentBot.TestKit.Slack;

/// <summary>
/// A scripted Web API answer: status, JSON body and an optional <c>Retry-After</c>. With <see cref="Accepts"/> the fake
/// does what the call asks (posts the message, shares the file) before answering, so a failure answer plays Slack
/// acting but the answer going wrong. Status <see cref="DroppedStatus"/> closes the connection without an answer.
/// </summary>
public sealed record FakeSlackAnswer(int Status, string Body, TimeSpan? RetryAfter = null)
{
    public const int DroppedStatus = 0;

    /// <summary>The call takes effect (a message is posted, a file shared) whatever the answer says.</summary>
    public bool Accepts { get; init; }

    /// <summary>Slack posts the message (or shares the file), then the answer is a 5xx from a proxy.</summary>
    public static FakeSlackAnswer ServerErrorAfterAccepting(int status = 500) => ServerError(status) with { Accepts = true };

    /// <summary>The connection breaks before any answer; nothing happened in Slack.</summary>
    public static FakeSlackAnswer Dropped() => new(DroppedStatus, string.Empty);

    /// <summary>Slack posts the message (or shares the file), then the connection breaks before the answer.</summary>
    public static FakeSlackAnswer DroppedAfterAccepting() => Dropped() with { Accepts = true };

    /// <summary>
    /// When set, the fake answers only once this task completes (or never, when the caller gives up first): a slow
    /// Slack whose answer the test releases. Null (the default) answers at once.
    /// </summary>
    public Task? HeldUntil { get; init; }

    /// <summary>The method's usual <c>ok:true</c> answer (the fake's default), held until <paramref name="release"/> completes.</summary>
    public static FakeSlackAnswer Held(Task release) => new(200, string.Empty) { HeldUntil = release };

    public static FakeSlackAnswer Ok(string json) => new(200, json);

    public static FakeSlackAnswer Ok(JsonObject json) => new(200, json.ToJsonString());

    /// <summary>Slack's usual failure: HTTP 200 with <c>ok:false</c>.</summary>
    public static FakeSlackAnswer Error(string error) => new(200, new JsonObject { ["ok"] = false, ["error"] = error }.ToJsonString());

    public static FakeSlackAnswer RateLimited(TimeSpan retryAfter) =>
        new(429, """{"ok":false,"error":"ratelimited"}""", retryAfter);

    public static FakeSlackAnswer ServerError(int status = 500) => new(status, "<html>upstream error</html>");
}
