using IncidentBot.Core.Commands;

namespace IncidentBot.Core.Reviews;

/// <summary>What handing on an unanswered ask sends, or why it no longer applies (then it sends nothing).</summary>
public sealed record FacilitatorHandover(IReadOnlyList<Announcement> Messages, string? SkipReason)
{
    public static FacilitatorHandover Skip(string reason) => new([], reason);
}
