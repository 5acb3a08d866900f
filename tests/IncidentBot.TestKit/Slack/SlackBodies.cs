using System.Net;
using System.Text.Json.Nodes;

namespace IncidentBot.TestKit.Slack;

/// <summary>
/// Request bodies shaped like Slack's (see the fixtures in <c>shared/protocols/fixtures/slack</c>): slash-command
/// forms and Events API callbacks, for one team and channel at a time. Event ids default to one per event.
/// </summary>
public static class SlackBodies
{
    public static string Form(params (string Key, string Value)[] fields) =>
        string.Join('&', fields.Select(field => WebUtility.UrlEncode(field.Key) + "=" + WebUtility.UrlEncode(field.Value)));

    /// <summary>A slash command as Slack posts it (form fields of the docs' example).</summary>
    public static string SlashCommand(
        string text,
        string command = "/incident",
        string teamId = "T1",
        string channelId = "C1",
        string channelName = "ops",
        string userId = "U1",
        string userName = "alice",
        string triggerId = "111.222.abc") => Form(
        ("token", "legacy"), ("team_id", teamId), ("team_domain", "acme"), ("channel_id", channelId), ("channel_name", channelName),
        ("user_id", userId), ("user_name", userName), ("command", command), ("text", text),
        ("response_url", $"https://hooks.slack.com/commands/{teamId}/1/x"), ("trigger_id", triggerId), ("api_app_id", "A1"));

    /// <summary>The interaction form: one field <c>payload</c> holding the JSON.</summary>
    public static string Interaction(string payloadJson) => Form(("payload", payloadJson));

    public static string Message(string teamId, string channelId, string userId, string ts, string text, string? threadTs = null, string? eventId = null)
    {
        var message = new JsonObject
        {
            ["type"] = "message",
            ["client_msg_id"] = "c-" + ts,
            ["text"] = text,
            ["user"] = userId,
            ["ts"] = ts,
            ["team"] = teamId,
            ["channel"] = channelId,
            ["event_ts"] = ts,
            ["channel_type"] = "channel",
        };
        if (threadTs is not null)
        {
            message["thread_ts"] = threadTs;
            message["parent_user_id"] = userId;
        }

        return Callback(teamId, message, eventId ?? "Ev-msg-" + ts, ts);
    }

    public static string Edited(string teamId, string channelId, string userId, string ts, string oldText, string newText, string editTs, string? eventId = null) =>
        Callback(
            teamId,
            new JsonObject
            {
                ["type"] = "message",
                ["subtype"] = "message_changed",
                ["hidden"] = true,
                ["channel"] = channelId,
                ["ts"] = editTs,
                ["event_ts"] = editTs,
                ["message"] = new JsonObject
                {
                    ["type"] = "message",
                    ["user"] = userId,
                    ["text"] = newText,
                    ["ts"] = ts,
                    ["edited"] = new JsonObject { ["user"] = userId, ["ts"] = editTs },
                },
                ["previous_message"] = new JsonObject { ["type"] = "message", ["user"] = userId, ["text"] = oldText, ["ts"] = ts },
            },
            eventId ?? "Ev-edit-" + editTs,
            editTs);

    public static string Deleted(string teamId, string channelId, string ts, string deleteTs, string? eventId = null) =>
        Callback(
            teamId,
            new JsonObject
            {
                ["type"] = "message",
                ["subtype"] = "message_deleted",
                ["hidden"] = true,
                ["deleted_ts"] = ts,
                ["channel"] = channelId,
                ["ts"] = deleteTs,
                ["event_ts"] = deleteTs,
                ["previous_message"] = new JsonObject { ["type"] = "message", ["ts"] = ts },
            },
            eventId ?? "Ev-del-" + deleteTs,
            deleteTs);

    public static string Reaction(string teamId, string channelId, string ts, string userId, string reaction, bool added, string eventTs, string? eventId = null) =>
        Callback(
            teamId,
            new JsonObject
            {
                ["type"] = added ? "reaction_added" : "reaction_removed",
                ["user"] = userId,
                ["reaction"] = reaction,
                ["item_user"] = userId,
                ["item"] = new JsonObject { ["type"] = "message", ["channel"] = channelId, ["ts"] = ts },
                ["event_ts"] = eventTs,
            },
            eventId ?? $"Ev-{(added ? "react" : "unreact")}-{eventTs}",
            eventTs);

    public static string Pin(string teamId, string channelId, string ts, string userId, bool added, string eventTs, string? eventId = null) =>
        Callback(
            teamId,
            new JsonObject
            {
                ["type"] = added ? "pin_added" : "pin_removed",
                ["user"] = userId,
                ["channel_id"] = channelId,
                ["item"] = new JsonObject
                {
                    ["type"] = "message",
                    ["channel"] = channelId,
                    ["created"] = 1,
                    ["created_by"] = userId,
                    ["message"] = new JsonObject { ["type"] = "message", ["user"] = userId, ["ts"] = ts, ["text"] = "pinned" },
                },
                ["event_ts"] = eventTs,
            },
            eventId ?? $"Ev-{(added ? "pin" : "unpin")}-{eventTs}",
            eventTs);

    public static string Mention(string teamId, string channelId, string userId, string ts, string text, string? eventId = null) =>
        Callback(
            teamId,
            new JsonObject
            {
                ["type"] = "app_mention",
                ["user"] = userId,
                ["text"] = "<@UBOT> " + text,
                ["ts"] = ts,
                ["channel"] = channelId,
                ["event_ts"] = ts,
            },
            eventId ?? "Ev-mention-" + ts,
            ts);

    private static string Callback(string teamId, JsonObject inner, string eventId, string eventTs) => new JsonObject
    {
        ["token"] = "legacy",
        ["team_id"] = teamId,
        ["api_app_id"] = "A1",
        ["event"] = inner,
        ["type"] = "event_callback",
        ["event_id"] = eventId,
        ["event_time"] = long.Parse(eventTs.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture),
        ["authorizations"] = new JsonArray(new JsonObject
        {
            ["enterprise_id"] = null,
            ["team_id"] = teamId,
            ["user_id"] = "UBOT",
            ["is_bot"] = true,
            ["is_enterprise_install"] = false,
        }),
    }.ToJsonString();
}
