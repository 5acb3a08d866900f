namespace IncidentBot.Core.Commands.Parsing;

/// <summary>A wall-clock time as typed (<c>14:05</c> or <c>2026-11-21 14:05</c>), in the workspace's zone.</summary>
/// <param name="Date">Null when only a time of day was given: the most recent such moment is meant.</param>
public sealed record LocalTimeSpec(DateOnly? Date, TimeOnly Time)
{
    public override string ToString() => Date is { } date
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{date:yyyy-MM-dd} {Time:HH\\:mm}")
        : Time.ToString("HH\\:mm", System.Globalization.CultureInfo.InvariantCulture);
}
