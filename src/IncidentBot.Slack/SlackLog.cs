using IncidentBot.Slack.Verification;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IncidentBot.Slack;

/// <summary>The Slack adapter's log events, with stable ids. Never tokens, secrets or bodies.</summary>
internal static partial class SlackLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "Slack request to {Path} rejected: signature check {Check}")]
    public static partial void VerificationFailed(ILogger logger, PathString path, SignatureCheck check);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Slack request to {Path} rejected: body of {Length} bytes is over the limit (-1: unknown length)")]
    public static partial void BodyTooLarge(ILogger logger, PathString path, long length);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Malformed Slack payload: {Problem}")]
    public static partial void MalformedPayload(ILogger logger, string problem);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Slack is rate limiting event delivery to this app for team {TeamId} (minute {Minute})")]
    public static partial void EventsRateLimited(ILogger logger, string teamId, long minute);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Error, Message = "Slack command {Command} failed unexpectedly")]
    public static partial void CommandFailed(ILogger logger, Exception exception, string command);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Error, Message = "Slack command {Command} (delivery {DeliveryId}), acknowledged earlier, failed on attempt {Attempt}")]
    public static partial void DeferredCommandFailed(ILogger logger, Exception exception, string command, string? deliveryId, int attempt);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Warning, Message = "Slack Web API {Method}, called while answering, did not succeed within {Budget} ({Error}); answering without it")]
    public static partial void InlineCallGaveUp(ILogger logger, string method, TimeSpan budget, string error);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Warning, Message = "Slack Web API {Method} failed: {Error}")]
    public static partial void ApiCallFailed(ILogger logger, string method, string error);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Warning, Message = "Slack Web API {Method} answered {Status}; retry {Attempt} in {Delay}")]
    public static partial void ApiRetry(ILogger logger, string method, int status, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 4120, Level = LogLevel.Warning, Message = "Outbound Slack message {Id} to {Channel} failed ({Error}, attempt {Attempt}); retrying in {Delay}")]
    public static partial void OutboundRetry(ILogger logger, long id, string channel, string error, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 4121, Level = LogLevel.Error, Message = "Outbound Slack message {Id} ({Kind}) to {Channel} dead-lettered: {Reason}; it stays in the outbox with its error")]
    public static partial void OutboundDeadLettered(ILogger logger, long id, string channel, string kind, string reason);

    [LoggerMessage(EventId = 4122, Level = LogLevel.Warning, Message = "Outbound Slack message {Id} to {Channel} was sent after its claim had passed to another worker; it may appear twice")]
    public static partial void OutboundClaimLost(ILogger logger, long id, string channel);

    [LoggerMessage(EventId = 4125, Level = LogLevel.Information, Message = "Outbound Slack message {Id} ({Kind}) to {Channel} was found in Slack after an attempt whose answer was lost; marked delivered without sending it again")]
    public static partial void OutboundFoundPosted(ILogger logger, long id, string channel, string kind);

    [LoggerMessage(EventId = 4126, Level = LogLevel.Warning, Message = "Outbound Slack message {Id} to {Channel} may have been posted by an earlier attempt, but the channel's history could not tell ({Error}); sending it, so it may appear twice")]
    public static partial void OutboundCheckFailed(ILogger logger, long id, string channel, string error);

    [LoggerMessage(EventId = 4127, Level = LogLevel.Information, Message = "Outbound Slack file {Id} to {Channel}: Slack no longer knows the earlier upload; uploading it again")]
    public static partial void OutboundUploadRestarted(ILogger logger, long id, string channel);

    [LoggerMessage(EventId = 4123, Level = LogLevel.Error, Message = "The outbox cannot be read or updated just now; trying again shortly")]
    public static partial void OutboxUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4124, Level = LogLevel.Warning, Message = "Slack auth.test failed ({Error}); until it succeeds, the outbox recognises its own messages by their metadata alone")]
    public static partial void AuthTestFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Information, Message = "Slack delivery {DeliveryId} arrived again while the first one is still being processed; asking Slack to retry later")]
    public static partial void DeliveryBusy(ILogger logger, string deliveryId);

    [LoggerMessage(EventId = 4130, Level = LogLevel.Information, Message = "Socket Mode connected ({Connections} connections open for this app)")]
    public static partial void SocketConnected(ILogger logger, int connections);

    [LoggerMessage(EventId = 4131, Level = LogLevel.Information, Message = "Socket Mode disconnect requested: {Reason}; reconnecting")]
    public static partial void SocketDisconnectRequested(ILogger logger, string reason);

    [LoggerMessage(EventId = 4132, Level = LogLevel.Warning, Message = "Socket Mode was turned off for this app (link_disabled); not reconnecting")]
    public static partial void SocketLinkDisabled(ILogger logger);

    [LoggerMessage(EventId = 4133, Level = LogLevel.Warning, Message = "Socket Mode connection lost; reconnecting in {Delay} (attempt {Attempt})")]
    public static partial void SocketReconnecting(ILogger logger, Exception? exception, TimeSpan delay, int attempt);

    [LoggerMessage(EventId = 4134, Level = LogLevel.Error, Message = "Socket Mode cannot connect: {Error}; the app token is not usable, not retrying")]
    public static partial void SocketUnrecoverable(ILogger logger, string error);

    [LoggerMessage(EventId = 4135, Level = LogLevel.Warning, Message = "Socket Mode envelope {EnvelopeId} of type {Type} failed")]
    public static partial void EnvelopeFailed(ILogger logger, Exception exception, string envelopeId, string type);

    [LoggerMessage(EventId = 4140, Level = LogLevel.Warning, Message = "IncidentBot cannot join channel {Channel} ({Error}): it is private or not a channel; invite the bot there so it sees the channel's messages")]
    public static partial void CannotJoinChannel(ILogger logger, string channel, string error);

    [LoggerMessage(EventId = 4141, Level = LogLevel.Warning, Message = "A message marked for the timeline in {Channel} at {Ts} was neither captured nor found in the channel's history; the mark is not kept")]
    public static partial void MarkedMessageNotFound(ILogger logger, string channel, string ts);

    [LoggerMessage(EventId = 4142, Level = LogLevel.Warning, Message = "Delivery {DeliveryId} failed and could not be released; a retry takes it over when its lease ends")]
    public static partial void DeliveryReleaseFailed(ILogger logger, Exception exception, string deliveryId);

    [LoggerMessage(EventId = 4143, Level = LogLevel.Information, Message = "Incident channel {Channel} ({Name}) was created by an earlier run of delivery {DeliveryId}; using it instead of creating another")]
    public static partial void IncidentChannelReused(ILogger logger, string channel, string name, string? deliveryId);

    [LoggerMessage(EventId = 4144, Level = LogLevel.Warning, Message = "Could not look for an incident channel an earlier run of delivery {DeliveryId} created ({Error}); the taken name gets a suffix")]
    public static partial void IncidentChannelLookupFailed(ILogger logger, string? deliveryId, string error);

    [LoggerMessage(EventId = 4145, Level = LogLevel.Warning, Message = "Slack refused to invite {User} to incident channel {Channel} ({Error}); the incident lives there all the same, and the announcement links it")]
    public static partial void DeclarerNotInvited(ILogger logger, string user, string channel, string error);

    [LoggerMessage(EventId = 4146, Level = LogLevel.Warning, Message = "Slack refused to set the topic of incident channel {Channel} ({Error}); the incident lives there all the same")]
    public static partial void IncidentTopicNotSet(ILogger logger, string channel, string error);
}
