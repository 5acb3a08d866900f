using IncidentBot.Core.Capture;
using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;

namespace IncidentBot.Slack.Inbound;

/// <summary>
/// The adapter's only view of Core's command use case. The default delegates to <see cref="CommandService"/>;
/// tests of the adapter alone may substitute a fake here, at the adapter boundary.
/// </summary>
internal interface ISlackCommandRunner
{
    Task<CommandResult> RunAsync(ChatCommand command, CancellationToken cancellationToken);
}

/// <summary>The adapter's only view of Core's channel capture; the default delegates to <see cref="ChannelCapture"/>.</summary>
internal interface ISlackCaptureSink
{
    Task<bool> CaptureAsync(ChannelMessage message, CancellationToken cancellationToken);

    Task EditAsync(string workspaceId, string messageId, string newText, DateTimeOffset editedAt, CancellationToken cancellationToken);

    Task DeleteAsync(string workspaceId, string messageId, DateTimeOffset deletedAt, CancellationToken cancellationToken);

    Task<bool> PromoteAsync(string workspaceId, string messageId, Person promotedBy, CancellationToken cancellationToken);

    Task DemoteAsync(string workspaceId, string messageId, DateTimeOffset demotedAt, CancellationToken cancellationToken);
}

internal sealed class CoreCommandRunner(CommandService commands) : ISlackCommandRunner
{
    public Task<CommandResult> RunAsync(ChatCommand command, CancellationToken cancellationToken) =>
        commands.HandleAsync(command, cancellationToken);
}

internal sealed class CoreCaptureSink(ChannelCapture capture) : ISlackCaptureSink
{
    public Task<bool> CaptureAsync(ChannelMessage message, CancellationToken cancellationToken) =>
        capture.CaptureAsync(message, cancellationToken);

    public Task EditAsync(string workspaceId, string messageId, string newText, DateTimeOffset editedAt, CancellationToken cancellationToken) =>
        capture.EditAsync(Platform.Slack, workspaceId, messageId, newText, editedAt, cancellationToken);

    public Task DeleteAsync(string workspaceId, string messageId, DateTimeOffset deletedAt, CancellationToken cancellationToken) =>
        capture.DeleteAsync(Platform.Slack, workspaceId, messageId, deletedAt, cancellationToken);

    public Task<bool> PromoteAsync(string workspaceId, string messageId, Person promotedBy, CancellationToken cancellationToken) =>
        capture.PromoteAsync(Platform.Slack, workspaceId, messageId, promotedBy, cancellationToken);

    public Task DemoteAsync(string workspaceId, string messageId, DateTimeOffset demotedAt, CancellationToken cancellationToken) =>
        capture.DemoteAsync(Platform.Slack, workspaceId, messageId, demotedAt, cancellationToken);
}
