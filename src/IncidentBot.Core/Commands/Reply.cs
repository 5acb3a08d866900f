namespace IncidentBot.Core.Commands;

/// <summary>
/// A platform-neutral message from the bot. Text in blocks is plain: adapters escape it for their markup
/// (mrkdwn, Adaptive Cards, HTML) so user text can never inject mentions, links or markup.
/// </summary>
public sealed record Reply(ReplyVisibility Visibility, IReadOnlyList<ReplyBlock> Blocks)
{
    public static Reply Private(params ReplyBlock[] blocks) => new(ReplyVisibility.Private, blocks);

    public static Reply InChannel(params ReplyBlock[] blocks) => new(ReplyVisibility.InChannel, blocks);

    public static Reply Error(string message, string usage) =>
        Private(new ErrorBlock(message), new UsageBlock(usage));

    /// <summary>A plain-text rendering for notifications, logs and platforms without rich messages.</summary>
    public string FallbackText => ReplyText.Render(this);
}

public enum ReplyVisibility
{
    /// <summary>Only the person who issued the command sees it (Slack ephemeral).</summary>
    Private,

    /// <summary>Everyone in the channel sees it.</summary>
    InChannel,
}

public abstract record ReplyBlock;

public sealed record HeadingBlock(string Text) : ReplyBlock;

public sealed record TextBlock(string Text) : ReplyBlock;

public sealed record FieldsBlock(IReadOnlyList<ReplyField> Fields) : ReplyBlock;

public sealed record ReplyField(string Label, string Value);

public sealed record ListBlock(IReadOnlyList<string> Items) : ReplyBlock;

/// <summary>Lines of a timeline, already formatted in the workspace's time zone.</summary>
public sealed record TimelineBlock(IReadOnlyList<TimelineLine> Lines, string TimeZoneId) : ReplyBlock;

/// <param name="When">Local time as shown (<c>14:05</c>, or <c>2026-11-21 14:05</c> once the incident spans days).</param>
public sealed record TimelineLine(string When, string Label, string Author, string Text, bool Edited, string? Link);

/// <summary>Small print under a message: hints, counts, the time zone in use.</summary>
public sealed record ContextBlock(string Text) : ReplyBlock;

public sealed record ErrorBlock(string Message) : ReplyBlock;

/// <summary>How to use a verb, shown with an error or on <c>help</c>.</summary>
public sealed record UsageBlock(string Usage) : ReplyBlock;

/// <summary>Buttons; pressing one runs <see cref="ReplyAction.CommandText"/> as if it had been typed.</summary>
public sealed record ActionsBlock(IReadOnlyList<ReplyAction> Actions) : ReplyBlock;

/// <summary>A document that goes with the message: a file upload in Slack, a download in the sandbox.</summary>
public sealed record AttachmentBlock(string FileName, string Title, string MediaType, string Content) : ReplyBlock
{
    /// <summary>
    /// A site-relative path where the host shows the same document as a web page (the postmortem's HTML
    /// rendering, for instance); null when there is none. Adapters may offer it beside the file.
    /// </summary>
    public string? PagePath { get; init; }

    /// <summary>
    /// <see cref="PagePath"/> as an absolute URL people outside the host can open (under <c>Web:PublicBaseUrl</c>);
    /// null when no public base URL is configured. Chat platforms link to it beside the file.
    /// </summary>
    public string? PageUrl { get; init; }
}

/// <param name="CommandText">For example <c>/postmortem draft</c>.</param>
public sealed record ReplyAction(string Id, string Label, string CommandText);
