namespace IncidentBot.Host.Sandbox;

internal static partial class SandboxLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Sandbox is on: open the host's root page ({Addresses}) to try the bot")]
    public static partial void On(ILogger logger, string addresses);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Sandbox is off because the host listens beyond loopback ({Addresses}); set Sandbox:Enabled=true to turn it on anyway")]
    public static partial void OffBecausePublic(ILogger logger, string addresses);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Sandbox:Enabled=true while listening beyond loopback ({Addresses}): anyone who reaches the host can use the sandbox")]
    public static partial void EnabledPublicly(ILogger logger, string addresses);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Sandbox is off (Sandbox:Enabled=false)")]
    public static partial void TurnedOff(ILogger logger);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error, Message = "The bot failed to process sandbox message {MessageId} ({Operation})")]
    public static partial void CaptureFailed(ILogger logger, Exception exception, long messageId, string operation);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Error, Message = "The bot failed to handle a sandbox /{Command} command")]
    public static partial void CommandFailed(ILogger logger, Exception exception, string command);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "A sandbox command announced into {Platform} channel {ChannelId}; the sandbox posts only into its own channels, so it was not posted")]
    public static partial void NoNotifier(ILogger logger, string platform, string channelId);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Web:PublicBaseUrl is {PublicBaseUrl}, but the postmortem pages its links open are closed there (they follow the sandbox's rule), so people following a link get 404; set Sandbox:Enabled=true to open them to anyone who can reach the host, or unset Web:PublicBaseUrl to send no links")]
    public static partial void PublicLinksClosed(ILogger logger, string publicBaseUrl);
}
