using IncidentBot.Core;
using Microsoft.Extensions.Options;

namespace IncidentBot.Host.Options;

/// <summary>
/// Fails start-up when <c>Web:PublicBaseUrl</c> is set but is not an absolute http(s) URL people can open: chat
/// messages would carry broken or unsafe links. Unset is fine: messages then carry no links to the host.
/// </summary>
internal sealed class WebOptionsValidator : IValidateOptions<WebOptions>
{
    public const string Key = $"{WebOptions.SectionName}:{nameof(WebOptions.PublicBaseUrl)}";

    public ValidateOptionsResult Validate(string? name, WebOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.PublicBaseUrl) || options.PublicBase is not null)
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(
            $"{Key} '{options.PublicBaseUrl}' is not an absolute http or https URL without credentials, query or fragment; "
            + "use the address people open the host at, such as https://incidentbot.example.com/, or leave it unset for no links.");
    }
}
