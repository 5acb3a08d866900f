namespace IncidentBot.Core.Sandbox;

/// <summary>
/// The sandbox is a chat platform of our own for trying the bot without Slack or Teams: its channels'
/// messages (people's and the bot's) are kept here.
/// </summary>
public interface ISandboxChannelStore
{
    /// <summary>Stores a message and returns it with its id.</summary>
    Task<SandboxMessage> PostAsync(SandboxMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Messages in a channel with an id above <paramref name="afterId"/>, oldest first, that
    /// <paramref name="viewerId"/> may see (everything public, and private replies addressed to them).
    /// </summary>
    Task<IReadOnlyList<SandboxMessage>> ListAsync(string channel, string viewerId, long afterId, int limit, CancellationToken cancellationToken);

    /// <summary>Channel names that have any message, alphabetically.</summary>
    Task<IReadOnlyList<string>> ListChannelsAsync(CancellationToken cancellationToken);
}

/// <param name="Id">Store-assigned; 0 before saving.</param>
/// <param name="Body">For people: their text. For the bot: its reply rendered as Markdown.</param>
/// <param name="VisibleTo">A user id for a private reply; null when the whole channel sees it.</param>
public sealed record SandboxMessage(
    long Id,
    string Channel,
    string AuthorId,
    string AuthorName,
    bool FromBot,
    string Body,
    DateTimeOffset PostedAt,
    string? VisibleTo);
