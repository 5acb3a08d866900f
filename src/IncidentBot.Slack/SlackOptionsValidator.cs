using System.Net;
using Microsoft.Extensions.Options;

namespace IncidentBot.Slack;

/// <summary>
/// Fails start-up closed: a half-configured Slack platform (a bot token without a signing secret, a token of
/// the wrong kind, a malformed URL) stops the host with messages that name each key. Secrets are never echoed.
/// </summary>
internal sealed class SlackOptionsValidator : IValidateOptions<SlackOptions>
{
    private const string Prefix = SlackOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, SlackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (!options.Enabled)
        {
            if (IsSet(options.SigningSecret) || IsSet(options.AppToken))
            {
                failures.Add($"{Prefix}BotToken is missing: Slack is configured in part ({Prefix}SigningSecret or {Prefix}AppToken is set) but the bot token that enables it is not.");
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        if (!options.BotToken!.Trim().StartsWith("xoxb-", StringComparison.Ordinal))
        {
            failures.Add($"{Prefix}BotToken must be a bot token starting with 'xoxb-'.");
        }

        if (IsSet(options.AppToken) && !options.AppToken!.Trim().StartsWith("xapp-", StringComparison.Ordinal))
        {
            failures.Add($"{Prefix}AppToken must be an app-level token starting with 'xapp-' (Socket Mode).");
        }

        if (!IsSet(options.AppToken) && !IsSet(options.SigningSecret))
        {
            failures.Add($"{Prefix}SigningSecret is required when {Prefix}BotToken is set and Socket Mode ({Prefix}AppToken) is not: every inbound HTTP request must be verified.");
        }

        if (options.SigningSecret is { } secret && secret.Length > 0 && string.IsNullOrWhiteSpace(secret))
        {
            failures.Add($"{Prefix}SigningSecret is blank.");
        }

        ValidateBaseUrl(options.ApiBaseUrl, failures);

        if (string.IsNullOrWhiteSpace(options.TimelineReaction) || !options.TimelineReaction.All(IsReactionCharacter))
        {
            failures.Add($"{Prefix}TimelineReaction must be a reaction name without colons, like 'pushpin' (got '{options.TimelineReaction}').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateBaseUrl(string? value, List<string> failures)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{Prefix}ApiBaseUrl must be an absolute http(s) URL like 'https://slack.com/api/' (got '{value}').");
            return;
        }

        // The bot token travels in every request: plain HTTP is only acceptable to a loopback fake.
        if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
        {
            failures.Add($"{Prefix}ApiBaseUrl must use https unless it points at this machine (got '{value}').");
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            failures.Add($"{Prefix}ApiBaseUrl must not have a query or fragment (got '{value}').");
        }
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var address) && IPAddress.IsLoopback(address));

    private static bool IsSet(string? value) => !string.IsNullOrEmpty(value);

    private static bool IsReactionCharacter(char c) =>
        char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-' or '+' or '\'';
}
