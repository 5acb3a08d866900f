using IncidentBot.Core.ActionItems;

namespace IncidentBot.Core.Ports;

/// <summary>Action items, numbered per workspace (AI-1, AI-2 …) and scoped by workspace like every store.</summary>
public interface IActionItemStore
{
    /// <summary>
    /// Stores a new item with the next per-workspace number and version 1. <see cref="KeyNotFoundException"/> when
    /// the workspace has no such incident.
    /// </summary>
    Task<ActionItem> CreateAsync(ActionItem item, CancellationToken cancellationToken);

    Task<ActionItem?> FindAsync(string workspace, int number, CancellationToken cancellationToken);

    /// <summary>
    /// Saves a changed item; <see cref="ConcurrencyConflictException"/> when the stored version is no longer
    /// <see cref="ActionItem.Version"/>. Returns the item at its new version.
    /// </summary>
    Task<ActionItem> SaveAsync(ActionItem item, CancellationToken cancellationToken);

    /// <summary>The incident's items in number order.</summary>
    Task<IReadOnlyList<ActionItem>> ListForIncidentAsync(string workspace, long incidentId, CancellationToken cancellationToken);

    /// <summary>Open items of the workspace (only <paramref name="ownerId"/>'s when given), by due date, then number.</summary>
    Task<IReadOnlyList<ActionItem>> ListOpenAsync(string workspace, string? ownerId, CancellationToken cancellationToken);
}
