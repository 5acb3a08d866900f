using IncidentBot.Core.Incidents;

namespace IncidentBot.Core.ActionItems;

public enum ActionItemType
{
    Prevent,
    Detect,
    Mitigate,
    Process,
}

public enum ActionItemPriority
{
    P1 = 1,
    P2 = 2,
    P3 = 3,
}

public enum ActionItemStatus
{
    Open,
    Done,
    Dropped,
}

/// <summary>A follow-up from an incident: owned, dated, tracked and reminded until done or dropped with a reason.</summary>
public sealed record ActionItem
{
    public long Id { get; init; }
    public required string Workspace { get; init; }
    public long IncidentId { get; init; }

    /// <summary>Per-workspace number, shown as <c>AI-12</c>.</summary>
    public int Number { get; init; }

    public required string Title { get; init; }
    public Person? Owner { get; init; }
    public DateOnly? DueOn { get; init; }
    public ActionItemType Type { get; init; } = ActionItemType.Prevent;
    public ActionItemPriority Priority { get; init; } = ActionItemPriority.P2;
    public ActionItemStatus Status { get; init; } = ActionItemStatus.Open;
    public required Person CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public string? DropReason { get; init; }

    /// <summary>A link to an issue tracker, when someone gives one.</summary>
    public string? Link { get; init; }

    /// <summary>The contributing factor it addresses: its number in the postmortem's list (1, 2 …), when given.</summary>
    public int? Factor { get; init; }

    /// <summary>Optimistic concurrency: a save succeeds only against the version it was read at (1 once created).</summary>
    public int Version { get; init; }

    public bool IsOpen => Status == ActionItemStatus.Open;

    /// <summary>Open and due before <paramref name="today"/> (the workspace's local date).</summary>
    public bool IsOverdueOn(DateOnly today) => IsOpen && DueOn is { } due && due < today;

    public string Reference => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"AI-{Number}");
}
