using System.Text.Json.Nodes;

namespace IncidentBot.Slack.Rendering;

/// <summary>One Slack message: Block Kit blocks and the fallback <c>text</c> that notifications and screen readers use.</summary>
internal sealed record SlackMessage(string Text, JsonArray Blocks)
{
    /// <summary>The message as a JSON payload; a fresh copy each call, since a JSON node has one parent.</summary>
    public JsonObject ToPayload()
    {
        return new JsonObject
        {
            ["text"] = Text,
            ["blocks"] = Blocks.DeepClone(),
        };
    }
}
