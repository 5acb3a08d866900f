namespace IncidentBot.Core.Sandbox;

/// <summary>A file that goes with a sandbox message (a postmortem draft, a calendar invite), without its content.</summary>
/// <param name="Id">Store-assigned.</param>
/// <param name="FileName">What a download is called: <c>INC-1-postmortem-v2.md</c>.</param>
/// <param name="Title">What the file chip says: <c>INC-1 postmortem draft v2</c>.</param>
/// <param name="MediaType"><c>text/markdown</c>, <c>text/calendar</c> …</param>
/// <param name="Length">The content's size in bytes, as UTF-8.</param>
/// <param name="PagePath">A site-relative path where the host shows the same document as a web page; null when there is none.</param>
public sealed record SandboxAttachment(
    long Id,
    long MessageId,
    string FileName,
    string Title,
    string MediaType,
    long Length,
    string? PagePath);

/// <summary>A file to store with a new message.</summary>
public sealed record NewSandboxAttachment(string FileName, string Title, string MediaType, string Content, string? PagePath);

/// <summary>A file with its content.</summary>
public sealed record SandboxAttachmentFile(SandboxAttachment Attachment, string Content);

/// <summary>A stored message and its files, in the order they were given.</summary>
public sealed record SandboxPost(SandboxMessage Message, IReadOnlyList<SandboxAttachment> Attachments);

/// <param name="Messages">The changed messages as they are now, in revision order.</param>
/// <param name="Revision">Pass as <c>sinceRevision</c> next time: every change up to it is in <paramref name="Messages"/> or was before.</param>
public sealed record SandboxChanges(IReadOnlyList<SandboxMessage> Messages, long Revision);
