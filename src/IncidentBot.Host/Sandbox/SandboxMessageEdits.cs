namespace IncidentBot.Host.Sandbox;

/// <summary>
/// Edits, deletions and pins of sandbox messages. <see cref="Core.Sandbox.ISandboxChannelStore"/> only
/// appends and lists, so until it can change a stored message this host keeps the changes in memory
/// (they last as long as the process; the captured timeline in the incident store is durable either way).
/// Every change bumps a revision so pages polling a channel pick up changes to messages they already show.
/// </summary>
internal sealed class SandboxMessageEdits
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, SandboxMessageChange> _changes = [];
    private long _revision;

    public long Revision
    {
        get
        {
            lock (_gate)
            {
                return _revision;
            }
        }
    }

    public SandboxMessageChange? Find(long messageId)
    {
        lock (_gate)
        {
            return _changes.GetValueOrDefault(messageId);
        }
    }

    public SandboxMessageChange Apply(long messageId, string channel, Func<SandboxMessageChange, SandboxMessageChange> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            var current = _changes.GetValueOrDefault(messageId) ?? new SandboxMessageChange(messageId, channel, 0);
            var next = change(current) with { Revision = ++_revision };
            _changes[messageId] = next;
            return next;
        }
    }

    /// <summary>Changes in a channel after <paramref name="revision"/>, to messages up to <paramref name="maxMessageId"/>.</summary>
    public IReadOnlyList<SandboxMessageChange> ChangedSince(string channel, long revision, long maxMessageId)
    {
        lock (_gate)
        {
            return [.. _changes.Values
                .Where(c => c.Revision > revision && c.MessageId <= maxMessageId && string.Equals(c.Channel, channel, StringComparison.Ordinal))
                .OrderBy(c => c.MessageId)];
        }
    }
}

/// <param name="Text">The edited text; null while unedited.</param>
internal sealed record SandboxMessageChange(
    long MessageId,
    string Channel,
    long Revision,
    string? Text = null,
    DateTimeOffset? EditedAt = null,
    DateTimeOffset? DeletedAt = null,
    bool Pinned = false);
