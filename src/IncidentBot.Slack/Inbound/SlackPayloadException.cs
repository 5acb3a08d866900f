namespace IncidentBot.Slack.Inbound;

/// <summary>A payload that is not what Slack sends. Handlers turn it into a 400 with <see cref="Exception.Message"/>.</summary>
internal sealed class SlackPayloadException : Exception
{
    public SlackPayloadException()
    {
    }

    public SlackPayloadException(string message)
        : base(message)
    {
    }

    public SlackPayloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
