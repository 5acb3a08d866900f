using System.Text;
using IncidentBot.Core.Sandbox;

namespace IncidentBot.TestKit;

/// <summary><see cref="ISandboxChannelStore"/> in memory, with the SQL store's semantics. Thread-safe.</summary>
public sealed class InMemorySandboxChannelStore : ISandboxChannelStore
{
    private readonly Lock _gate = new();
    private readonly List<SandboxMessage> _messages = [];
    private readonly List<SandboxAttachmentFile> _attachments = [];
    private long _revision;

    public async Task<SandboxMessage> PostAsync(SandboxMessage message, CancellationToken cancellationToken) =>
        (await PostAsync(message, [], cancellationToken)).Message;

    public Task<SandboxPost> PostAsync(SandboxMessage message, IReadOnlyList<NewSandboxAttachment> attachments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(attachments);
        lock (_gate)
        {
            var posted = message with
            {
                Id = _messages.Count + 1,
                PostedAt = Utc(message.PostedAt),
                EditedAt = Utc(message.EditedAt),
                DeletedAt = Utc(message.DeletedAt),
                Revision = ++_revision,
            };
            _messages.Add(posted);
            var files = new List<SandboxAttachment>(attachments.Count);
            foreach (var attachment in attachments)
            {
                var file = new SandboxAttachment(
                    _attachments.Count + 1,
                    posted.Id,
                    attachment.FileName,
                    attachment.Title,
                    attachment.MediaType,
                    Encoding.UTF8.GetByteCount(attachment.Content),
                    attachment.PagePath);
                _attachments.Add(new SandboxAttachmentFile(file, attachment.Content));
                files.Add(file);
            }

            return Task.FromResult(new SandboxPost(posted, files));
        }
    }

    public Task<SandboxMessage?> GetAsync(long id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(Find(id));
        }
    }

    public Task<IReadOnlyList<SandboxMessage>> ListAsync(string channel, string viewerId, long afterId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (_gate)
        {
            IReadOnlyList<SandboxMessage> visible = [.. _messages
                .Where(m => InChannelFor(m, channel, viewerId) && m.Id > afterId)
                .Take(limit)];
            return Task.FromResult(visible);
        }
    }

    public Task<SandboxChanges> ListChangesAsync(string channel, string viewerId, long sinceRevision, long upToId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (_gate)
        {
            var changed = _messages
                .Where(m => InChannelFor(m, channel, viewerId) && m.Id <= upToId && m.Revision > sinceRevision)
                .OrderBy(m => m.Revision)
                .Take(limit)
                .ToList();
            return Task.FromResult(new SandboxChanges(changed, changed.Count == limit ? changed[^1].Revision : _revision));
        }
    }

    public Task<IReadOnlyList<string>> ListChannelsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<string> channels = [.. _messages.Select(m => m.Channel).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            return Task.FromResult(channels);
        }
    }

    public Task<SandboxMessage?> EditAsync(long id, string body, DateTimeOffset editedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Change(id, m => m with { Body = body, EditedAt = Utc(editedAt) });
    }

    public Task<SandboxMessage?> DeleteAsync(long id, DateTimeOffset deletedAt, CancellationToken cancellationToken) =>
        Change(id, m => m with { DeletedAt = Utc(deletedAt), Pinned = false });

    public Task<SandboxMessage?> SetPinnedAsync(long id, bool pinned, CancellationToken cancellationToken) =>
        Change(id, m => m with { Pinned = pinned });

    public Task<IReadOnlyList<SandboxAttachment>> ListAttachmentsAsync(IReadOnlyCollection<long> messageIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        lock (_gate)
        {
            IReadOnlyList<SandboxAttachment> files = [.. _attachments
                .Select(f => f.Attachment)
                .Where(a => messageIds.Contains(a.MessageId))
                .OrderBy(a => a.MessageId)
                .ThenBy(a => a.Id)];
            return Task.FromResult(files);
        }
    }

    public Task<SandboxAttachmentFile?> GetAttachmentAsync(long id, string viewerId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var file = _attachments.FirstOrDefault(f => f.Attachment.Id == id);
            var message = file is null ? null : Find(file.Attachment.MessageId);
            var visible = message is { DeletedAt: null }
                && (message.VisibleTo is null || string.Equals(message.VisibleTo, viewerId, StringComparison.Ordinal));
            return Task.FromResult(visible ? file : null);
        }
    }

    private static bool InChannelFor(SandboxMessage message, string channel, string viewerId) =>
        string.Equals(message.Channel, channel, StringComparison.Ordinal)
        && (message.VisibleTo is null || string.Equals(message.VisibleTo, viewerId, StringComparison.Ordinal));

    /// <summary>UTC to the microsecond, as the SQL stores keep instants.</summary>
    private static DateTimeOffset Utc(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);

    private static DateTimeOffset? Utc(DateTimeOffset? instant) => instant is { } value ? Utc(value) : null;

    private SandboxMessage? Find(long id) => id >= 1 && id <= _messages.Count ? _messages[(int)(id - 1)] : null;

    private Task<SandboxMessage?> Change(long id, Func<SandboxMessage, SandboxMessage> change)
    {
        lock (_gate)
        {
            if (Find(id) is not { DeletedAt: null } current)
            {
                return Task.FromResult<SandboxMessage?>(null);
            }

            var changed = change(current) with { Revision = ++_revision };
            _messages[(int)(id - 1)] = changed;
            return Task.FromResult<SandboxMessage?>(changed);
        }
    }
}
