using System.Buffers;
using System.Text.Json;
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

    /// <summary>
    /// The message as a slash command's or an interaction's answer, written straight to UTF-8: no copy of the blocks
    /// and no string on the way, since every command is answered with one.
    /// </summary>
    public byte[] ToResponseUtf8(string responseType)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("text"u8, Text);
            writer.WritePropertyName("blocks"u8);
            Blocks.WriteTo(writer);
            writer.WriteString("response_type"u8, responseType);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
