namespace IncidentBot.Slack.Inbound;

/// <summary>What an Events API delivery means to IncidentBot, before any Core call (pure data, easy to test).</summary>
internal abstract record SlackEvent;

internal sealed record UrlVerificationEvent(string Challenge) : SlackEvent;

internal sealed record RateLimitedEvent(string TeamId, long MinuteRateLimited) : SlackEvent;

/// <summary>Nothing to do: a bot's or a system message, an event type the bot does not use, another reaction.</summary>
internal sealed record IgnoredEvent(string Reason) : SlackEvent;

/// <summary>A human message (or thread reply when <paramref name="ThreadTs"/> is set).</summary>
internal sealed record MessagePostedEvent(string TeamId, string ChannelId, string UserId, string Ts, string? ThreadTs, string Text, DateTimeOffset SentAt) : SlackEvent;

internal sealed record MessageEditedEvent(string TeamId, string ChannelId, string Ts, string NewText, DateTimeOffset EditedAt) : SlackEvent;

internal sealed record MessageDeletedEvent(string TeamId, string ChannelId, string Ts, DateTimeOffset DeletedAt) : SlackEvent;

/// <summary>The timeline reaction was added to a message, or a message was pinned.</summary>
internal sealed record MessagePromotedEvent(string TeamId, string ChannelId, string Ts, string UserId, PromotionSource Source) : SlackEvent;

/// <summary>The timeline reaction was removed, or the pin.</summary>
internal sealed record MessageDemotedEvent(string TeamId, string ChannelId, string Ts, string UserId, DateTimeOffset At, PromotionSource Source) : SlackEvent;

/// <summary><c>@IncidentBot incident status resolved</c>: a command typed as a mention, as in Teams.</summary>
internal sealed record MentionCommandEvent(string TeamId, string ChannelId, string UserId, string Ts, string Command, string Text) : SlackEvent;

internal enum PromotionSource
{
    Reaction,
    Pin,
}

/// <summary>An Events API body: its <c>event_id</c> (the de-duplication key for retries), its team, and what it means.</summary>
internal sealed record SlackEventEnvelope(string? EventId, string? TeamId, SlackEvent Event);
