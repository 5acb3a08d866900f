using System.Globalization;
using IncidentBot.Core.Incidents;

namespace IncidentBot.Core.ActionItems;

/// <summary>How action items read in chat.</summary>
public static class ActionItemReplies
{
    /// <summary><c>Fri 2026-11-28</c>.</summary>
    public static string Date(DateOnly date) => date.ToString("ddd yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Status(ActionItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Status switch
        {
            ActionItemStatus.Done => "done",
            ActionItemStatus.Dropped => "dropped: " + (item.DropReason ?? "no reason given"),
            _ => "open",
        };
    }

    /// <summary>How far off the due date is, seen from <paramref name="today"/>: <c>due in 3 days</c>, <c>2 days overdue</c>.</summary>
    public static string Due(ActionItem item, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.DueOn is not { } due)
        {
            return "no due date";
        }

        var days = due.DayNumber - today.DayNumber;
        var relative = days switch
        {
            0 => "due today",
            1 => "due tomorrow",
            > 1 => string.Create(CultureInfo.InvariantCulture, $"due in {days} days"),
            -1 => "1 day overdue",
            _ => string.Create(CultureInfo.InvariantCulture, $"{-days} days overdue"),
        };
        return item.IsOpen ? $"{relative} ({Date(due)})" : "due " + Date(due);
    }

    /// <summary>One line per item: <c>AI-3 · 2 days overdue (Fri 2026-11-28) · bob · P1 · detect · INC-4 · title</c>.</summary>
    public static string Line(ActionItem item, Incident? incident, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(item);
        var parts = new List<string>
        {
            item.Reference,
            item.IsOpen ? Due(item, today) : Status(item),
            item.Owner?.Name ?? "no owner",
            item.Priority.ToString(),
            item.Type.ToString().ToLowerInvariant(),
        };
        if (incident is not null)
        {
            parts.Add(incident.IsOpen ? incident.Reference : $"{incident.Reference} (resolved)");
        }

        if (item.Factor is { } factor)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"factor {factor}"));
        }

        parts.Add(item.Title);
        return string.Join(" · ", parts);
    }
}
