using System.Text.Json;
using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;

namespace IncidentBot.Slack.Inbound;

/// <summary>
/// Reads interactivity payloads (the form field <c>payload</c> over HTTP, the envelope's <c>payload</c> in
/// Socket Mode): <c>block_actions</c> buttons carry a command as their value; <c>view_submission</c> of the
/// declare modal becomes <c>/incident declare</c>. Other kinds (shortcuts, menus, closed views) are ignored.
/// </summary>
internal static class SlackInteractionParser
{
    public static SlackInteraction Parse(JsonElement payload, DateTimeOffset receivedAt)
    {
        var type = payload.RequiredString("type", "The interaction payload");
        return type switch
        {
            "block_actions" => ParseBlockActions(payload, receivedAt),
            "view_submission" => ParseViewSubmission(payload, receivedAt),
            _ => new IgnoredInteraction($"interaction type '{type}'"),
        };
    }

    private static SlackInteraction ParseBlockActions(JsonElement payload, DateTimeOffset receivedAt)
    {
        var action = payload.Array("actions") is { } actions && actions.GetArrayLength() > 0
            ? actions[0]
            : throw new SlackPayloadException("block_actions has no 'actions'.");
        if (action.String("type") != "button")
        {
            return new IgnoredInteraction($"action type '{action.String("type")}'");
        }

        if (!CommandText.TrySplit(action.String("value"), out var command, out var text))
        {
            return new IgnoredInteraction("button without a command value");
        }

        var (teamId, user) = ReadUser(payload);
        var channelId = payload.Object("channel")?.String("id") ?? payload.Object("container")?.String("channel_id")
            ?? throw new SlackPayloadException("block_actions names no channel.");
        var channel = new ChannelRef(Platform.Slack, channelId, payload.Object("channel")?.String("name") ?? channelId);
        var deliveryId = payload.String("trigger_id") ?? action.String("action_ts");
        return new ButtonCommandInteraction(new ChatCommand(Platform.Slack, teamId, channel, user, command, text, receivedAt, deliveryId));
    }

    private static SlackInteraction ParseViewSubmission(JsonElement payload, DateTimeOffset receivedAt)
    {
        var view = payload.Object("view") ?? throw new SlackPayloadException("view_submission has no 'view'.");
        if (view.String("callback_id") != SlackDeclareModal.CallbackId)
        {
            return new IgnoredInteraction($"view '{view.String("callback_id")}'");
        }

        var (teamId, user) = ReadUser(payload);
        var form = SlackDeclareModal.Read(view);
        if (string.IsNullOrWhiteSpace(form.Title))
        {
            return new DeclareInvalidInteraction(new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [SlackDeclareModal.TitleBlock] = "Give the incident a short title.",
            });
        }

        var channel = new ChannelRef(Platform.Slack, form.ChannelId, form.ChannelName);
        var text = form.Severity is { } severity ? $"declare {form.Title.Trim()} {severity}" : $"declare {form.Title.Trim()}";
        var command = new ChatCommand(Platform.Slack, teamId, channel, user, "incident", text, receivedAt, view.String("id"));
        return new DeclareSubmittedInteraction(command, string.IsNullOrWhiteSpace(form.Summary) ? null : form.Summary.Trim());
    }

    private static (string TeamId, Person User) ReadUser(JsonElement payload)
    {
        var user = payload.Object("user") ?? throw new SlackPayloadException("The interaction has no 'user'.");
        var userId = user.RequiredString("id", "The interaction's user");
        var teamId = payload.Object("team")?.String("id") ?? user.String("team_id")
            ?? throw new SlackPayloadException("The interaction names no team.");
        return (teamId, new Person(userId, user.String("name") ?? user.String("username") ?? userId));
    }
}
