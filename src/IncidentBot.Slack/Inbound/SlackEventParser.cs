using System.Text.Json;
using System.Text.RegularExpressions;
using IncidentBot.Core.Timeline;

namespace IncidentBot.Slack.Inbound;

/// <summary>
/// Reads Events API bodies (<c>url_verification</c>, <c>app_rate_limited</c>, <c>event_callback</c>) into
/// <see cref="SlackEvent"/>s. Only human messages are captured: bot messages (a <c>bot_id</c>, the
/// <c>bot_message</c> subtype, or the bot's own user) and system subtypes (<c>channel_join</c>, topic changes …)
/// are ignored. Throws <see cref="SlackPayloadException"/> for shapes Slack does not send.
/// </summary>
internal static partial class SlackEventParser
{
    /// <summary>Subtypes that are a person's own words. Everything else (joins, topics, bots …) is not transcript.</summary>
    private static readonly HashSet<string> HumanSubtypes = new(StringComparer.Ordinal) { "thread_broadcast", "file_share", "me_message" };

    /// <summary>Whether a message read back from the Web API is a person's own words, by the same rule as for events.</summary>
    public static bool IsHumanMessage(string? subtype, string? userId, string? botId) =>
        (subtype is null || HumanSubtypes.Contains(subtype)) && !string.IsNullOrEmpty(userId) && botId is null;

    public static SlackEventEnvelope Parse(JsonElement root, string timelineReaction)
    {
        var type = root.RequiredString("type", "The event body");
        switch (type)
        {
            case "url_verification":
                return new(null, null, new UrlVerificationEvent(root.RequiredString("challenge", "url_verification")));
            case "app_rate_limited":
                return new(null, root.String("team_id"), new RateLimitedEvent(root.String("team_id") ?? string.Empty, root.Long("minute_rate_limited") ?? 0));
            case "event_callback":
                break;
            default:
                return new(root.String("event_id"), root.String("team_id"), new IgnoredEvent($"outer type '{type}'"));
        }

        var eventId = root.RequiredString("event_id", "event_callback");
        var teamId = root.RequiredString("team_id", "event_callback");
        var inner = root.Object("event") ?? throw new SlackPayloadException("event_callback has no 'event' object.");
        var botUserId = BotUserId(root);
        return new(eventId, teamId, ParseInner(inner, teamId, botUserId, timelineReaction));
    }

    private static SlackEvent ParseInner(JsonElement inner, string teamId, string? botUserId, string timelineReaction)
    {
        var type = inner.RequiredString("type", "The inner event");
        return type switch
        {
            "message" => ParseMessage(inner, teamId, botUserId),
            "app_mention" => ParseMention(inner, teamId, botUserId),
            "reaction_added" or "reaction_removed" => ParseReaction(inner, teamId, timelineReaction, added: type == "reaction_added"),
            "pin_added" or "pin_removed" => ParsePin(inner, teamId, added: type == "pin_added"),
            _ => new IgnoredEvent($"event type '{type}'"),
        };
    }

    private static SlackEvent ParseMessage(JsonElement message, string teamId, string? botUserId)
    {
        var channel = message.RequiredString("channel", "The message event");
        var subtype = message.String("subtype");
        switch (subtype)
        {
            case "message_changed":
                return ParseChanged(message, teamId, channel, botUserId);
            case "message_deleted":
                var deletedTs = message.String("deleted_ts") ?? message.Object("previous_message")?.String("ts")
                    ?? throw new SlackPayloadException("message_deleted has no 'deleted_ts'.");
                SlackTimestamp.Parse(deletedTs, "deleted_ts");
                return new MessageDeletedEvent(teamId, channel, deletedTs, EventTime(message));
            case null:
                break;
            default:
                if (!HumanSubtypes.Contains(subtype))
                {
                    return new IgnoredEvent($"message subtype '{subtype}'");
                }

                break;
        }

        if (IsFromBot(message, botUserId) is { } botReason)
        {
            return new IgnoredEvent(botReason);
        }

        var ts = message.RequiredString("ts", "The message event");
        var sentAt = SlackTimestamp.Parse(ts, "ts");
        var user = message.RequiredString("user", "The message event");
        var text = message.String("text") ?? string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            return new IgnoredEvent("message without text");
        }

        var threadTs = message.String("thread_ts");
        if (threadTs is not null)
        {
            SlackTimestamp.Parse(threadTs, "thread_ts");
        }

        return new MessagePostedEvent(teamId, channel, user, ts, threadTs == ts ? null : threadTs, text, sentAt);
    }

    private static SlackEvent ParseChanged(JsonElement changed, string teamId, string channel, string? botUserId)
    {
        var message = changed.Object("message") ?? throw new SlackPayloadException("message_changed has no 'message'.");
        var previous = changed.Object("previous_message");
        if (IsFromBot(message, botUserId) is { } botReason)
        {
            return new IgnoredEvent(botReason);
        }

        if (message.String("subtype") is { } subtype && !HumanSubtypes.Contains(subtype))
        {
            return new IgnoredEvent($"edited message subtype '{subtype}'");
        }

        var ts = message.String("ts") ?? previous?.String("ts") ?? throw new SlackPayloadException("message_changed names no message 'ts'.");
        SlackTimestamp.Parse(ts, "message.ts");
        var text = message.String("text") ?? string.Empty;
        if (previous?.String("text") is { } before && string.Equals(before, text, StringComparison.Ordinal))
        {
            // Link unfurls and thread bookkeeping also arrive as message_changed; the words did not change.
            return new IgnoredEvent("message_changed without a text change");
        }

        var editedAt = message.Object("edited")?.String("ts") is { } editedTs && SlackTimestamp.TryParse(editedTs, out var at)
            ? at
            : EventTime(changed);
        return new MessageEditedEvent(teamId, channel, ts, text, editedAt);
    }

    private static SlackEvent ParseMention(JsonElement mention, string teamId, string? botUserId)
    {
        if (IsFromBot(mention, botUserId) is { } botReason)
        {
            return new IgnoredEvent(botReason);
        }

        var channel = mention.RequiredString("channel", "app_mention");
        var user = mention.RequiredString("user", "app_mention");
        var ts = mention.RequiredString("ts", "app_mention");
        SlackTimestamp.Parse(ts, "ts");
        var text = LeadingMentions().Replace(mention.String("text") ?? string.Empty, string.Empty);
        return CommandText.TrySplit(text, out var command, out var rest)
            ? new MentionCommandEvent(teamId, channel, user, ts, command, rest)
            : new IgnoredEvent("mention without a command (the message event captures it)");
    }

    private static SlackEvent ParseReaction(JsonElement reaction, string teamId, string timelineReaction, bool added)
    {
        var name = reaction.RequiredString("reaction", "The reaction event");
        var skinTone = name.IndexOf("::", StringComparison.Ordinal);
        if (skinTone > 0)
        {
            name = name[..skinTone];
        }

        if (!string.Equals(name, timelineReaction, StringComparison.Ordinal))
        {
            return new IgnoredEvent($"reaction '{name}' is not the timeline reaction");
        }

        var item = reaction.Object("item") ?? throw new SlackPayloadException("The reaction event has no 'item'.");
        if (item.String("type") != "message")
        {
            return new IgnoredEvent("reaction to something other than a message");
        }

        var channel = item.RequiredString("channel", "The reaction's item");
        var ts = item.RequiredString("ts", "The reaction's item");
        SlackTimestamp.Parse(ts, "item.ts");
        var user = reaction.RequiredString("user", "The reaction event");
        return added
            ? new MessagePromotedEvent(teamId, channel, ts, user, EventTime(reaction), TimelineMarkerKind.Reaction)
            : new MessageDemotedEvent(teamId, channel, ts, user, EventTime(reaction), TimelineMarkerKind.Reaction);
    }

    private static SlackEvent ParsePin(JsonElement pin, string teamId, bool added)
    {
        var item = pin.Object("item");
        if (item is null || item.Value.String("type") != "message")
        {
            return new IgnoredEvent("pin of something other than a message");
        }

        var channel = item.Value.String("channel") ?? pin.RequiredString("channel_id", "The pin event");
        var ts = item.Value.Object("message")?.String("ts") ?? item.Value.String("ts")
            ?? throw new SlackPayloadException("The pinned message has no 'ts'.");
        SlackTimestamp.Parse(ts, "item.message.ts");
        var user = pin.RequiredString("user", "The pin event");
        return added
            ? new MessagePromotedEvent(teamId, channel, ts, user, EventTime(pin), TimelineMarkerKind.Pin)
            : new MessageDemotedEvent(teamId, channel, ts, user, EventTime(pin), TimelineMarkerKind.Pin);
    }

    /// <summary>Why a message counts as a bot's, or null for a person's.</summary>
    private static string? IsFromBot(JsonElement message, string? botUserId)
    {
        if (message.String("bot_id") is not null || message.Object("bot_profile") is not null)
        {
            return "message from a bot";
        }

        return botUserId is not null && message.String("user") == botUserId ? "the bot's own message" : null;
    }

    /// <summary>The installing bot's user id, from the one <c>authorizations</c> entry Slack sends.</summary>
    private static string? BotUserId(JsonElement root)
    {
        if (root.Array("authorizations") is not { } authorizations)
        {
            return null;
        }

        foreach (var authorization in authorizations.EnumerateArray())
        {
            if (authorization.Bool("is_bot") && authorization.String("user_id") is { } userId)
            {
                return userId;
            }
        }

        return null;
    }

    private static DateTimeOffset EventTime(JsonElement inner) =>
        SlackTimestamp.TryParse(inner.String("event_ts"), out var at) ? at
        : SlackTimestamp.Parse(inner.String("ts"), "event_ts");

    [GeneratedRegex(@"^\s*(?:<@[A-Z0-9]+(?:\|[^>]*)?>\s*)+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex LeadingMentions();
}
