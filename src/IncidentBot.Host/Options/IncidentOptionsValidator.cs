using IncidentBot.Core;
using Microsoft.Extensions.Options;

namespace IncidentBot.Host.Options;

/// <summary>Fails start-up when <c>Incidents:TimeZone</c> is not a known IANA zone, naming the key and the value.</summary>
internal sealed class IncidentOptionsValidator : IValidateOptions<IncidentOptions>
{
    public ValidateOptionsResult Validate(string? name, IncidentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return IsIanaZone(options.TimeZone)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{IncidentOptions.SectionName}:{nameof(IncidentOptions.TimeZone)} '{options.TimeZone}' is not a known IANA time zone; use an id like UTC or Europe/Berlin.");
    }

    /// <summary>
    /// Windows ids ("Pacific Standard Time") also resolve on Linux, but the setting is documented as IANA,
    /// and Core parses it on every platform, so only zones with an IANA id are accepted.
    /// </summary>
    internal static bool IsIanaZone(string? id) =>
        !string.IsNullOrWhiteSpace(id)
        && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
        && zone.HasIanaId;
}
