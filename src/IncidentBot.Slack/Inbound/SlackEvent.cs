using IncidentBot.Core.Timeline;

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

/// <summary>
/// <paramref name="UserId"/> added the timeline reaction to a message, or pinned it (<paramref name="Marker"/>), at
/// <paramref name="At"/> (the event's <c>event_ts</c>).
/// </summary>
internal sealed record MessagePromotedEvent(string TeamId, string ChannelId, string Ts, string UserId, DateTimeOffset At, TimelineMarkerKind Marker) : SlackEvent;

/// <summary><paramref name="UserId"/> removed their timeline reaction, or the message's pin, at <paramref name="At"/>.</summary>
internal sealed record MessageDemotedEvent(string TeamId, string ChannelId, string Ts, string UserId, DateTimeOffset At, TimelineMarkerKind Marker) : SlackEvent;

/// <summary><c>@IncidentBot incident status resolved</c>: a command typed as a mention, as in Teams.</summary>
internal sealed record MentionCommandEvent(string TeamId, string ChannelId, string UserId, string Ts, string Command, string Text) : SlackEvent;

/// <summary>An Events API body: its <c>event_id</c> (the de-duplication key for retries), its team, and what it means.</summary>
internal sealed record SlackEventEnvelope(string? EventId, string? TeamId, SlackEvent Event);
