using System.Text.Json.Nodes;

namespace IncidentBot.Host.Tests.Slack;

/// <summary>Interaction payloads shaped like bolt-python's <c>block_actions</c> fixture (team T111, channel C111, user W111).</summary>
internal static class Fixtures
{
    public static string BlockActions(string buttonValue, string triggerId = "111.222.valid") => new JsonObject
    {
        ["type"] = "block_actions",
        ["user"] = new JsonObject { ["id"] = "W111", ["username"] = "primary-owner", ["name"] = "primary-owner", ["team_id"] = "T111" },
        ["api_app_id"] = "A111",
        ["token"] = "verification_token",
        ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = "111.222", ["channel_id"] = "C111", ["is_ephemeral"] = false },
        ["trigger_id"] = triggerId,
        ["team"] = new JsonObject { ["id"] = "T111", ["domain"] = "workspace-domain" },
        ["channel"] = new JsonObject { ["id"] = "C111", ["name"] = "test-channel" },
        ["response_url"] = "https://hooks.slack.com/actions/T111/111/random-value",
        ["actions"] = new JsonArray(new JsonObject
        {
            ["action_id"] = "postmortem-draft",
            ["block_id"] = "b",
            ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Draft the postmortem", ["emoji"] = true },
            ["value"] = buttonValue,
            ["type"] = "button",
            ["action_ts"] = "1700000000.000001",
        }),
    }.ToJsonString();
}
