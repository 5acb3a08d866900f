namespace IncidentBot.Slack.Verification;

/// <summary>The verified request body, exactly as received; handlers parse this, never <c>Request.Form</c>.</summary>
internal sealed record SlackRawBody(ReadOnlyMemory<byte> Bytes);
