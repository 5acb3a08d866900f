using System.Text.Json.Nodes;

namespace IncidentBot.TestKit.Slack;

/// <summary>A scripted Web API answer: status, JSON body and an optional <c>Retry-After</c>.</summary>
public sealed record FakeSlackAnswer(int Status, string Body, TimeSpan? RetryAfter = null)
{
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
