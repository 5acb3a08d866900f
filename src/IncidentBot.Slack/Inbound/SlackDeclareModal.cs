using System.Text.Json;
using System.Text.Json.Nodes;

namespace IncidentBot.Slack.Inbound;

/// <summary>
/// The modal <c>/incident declare</c> without a title opens: title, severity, summary. The channel it was
/// opened from travels in <c>private_metadata</c> so the submission knows where the incident was declared.
/// </summary>
internal static class SlackDeclareModal
{
    public const string CallbackId = "incident_declare";
    public const string TitleBlock = "title";
    public const string SeverityBlock = "severity";
    public const string SummaryBlock = "summary";

    public static JsonObject Build(string channelId, string channelName)
    {
        var metadata = new JsonObject { ["channel_id"] = channelId, ["channel_name"] = channelName };
        return new JsonObject
        {
            ["type"] = "modal",
            ["callback_id"] = CallbackId,
            ["private_metadata"] = metadata.ToJsonString(),
            ["title"] = PlainText("Declare an incident"),
            ["submit"] = PlainText("Declare"),
            ["close"] = PlainText("Cancel"),
            ["blocks"] = new JsonArray(
                Input(TitleBlock, "Title", new JsonObject
                {
                    ["type"] = "plain_text_input",
                    ["action_id"] = TitleBlock,
                    ["max_length"] = 150,
                    ["placeholder"] = PlainText("Checkout latency above 2 s"),
                }),
                Input(SeverityBlock, "Severity", new JsonObject
                {
                    ["type"] = "static_select",
                    ["action_id"] = SeverityBlock,
                    ["initial_option"] = Option("sev3", "SEV3 (minor)"),
                    ["options"] = new JsonArray(
                        Option("sev1", "SEV1 (critical)"),
                        Option("sev2", "SEV2 (major)"),
                        Option("sev3", "SEV3 (minor)"),
                        Option("sev4", "SEV4 (low)")),
                }),
                Input(SummaryBlock, "Summary", new JsonObject
                {
                    ["type"] = "plain_text_input",
                    ["action_id"] = SummaryBlock,
                    ["multiline"] = true,
                    ["max_length"] = 3000,
                }, optional: true)),
        };
    }

    public static DeclareForm Read(JsonElement view)
    {
        var values = view.Object("state")?.Object("values");
        var title = values?.Object(TitleBlock)?.Object(TitleBlock)?.String("value");
        var severity = values?.Object(SeverityBlock)?.Object(SeverityBlock)?.Object("selected_option")?.String("value");
        var summary = values?.Object(SummaryBlock)?.Object(SummaryBlock)?.String("value");
        if (severity is not null && severity is not ("sev1" or "sev2" or "sev3" or "sev4"))
        {
            throw new SlackPayloadException("The declare modal's severity is not one it offers.");
        }

        string? channelId = null;
        string? channelName = null;
        if (view.String("private_metadata") is { Length: > 0 } metadata)
        {
            try
            {
                using var document = JsonDocument.Parse(metadata);
                channelId = document.RootElement.String("channel_id");
                channelName = document.RootElement.String("channel_name");
            }
            catch (JsonException exception)
            {
                throw new SlackPayloadException("The declare modal's private_metadata is not ours.", exception);
            }
        }

        if (string.IsNullOrEmpty(channelId))
        {
            throw new SlackPayloadException("The declare modal does not name the channel it was opened from.");
        }

        return new DeclareForm(title, severity, summary, channelId, channelName ?? channelId);
    }

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text };

    private static JsonObject Option(string value, string text) => new() { ["text"] = PlainText(text), ["value"] = value };

    private static JsonObject Input(string blockId, string label, JsonObject element, bool optional = false) => new()
    {
        ["type"] = "input",
        ["block_id"] = blockId,
        ["label"] = PlainText(label),
        ["optional"] = optional,
        ["element"] = element,
    };
}

internal sealed record DeclareForm(string? Title, string? Severity, string? Summary, string ChannelId, string ChannelName);
