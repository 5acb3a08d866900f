namespace IncidentBot.Core.Sandbox;

/// <summary>
/// The sandbox is a chat platform of our own for trying the bot without Slack or Teams: its channels'
/// messages (people's and the bot's) and the files that go with the bot's messages are kept here.
/// </summary>
/// <remarks>
/// Every change (a post, an edit, a deletion, a pin or unpin) takes the next value of one store-wide
/// <see cref="SandboxMessage.Revision"/> counter, and changes become visible in revision order, so a page
/// that shows a channel polls for new messages after the last id it has and for changes since the last
/// revision it has, and misses nothing.
/// </remarks>
public interface ISandboxChannelStore
{
    /// <summary>Stores a message and returns it with its id and revision.</summary>
    Task<SandboxMessage> PostAsync(SandboxMessage message, CancellationToken cancellationToken);

    /// <summary>Stores a message with the files that go with it, in one transaction.</summary>
    Task<SandboxPost> PostAsync(SandboxMessage message, IReadOnlyList<NewSandboxAttachment> attachments, CancellationToken cancellationToken);

    /// <summary>The message with this id as it is now (deleted ones too, with <see cref="SandboxMessage.DeletedAt"/>); null when there is none.</summary>
    Task<SandboxMessage?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>
    /// Messages in a channel with an id above <paramref name="afterId"/>, oldest first, as they are now, that
    /// <paramref name="viewerId"/> may see (everything public, and private replies addressed to them).
    /// Deleted messages are listed too, so a page can show where they were.
    /// </summary>
    Task<IReadOnlyList<SandboxMessage>> ListAsync(string channel, string viewerId, long afterId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Messages in a channel with an id up to <paramref name="upToId"/> that changed after revision
    /// <paramref name="sinceRevision"/> and that <paramref name="viewerId"/> may see, in revision order.
    /// </summary>
    Task<SandboxChanges> ListChangesAsync(string channel, string viewerId, long sinceRevision, long upToId, int limit, CancellationToken cancellationToken);

    /// <summary>Channel names that have any message, alphabetically.</summary>
    Task<IReadOnlyList<string>> ListChannelsAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the text of a message that is not deleted. Returns it as it is now, or null when there is no such message.</summary>
    Task<SandboxMessage?> EditAsync(long id, string body, DateTimeOffset editedAt, CancellationToken cancellationToken);

    /// <summary>
    /// Marks a message deleted (it stays stored, as the timeline keeps withdrawn events) and unpins it.
    /// Returns it as it is now, or null when there is no such message or it is deleted already.
    /// </summary>
    Task<SandboxMessage?> DeleteAsync(long id, DateTimeOffset deletedAt, CancellationToken cancellationToken);

    /// <summary>Pins or unpins a message that is not deleted. Returns it as it is now, or null when there is no such message.</summary>
    Task<SandboxMessage?> SetPinnedAsync(long id, bool pinned, CancellationToken cancellationToken);

    /// <summary>The files of these messages, by message id then attachment id; without their content.</summary>
    /// <remarks>Visibility is the messages': pass only ids of messages the viewer was shown.</remarks>
    Task<IReadOnlyList<SandboxAttachment>> ListAttachmentsAsync(IReadOnlyCollection<long> messageIds, CancellationToken cancellationToken);

    /// <summary>
    /// One file with its content, when <paramref name="viewerId"/> may see its message (public, or a private reply
    /// to them) and the message is not deleted; otherwise null, exactly as if there were no such file.
    /// </summary>
    Task<SandboxAttachmentFile?> GetAttachmentAsync(long id, string viewerId, CancellationToken cancellationToken);
}

/// <param name="Id">Store-assigned; 0 before saving.</param>
/// <param name="Body">For people: their text (the latest edit). For the bot: its reply rendered as Markdown.</param>
/// <param name="VisibleTo">A user id for a private reply; null when the whole channel sees it.</param>
/// <param name="EditedAt">When the text was last edited; null while it is as first posted.</param>
/// <param name="DeletedAt">When it was deleted; null while it stands.</param>
/// <param name="Pinned">Pinned to the channel (in an incident channel: on the incident's timeline).</param>
/// <param name="Revision">Store-assigned: the revision of the message's latest change (its post, edit, deletion or pin).</param>
public sealed record SandboxMessage(
    long Id,
    string Channel,
    string AuthorId,
    string AuthorName,
    bool FromBot,
    string Body,
    DateTimeOffset PostedAt,
    string? VisibleTo,
    DateTimeOffset? EditedAt = null,
    DateTimeOffset? DeletedAt = null,
    bool Pinned = false,
    long Revision = 0);
