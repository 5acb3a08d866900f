using System.Text.Json;

namespace IncidentBot.Slack.Inbound;

/// <summary>Tolerant readers for Slack's JSON: absent or mistyped optional fields read as null, required ones throw <see cref="SlackPayloadException"/>.</summary>
internal static class Json
{
    public static JsonElement? Object(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : null;

    public static JsonElement? Array(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value
            : null;

    public static string? String(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static string RequiredString(this JsonElement element, string name, string where) =>
        element.String(name) is { Length: > 0 } value
            ? value
            : throw new SlackPayloadException($"{where} has no '{name}'.");

    public static bool Bool(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    public static long? Long(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : null;

    /// <summary>Parses a whole payload; anything that is not one JSON object is a <see cref="SlackPayloadException"/>.</summary>
    public static JsonDocument ParseObject(ReadOnlyMemory<byte> utf8, string what)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException exception)
        {
            throw new SlackPayloadException($"{what} is not valid JSON.", exception);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new SlackPayloadException($"{what} is not a JSON object.");
        }

        return document;
    }
}
