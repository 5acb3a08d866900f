using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Dapper;
using IncidentBot.Core.Sandbox;

namespace IncidentBot.Storage.Sandbox;

/// <summary>
/// The sandbox chat's messages and their files, in their own tables (the sandbox is not a tenant, so no
/// workspace). Every write first takes the next revision from the one-row <c>sandbox_revision</c> table in its
/// transaction: on SQLite under the write lock of <c>BEGIN IMMEDIATE</c>, on PostgreSQL under that row's lock.
/// Writers therefore take turns, and revisions and message ids become visible in the order they were handed
/// out, so a poller that has seen revision <c>r</c> (or message id <c>n</c>) never later finds a lower one.
/// </summary>
internal sealed class DapperSandboxChannelStore(StorageDatabase database) : ISandboxChannelStore
{
    private const string Columns =
        "id, channel, author_id, author_name, from_bot, body, posted_at, visible_to, edited_at, deleted_at, pinned, revision";

    private const string AttachmentColumns = "id, message_id, file_name, title, media_type, length, page_path";

    private const string NextRevisionSql = "UPDATE sandbox_revision SET revision = revision + 1 WHERE id = 1 RETURNING revision;";

    private const string InsertMessageSql = $"""
        INSERT INTO sandbox_message (
            channel, author_id, author_name, from_bot, body, posted_at, visible_to, edited_at, deleted_at, pinned, revision)
        VALUES (
            @channel, @authorId, @authorName, @fromBot, @body, @postedAt, @visibleTo, @editedAt, @deletedAt, @pinned, @revision)
        RETURNING {Columns};
        """;

    private const string InsertAttachmentSql = $"""
        INSERT INTO sandbox_attachment (message_id, file_name, title, media_type, content, length, page_path)
        VALUES (@messageId, @fileName, @title, @mediaType, @content, @length, @pagePath)
        RETURNING {AttachmentColumns};
        """;

    private readonly Dialects.SqlDialect _dialect = database.Dialect;

    public async Task<SandboxMessage> PostAsync(SandboxMessage message, CancellationToken cancellationToken) =>
        (await PostAsync(message, [], cancellationToken)).Message;

    public async Task<SandboxPost> PostAsync(SandboxMessage message, IReadOnlyList<NewSandboxAttachment> attachments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(attachments);

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var revision = await NextRevisionAsync(connection, transaction, cancellationToken);
        var stored = await connection.QuerySingleAsync<MessageRow>(new CommandDefinition(
            InsertMessageSql,
            new
            {
                channel = message.Channel,
                authorId = message.AuthorId,
                authorName = message.AuthorName,
                fromBot = message.FromBot,
                body = message.Body,
                postedAt = _dialect.Instant(message.PostedAt),
                visibleTo = message.VisibleTo,
                editedAt = _dialect.Instant(message.EditedAt),
                deletedAt = _dialect.Instant(message.DeletedAt),
                pinned = message.Pinned,
                revision,
            },
            transaction,
            cancellationToken: cancellationToken));

        var files = new List<SandboxAttachment>(attachments.Count);
        foreach (var attachment in attachments)
        {
            var file = await connection.QuerySingleAsync<AttachmentRow>(new CommandDefinition(
                InsertAttachmentSql,
                new
                {
                    messageId = stored.Id,
                    fileName = attachment.FileName,
                    title = attachment.Title,
                    mediaType = attachment.MediaType,
                    content = attachment.Content,
                    length = (long)Encoding.UTF8.GetByteCount(attachment.Content),
                    pagePath = attachment.PagePath,
                },
                transaction,
                cancellationToken: cancellationToken));
            files.Add(file.ToAttachment());
        }

        await transaction.CommitAsync(cancellationToken);
        return new SandboxPost(stored.ToMessage(), files);
    }

    public async Task<SandboxMessage?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<MessageRow>(new CommandDefinition(
            $"SELECT {Columns} FROM sandbox_message WHERE id = @id;",
            new { id },
            cancellationToken: cancellationToken));
        return row?.ToMessage();
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

    public async Task<SandboxChanges> ListChangesAsync(string channel, string viewerId, long sinceRevision, long upToId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);

        // Read the counter first: every change up to it has committed (writers take turns), so the listing
        // below sees all of them; a later change that it happens to see as well is merely sent again next time.
        var current = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT revision FROM sandbox_revision WHERE id = 1;", cancellationToken: cancellationToken));
        var rows = (await connection.QueryAsync<MessageRow>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM sandbox_message
            WHERE channel = @channel AND id <= @upToId AND revision > @sinceRevision
              AND (visible_to IS NULL OR visible_to = @viewerId)
            ORDER BY revision
            LIMIT @limit;
            """,
            new { channel, viewerId, sinceRevision, upToId, limit },
            cancellationToken: cancellationToken))).ToList();
        var messages = rows.Select(row => row.ToMessage()).ToList();
        return new SandboxChanges(messages, messages.Count == limit ? messages[^1].Revision : current);
    }

    public async Task<IReadOnlyList<string>> ListChannelsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var channels = await connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT channel FROM sandbox_message GROUP BY channel ORDER BY {_dialect.OrdinalOrder("channel")};",
            cancellationToken: cancellationToken));
        return [.. channels];
    }

    public Task<SandboxMessage?> EditAsync(long id, string body, DateTimeOffset editedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        return ChangeAsync(
            "body = @body, edited_at = @editedAt",
            revision => new { id, revision, body, editedAt = _dialect.Instant(editedAt) },
            cancellationToken);
    }

    public Task<SandboxMessage?> DeleteAsync(long id, DateTimeOffset deletedAt, CancellationToken cancellationToken) =>
        ChangeAsync(
            "deleted_at = @deletedAt, pinned = @pinned",
            revision => new { id, revision, deletedAt = _dialect.Instant(deletedAt), pinned = false },
            cancellationToken);

    public Task<SandboxMessage?> SetPinnedAsync(long id, bool pinned, CancellationToken cancellationToken) =>
        ChangeAsync("pinned = @pinned", revision => new { id, revision, pinned }, cancellationToken);

    public async Task<IReadOnlyList<SandboxAttachment>> ListAttachmentsAsync(IReadOnlyCollection<long> messageIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        if (messageIds.Count == 0)
        {
            return [];
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AttachmentRow>(new CommandDefinition(
            $"""
            SELECT {AttachmentColumns} FROM sandbox_attachment
            WHERE {_dialect.IsAnyOf("message_id", "@messageIds")}
            ORDER BY message_id, id;
            """,
            new { messageIds = messageIds.Distinct().ToArray() },
            cancellationToken: cancellationToken));
        return [.. rows.Select(row => row.ToAttachment())];
    }

    public async Task<SandboxAttachmentFile?> GetAttachmentAsync(long id, string viewerId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<AttachmentRow>(new CommandDefinition(
            """
            SELECT a.id, a.message_id, a.file_name, a.title, a.media_type, a.length, a.page_path, a.content
            FROM sandbox_attachment a
            JOIN sandbox_message m ON m.id = a.message_id
            WHERE a.id = @id AND m.deleted_at IS NULL AND (m.visible_to IS NULL OR m.visible_to = @viewerId);
            """,
            new { id, viewerId },
            cancellationToken: cancellationToken));
        return row is null ? null : new SandboxAttachmentFile(row.ToAttachment(), row.Content);
    }

    private static Task<long> NextRevisionAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(NextRevisionSql, transaction: transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// Changes a message that is not deleted and gives it the next revision, in one transaction; when there is
    /// no such message nothing is committed (not even the revision) and the result is null.
    /// </summary>
    private async Task<SandboxMessage?> ChangeAsync(string assignments, Func<long, object> parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var revision = await NextRevisionAsync(connection, transaction, cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<MessageRow>(new CommandDefinition(
            $"""
            UPDATE sandbox_message SET {assignments}, revision = @revision
            WHERE id = @id AND deleted_at IS NULL
            RETURNING {Columns};
            """,
            parameters(revision),
            transaction,
            cancellationToken: cancellationToken));
        if (row is null)
        {
            await transaction.RollbackAsync(cancellationToken);
            return null;
        }

        await transaction.CommitAsync(cancellationToken);
        return row.ToMessage();
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
        public DateTimeOffset? EditedAt { get; set; }
        public DateTimeOffset? DeletedAt { get; set; }
        public bool Pinned { get; set; }
        public long Revision { get; set; }

        public SandboxMessage ToMessage() =>
            new(Id, Channel, AuthorId, AuthorName, FromBot, Body, PostedAt, VisibleTo, EditedAt, DeletedAt, Pinned, Revision);
    }

    [SuppressMessage("Performance", "CA1812:Avoid uninstantiated internal classes", Justification = "Materialised by Dapper.")]
    private sealed class AttachmentRow
    {
        public long Id { get; set; }
        public long MessageId { get; set; }
        public string FileName { get; set; } = "";
        public string Title { get; set; } = "";
        public string MediaType { get; set; } = "";
        public long Length { get; set; }
        public string? PagePath { get; set; }
        public string Content { get; set; } = "";

        public SandboxAttachment ToAttachment() => new(Id, MessageId, FileName, Title, MediaType, Length, PagePath);
    }
}
