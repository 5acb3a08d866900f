namespace IncidentBot.Core;

public sealed class IncidentOptions
{
    public const string SectionName = "Incidents";

    /// <summary>IANA zone used to show and parse times (<c>Europe/Berlin</c>).</summary>
    public string TimeZone { get; set; } = "UTC";
}
