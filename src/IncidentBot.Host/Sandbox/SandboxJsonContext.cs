using System.Text.Json;
using System.Text.Json.Serialization;

namespace IncidentBot.Host.Sandbox;

/// <summary><c>POST /sandbox/commands</c> and <c>POST /sandbox/messages</c>: a user name, a channel and text.</summary>
public sealed record SandboxPostRequest(string? User, string? Channel, string? Text);

/// <summary><c>PUT /sandbox/messages/{id}</c>: the author's name and the new text.</summary>
public sealed record SandboxEditRequest(string? User, string? Text);

/// <summary><c>POST /sandbox/messages/{id}/pin</c>: who pins it.</summary>
public sealed record SandboxUserRequest(string? User);

/// <param name="Text">A person's text as typed (insert it as text, never as HTML); null for the bot and when deleted.</param>
/// <param name="Html">The bot's message as safe HTML; null for people.</param>
/// <param name="Private">Only the viewer sees it (a private reply to their command).</param>
/// <param name="Attachments">Files that go with the bot's message, shown as file chips; empty for most messages.</param>
public sealed record SandboxMessageDto(
    long Id,
    string Channel,
    string AuthorId,
    string AuthorName,
    bool FromBot,
    string? Text,
    string? Html,
    DateTimeOffset PostedAt,
    bool Private,
    DateTimeOffset? EditedAt,
    bool Deleted,
    bool Pinned,
    IReadOnlyList<SandboxAttachmentDto> Attachments);

/// <summary>A file chip: what the file is and where to view or download it (site-relative URLs built by the server).</summary>
/// <param name="Size">Bytes, as UTF-8.</param>
/// <param name="ViewUrl">Markdown as a safe HTML page, anything else as plain text.</param>
/// <param name="DownloadUrl">The file itself, as a download with its file name.</param>
/// <param name="PageUrl">The same document as a page of the host's (a postmortem version); null when there is none.</param>
public sealed record SandboxAttachmentDto(
    long Id,
    string FileName,
    string Title,
    string MediaType,
    long Size,
    string ViewUrl,
    string DownloadUrl,
    string? PageUrl);

/// <param name="Messages">Messages after <c>after</c>, oldest first.</param>
/// <param name="Updates">Messages at or before <c>after</c> that were edited, deleted, pinned or unpinned since <c>since</c>.</param>
/// <param name="LastId">Pass as <c>after</c> next time.</param>
/// <param name="Revision">Pass as <c>since</c> next time.</param>
/// <param name="HasMore">More messages follow; ask again straight away.</param>
public sealed record SandboxMessagesResponse(
    string Channel,
    IReadOnlyList<SandboxMessageDto> Messages,
    IReadOnlyList<SandboxMessageUpdate> Updates,
    long LastId,
    long Revision,
    bool HasMore);

/// <summary>The current state of a message the page already shows.</summary>
public sealed record SandboxMessageUpdate(long Id, string? Text, DateTimeOffset? EditedAt, bool Deleted, bool Pinned);

public sealed record SandboxChannelsResponse(IReadOnlyList<string> Channels);

/// <param name="Reply">The bot's answer, private to the user or in the channel.</param>
/// <param name="Announcements">What the command posted into channels (for example the new incident channel).</param>
public sealed record SandboxCommandResponse(SandboxMessageDto Reply, IReadOnlyList<SandboxMessageDto> Announcements);

/// <param name="Capture">
/// What the bot made of it. A new message or a pin: <c>captured</c> (it joined an incident's transcript or timeline)
/// or <c>ignored</c> (no incident here). An edit, deletion or unpin: <c>updated</c>. Any of them: <c>failed</c>
/// (the bot failed; the server log says why; the message itself stands, as on Slack).
/// </param>
public sealed record SandboxMessageResponse(SandboxMessageDto Message, string Capture);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SandboxPostRequest))]
[JsonSerializable(typeof(SandboxEditRequest))]
[JsonSerializable(typeof(SandboxUserRequest))]
[JsonSerializable(typeof(SandboxMessagesResponse))]
[JsonSerializable(typeof(SandboxChannelsResponse))]
[JsonSerializable(typeof(SandboxCommandResponse))]
[JsonSerializable(typeof(SandboxMessageResponse))]
internal sealed partial class SandboxJsonContext : JsonSerializerContext;
