using System.Diagnostics.CodeAnalysis;
using Dapper;
using IncidentBot.Core.Sandbox;

namespace IncidentBot.Storage.Sandbox;

/// <summary>The sandbox chat's messages, in their own table (the sandbox is not a tenant, so no workspace).</summary>
internal sealed class DapperSandboxChannelStore(StorageDatabase database) : ISandboxChannelStore
{
    private const string Columns = "id, channel, author_id, author_name, from_bot, body, posted_at, visible_to";

    public async Task<SandboxMessage> PostAsync(SandboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return await database.WriteAsync(async (connection, transaction) =>
        {
            var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO sandbox_message (channel, author_id, author_name, from_bot, body, posted_at, visible_to)
                VALUES (@channel, @authorId, @authorName, @fromBot, @body, @postedAt, @visibleTo)
                RETURNING id;
                """,
                new
                {
                    channel = message.Channel,
                    authorId = message.AuthorId,
                    authorName = message.AuthorName,
                    fromBot = message.FromBot,
                    body = message.Body,
                    postedAt = database.Dialect.Instant(message.PostedAt),
                    visibleTo = message.VisibleTo,
                },
                transaction,
                cancellationToken: cancellationToken));
            return StoredForm.Of(message) with { Id = id };
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<SandboxMessage>> ListAsync(string channel, string viewerId, long afterId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<MessageRow>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM sandbox_message
            WHERE channel = @channel AND id > @afterId AND (visible_to IS NULL OR visible_to = @viewerId)
            ORDER BY id
            LIMIT @limit;
            """,
            new { channel, viewerId, afterId, limit },
            cancellationToken: cancellationToken));
        return [.. rows.Select(row => row.ToMessage())];
    }

    public async Task<IReadOnlyList<string>> ListChannelsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var channels = await connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT channel FROM sandbox_message GROUP BY channel ORDER BY {database.Dialect.OrdinalOrder("channel")};",
            cancellationToken: cancellationToken));
        return [.. channels];
    }

    [SuppressMessage("Performance", "CA1812:Avoid uninstantiated internal classes", Justification = "Materialised by Dapper.")]
    private sealed class MessageRow
    {
        public long Id { get; set; }
        public string Channel { get; set; } = "";
        public string AuthorId { get; set; } = "";
        public string AuthorName { get; set; } = "";
        public bool FromBot { get; set; }
        public string Body { get; set; } = "";
        public DateTimeOffset PostedAt { get; set; }
        public string? VisibleTo { get; set; }

        public SandboxMessage ToMessage() =>
            new(Id, Channel, AuthorId, AuthorName, FromBot, Body, PostedAt, VisibleTo);
    }
}
