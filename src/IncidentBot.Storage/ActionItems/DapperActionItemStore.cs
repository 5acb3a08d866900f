using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Dapper;
using IncidentBot.Core.ActionItems;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Storage.Reviews;

namespace IncidentBot.Storage.ActionItems;

/// <summary>
/// <see cref="IActionItemStore"/> over SQL that SQLite and PostgreSQL both accept. Numbers are handed out per workspace
/// by an upsert inside the create transaction (as incident numbers are), so concurrent creates get consecutive numbers.
/// </summary>
internal sealed class DapperActionItemStore(StorageDatabase database) : IActionItemStore
{
    private const string Columns = """
        id, workspace, incident_id, number, title, owner_id, owner_name, due_on, type, priority, status, factor, link,
        created_by_id, created_by_name, created_at, closed_at, drop_reason, version
        """;

    private readonly Dialects.SqlDialect _dialect = database.Dialect;

    public async Task<ActionItem> CreateAsync(ActionItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        return await database.WriteAsync(async (connection, transaction) =>
        {
            await IncidentRows.EnsureExistsAsync(connection, transaction, item.Workspace, item.IncidentId, cancellationToken);
            var number = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                """
                INSERT INTO action_item_number (workspace, last_number) VALUES (@workspace, 1)
                ON CONFLICT (workspace) DO UPDATE SET last_number = action_item_number.last_number + 1
                RETURNING last_number;
                """,
                new { workspace = item.Workspace },
                transaction,
                cancellationToken: cancellationToken));
            var created = await connection.QuerySingleAsync<ItemRow>(new CommandDefinition(
                $"""
                INSERT INTO action_item (
                    workspace, incident_id, number, title, owner_id, owner_name, due_on, type, priority, status, factor, link,
                    created_by_id, created_by_name, created_at, closed_at, drop_reason, version)
                VALUES (
                    @workspace, @incidentId, @number, @title, @ownerId, @ownerName, {StoreHelpers.DateParameter(_dialect, "dueOn")}, @type, @priority, @status, @factor, @link,
                    @createdById, @createdByName, @createdAt, @closedAt, @dropReason, 1)
                RETURNING {Columns};
                """,
                Parameters(item with { Number = number }),
                transaction,
                cancellationToken: cancellationToken));
            return created.ToItem();
        }, cancellationToken);
    }

    public async Task<ActionItem?> FindAsync(string workspace, int number, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ItemRow>(new CommandDefinition(
            $"SELECT {Columns} FROM action_item WHERE workspace = @workspace AND number = @number;",
            new { workspace, number },
            cancellationToken: cancellationToken));
        return row?.ToItem();
    }

    public async Task<ActionItem> SaveAsync(ActionItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var saved = await connection.QuerySingleOrDefaultAsync<ItemRow>(new CommandDefinition(
            $"""
            UPDATE action_item SET
                title = @title, owner_id = @ownerId, owner_name = @ownerName, due_on = {StoreHelpers.DateParameter(_dialect, "dueOn")}, type = @type, priority = @priority,
                status = @status, factor = @factor, link = @link, closed_at = @closedAt, drop_reason = @dropReason, version = version + 1
            WHERE workspace = @workspace AND id = @id AND version = @version
            RETURNING {Columns};
            """,
            Parameters(item),
            cancellationToken: cancellationToken));
        if (saved is not null)
        {
            return saved.ToItem();
        }

        var exists = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM action_item WHERE workspace = @workspace AND id = @id;", new { workspace = item.Workspace, id = item.Id }, cancellationToken: cancellationToken));
        throw exists is null
            ? new KeyNotFoundException(string.Create(CultureInfo.InvariantCulture, $"Workspace '{item.Workspace}' has no action item with id {item.Id}."))
            : new ConcurrencyConflictException($"{item.Reference} was changed by someone else; read it again and retry.");
    }

    public async Task<IReadOnlyList<ActionItem>> ListForIncidentAsync(string workspace, long incidentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ItemRow>(new CommandDefinition(
            $"SELECT {Columns} FROM action_item WHERE workspace = @workspace AND incident_id = @incidentId ORDER BY number;",
            new { workspace, incidentId },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToItem())];
    }

    public async Task<IReadOnlyList<ActionItem>> ListOpenAsync(string workspace, string? ownerId, CancellationToken cancellationToken)
    {
        var onlyOwner = ownerId is null ? "" : "AND owner_id = @ownerId";
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ItemRow>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM action_item
            WHERE workspace = @workspace AND status = @open {onlyOwner}
            ORDER BY CASE WHEN due_on IS NULL THEN 1 ELSE 0 END, due_on, number;
            """,
            new { workspace, ownerId, open = nameof(ActionItemStatus.Open) },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToItem())];
    }

    private object Parameters(ActionItem item) => new
    {
        id = item.Id,
        workspace = item.Workspace,
        incidentId = item.IncidentId,
        number = item.Number,
        title = item.Title,
        ownerId = item.Owner?.Id,
        ownerName = item.Owner?.Name,
        dueOn = StoreHelpers.Date(item.DueOn),
        type = item.Type.ToString(),
        priority = (int)item.Priority,
        status = item.Status.ToString(),
        factor = item.Factor,
        link = item.Link,
        createdById = item.CreatedBy.Id,
        createdByName = item.CreatedBy.Name,
        createdAt = _dialect.Instant(item.CreatedAt),
        closedAt = _dialect.Instant(item.ClosedAt),
        dropReason = item.DropReason,
        version = item.Version,
    };

    [SuppressMessage("Performance", "CA1812:Avoid uninstantiated internal classes", Justification = "Materialised by Dapper.")]
    private sealed class ItemRow
    {
        public long Id { get; set; }
        public string Workspace { get; set; } = "";
        public long IncidentId { get; set; }
        public int Number { get; set; }
        public string Title { get; set; } = "";
        public string? OwnerId { get; set; }
        public string? OwnerName { get; set; }
        public object? DueOn { get; set; }
        public string Type { get; set; } = "";
        public int Priority { get; set; }
        public string Status { get; set; } = "";
        public int? Factor { get; set; }
        public string? Link { get; set; }
        public string CreatedById { get; set; } = "";
        public string CreatedByName { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset? ClosedAt { get; set; }
        public string? DropReason { get; set; }
        public int Version { get; set; }

        public ActionItem ToItem() => new()
        {
            Id = Id,
            Workspace = Workspace,
            IncidentId = IncidentId,
            Number = Number,
            Title = Title,
            Owner = StoredForm.PersonOrNull(OwnerId, OwnerName),
            DueOn = StoreHelpers.ReadDate(DueOn),
            Type = Enum.Parse<ActionItemType>(Type),
            Priority = (ActionItemPriority)Priority,
            Status = Enum.Parse<ActionItemStatus>(Status),
            Factor = Factor,
            Link = Link,
            CreatedBy = new Person(CreatedById, CreatedByName),
            CreatedAt = CreatedAt,
            ClosedAt = ClosedAt,
            DropReason = DropReason,
            Version = Version,
        };
    }
}
