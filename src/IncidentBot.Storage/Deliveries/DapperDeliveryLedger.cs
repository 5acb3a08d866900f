using Dapper;
using IncidentBot.Core.Ports;

namespace IncidentBot.Storage.Deliveries;

/// <summary>
/// <see cref="IDeliveryLedger"/> over the <c>inbound_delivery</c> table. Beginning is an insert that only the first
/// delivery of an id wins; a later one takes over only a <c>processing</c> row whose lease has run out. Each step
/// is one statement, so concurrent deliveries of the same id (two replicas, or a retry overlapping the first)
/// see exactly one of them begin.
/// </summary>
internal sealed class DapperDeliveryLedger(StorageDatabase database) : IDeliveryLedger
{
    private const string Processing = "processing";
    private const string Done = "done";

    private const string InsertSql = """
        INSERT INTO inbound_delivery (workspace, delivery_id, state, owner, lease_until, started_at)
        VALUES (@workspace, @deliveryId, @state, @owner, @leaseUntil, @now)
        ON CONFLICT (workspace, delivery_id) DO NOTHING;
        """;

    private const string TakeOverSql = """
        UPDATE inbound_delivery
        SET owner = @owner, lease_until = @leaseUntil, started_at = @now
        WHERE workspace = @workspace AND delivery_id = @deliveryId AND state = @state AND lease_until <= @now;
        """;

    /// <summary>A row can vanish between the statements (its holder failed and released it); then the insert is tried again.</summary>
    private const int MaxRounds = 3;

    private readonly Dialects.SqlDialect _dialect = database.Dialect;

    public async Task<DeliveryStart> TryBeginAsync(
        string workspace, string deliveryId, string owner, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(deliveryId);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        var parameters = new
        {
            workspace,
            deliveryId,
            owner,
            state = Processing,
            now = _dialect.Instant(now),
            leaseUntil = _dialect.Instant(now + lease),
        };

        return await database.WriteAsync(async (connection, transaction) =>
        {
            for (var round = 1; ; round++)
            {
                if (await connection.ExecuteAsync(new CommandDefinition(InsertSql, parameters, transaction, cancellationToken: cancellationToken)) > 0
                    || await connection.ExecuteAsync(new CommandDefinition(TakeOverSql, parameters, transaction, cancellationToken: cancellationToken)) > 0)
                {
                    return DeliveryStart.Begun;
                }

                var state = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
                    "SELECT state FROM inbound_delivery WHERE workspace = @workspace AND delivery_id = @deliveryId;",
                    parameters,
                    transaction,
                    cancellationToken: cancellationToken));
                switch (state)
                {
                    case Done:
                        return DeliveryStart.AlreadyDone;
                    case Processing:
                        return DeliveryStart.InProgress;
                    case null when round < MaxRounds:
                        continue;
                    default:
                        return DeliveryStart.InProgress;
                }
            }
        }, cancellationToken);
    }

    public async Task<bool> CompleteAsync(string workspace, string deliveryId, string owner, DateTimeOffset completedAt, CancellationToken cancellationToken)
    {
        return await database.WriteAsync(async (connection, transaction) =>
        {
            return await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE inbound_delivery SET state = @done, completed_at = @completedAt
                WHERE workspace = @workspace AND delivery_id = @deliveryId AND owner = @owner AND state = @processing;
                """,
                new { workspace, deliveryId, owner, done = Done, processing = Processing, completedAt = _dialect.Instant(completedAt) },
                transaction,
                cancellationToken: cancellationToken)) > 0;
        }, cancellationToken);
    }

    public async Task<bool> ReleaseAsync(string workspace, string deliveryId, string owner, CancellationToken cancellationToken)
    {
        return await database.WriteAsync(async (connection, transaction) =>
        {
            return await connection.ExecuteAsync(new CommandDefinition(
                """
                DELETE FROM inbound_delivery
                WHERE workspace = @workspace AND delivery_id = @deliveryId AND owner = @owner AND state = @processing;
                """,
                new { workspace, deliveryId, owner, processing = Processing },
                transaction,
                cancellationToken: cancellationToken)) > 0;
        }, cancellationToken);
    }

    public async Task<int> ForgetBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        return await database.WriteAsync(async (connection, transaction) =>
        {
            return await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM inbound_delivery WHERE started_at < @before;",
                new { before = _dialect.Instant(before) },
                transaction,
                cancellationToken: cancellationToken));
        }, cancellationToken);
    }
}
