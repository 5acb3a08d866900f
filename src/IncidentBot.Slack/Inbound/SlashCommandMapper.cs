using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;

namespace IncidentBot.Slack.Inbound;

/// <summary>
/// A slash command's fields (the form body over HTTP, the <c>payload</c> object in Socket Mode) as Core's
/// <see cref="ChatCommand"/>: team as workspace, channel, user, the command word without its slash, the text,
/// and <c>trigger_id</c> as the delivery id.
/// </summary>
internal static class SlashCommandMapper
{
    public static bool IsSslCheck(IReadOnlyDictionary<string, string> fields) =>
        fields.TryGetValue("ssl_check", out var value) && value == "1";

    public static ChatCommand ToChatCommand(IReadOnlyDictionary<string, string> fields, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var teamId = Required(fields, "team_id");
        var channelId = Required(fields, "channel_id");
        var userId = Required(fields, "user_id");
        var command = Required(fields, "command").Trim();
        if (command.Length < 2 || command[0] != '/')
        {
            throw new SlackPayloadException("The slash command's 'command' does not start with '/'.");
        }

        var channel = new ChannelRef(Platform.Slack, channelId, Optional(fields, "channel_name") ?? channelId);
        var user = new Person(userId, Optional(fields, "user_name") ?? userId);
        return new ChatCommand(
            Platform.Slack,
            teamId,
            channel,
            user,
            command[1..].ToLowerInvariant(),
            (Optional(fields, "text") ?? string.Empty).Trim(),
            receivedAt,
            Optional(fields, "trigger_id"));
    }

    private static string Required(IReadOnlyDictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new SlackPayloadException($"The slash command has no '{name}'.");

    private static string? Optional(IReadOnlyDictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}
