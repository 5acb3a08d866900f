using System.Globalization;
using IncidentBot.Core.ActionItems;
using IncidentBot.Core.Ports;

namespace IncidentBot.TestKit;

/// <summary>
/// <see cref="IActionItemStore"/> in memory, with the semantics of the SQL store (the storage contract tests run
/// against both): items of incidents of <paramref name="incidents"/>, numbered per workspace, optimistic versions,
/// instants in UTC to the microsecond. Thread-safe; every call is atomic.
/// </summary>
public sealed class InMemoryActionItemStore(InMemoryIncidentStore incidents) : IActionItemStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, ActionItem> _items = [];
    private readonly Dictionary<string, int> _lastNumbers = new(StringComparer.Ordinal);
    private long _lastId;

    public Task<ActionItem> CreateAsync(ActionItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        EnsureIncidentExists(item.Workspace, item.IncidentId);
        lock (_gate)
        {
            var number = _lastNumbers.GetValueOrDefault(item.Workspace) + 1;
            _lastNumbers[item.Workspace] = number;
            var created = Stored(item) with { Id = ++_lastId, Number = number, Version = 1 };
            _items[created.Id] = created;
            return Task.FromResult(created);
        }
    }

    public Task<ActionItem?> FindAsync(string workspace, int number, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_items.Values.FirstOrDefault(i => IsIn(i.Workspace, workspace) && i.Number == number));
        }
    }

    public Task<ActionItem> SaveAsync(ActionItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_gate)
        {
            if (!_items.TryGetValue(item.Id, out var stored) || !IsIn(stored.Workspace, item.Workspace))
            {
                throw new KeyNotFoundException(string.Create(CultureInfo.InvariantCulture, $"Workspace '{item.Workspace}' has no action item with id {item.Id}."));
            }

            if (stored.Version != item.Version)
            {
                throw new ConcurrencyConflictException($"{stored.Reference} was changed by someone else; read it again and retry.");
            }

            var saved = Stored(item) with { Number = stored.Number, IncidentId = stored.IncidentId, Version = stored.Version + 1 };
            _items[saved.Id] = saved;
            return Task.FromResult(saved);
        }
    }

    public Task<IReadOnlyList<ActionItem>> ListForIncidentAsync(string workspace, long incidentId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<ActionItem> list = [.. _items.Values.Where(i => IsIn(i.Workspace, workspace) && i.IncidentId == incidentId).OrderBy(i => i.Number)];
            return Task.FromResult(list);
        }
    }

    public Task<IReadOnlyList<ActionItem>> ListOpenAsync(string workspace, string? ownerId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<ActionItem> list = [.. _items.Values
                .Where(i => IsIn(i.Workspace, workspace) && i.IsOpen && (ownerId is null || IsIn(i.Owner?.Id ?? string.Empty, ownerId)))
                .OrderBy(i => i.DueOn is null ? 1 : 0)
                .ThenBy(i => i.DueOn)
                .ThenBy(i => i.Number)];
            return Task.FromResult(list);
        }
    }

    private static bool IsIn(string value, string wanted) => string.Equals(value, wanted, StringComparison.Ordinal);

    private static DateTimeOffset Stored(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);

    private static ActionItem Stored(ActionItem item) => item with
    {
        CreatedAt = Stored(item.CreatedAt),
        ClosedAt = item.ClosedAt is { } closed ? Stored(closed) : null,
    };

    private void EnsureIncidentExists(string workspace, long incidentId)
    {
        if (!incidents.HasIncident(workspace, incidentId))
        {
            throw new KeyNotFoundException(string.Create(CultureInfo.InvariantCulture, $"Workspace '{workspace}' has no incident with id {incidentId}."));
        }
    }
}
