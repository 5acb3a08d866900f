using System.Collections.Concurrent;
using IncidentBot.Core.Capture;
using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.Slack.Inbound;
using IncidentBot.Slack.Outbound;

namespace IncidentBot.Slack.Tests;

/// <summary>Core's command use case, faked at the adapter boundary: records commands and answers as scripted.</summary>
internal sealed class FakeCommandRunner : ISlackCommandRunner
{
    public ConcurrentQueue<ChatCommand> Commands { get; } = new();

    public Func<ChatCommand, CommandResult> Answer { get; set; } =
        command => CommandResult.Answer(Reply.Private(new TextBlock($"ran {command.Command} {command.Text}")));

    public Task<CommandResult> RunAsync(ChatCommand command, CancellationToken cancellationToken)
    {
        Commands.Enqueue(command);
        return Task.FromResult(Answer(command));
    }
}

/// <summary>Core's channel capture, faked at the adapter boundary: records every call.</summary>
internal sealed class RecordingCaptureSink : ISlackCaptureSink
{
    public ConcurrentQueue<object> Calls { get; } = new();

    /// <summary>Runs inside every call, e.g. a delay to make deliveries overlap, or a failure.</summary>
    public Func<CancellationToken, Task> During { get; set; } = _ => Task.CompletedTask;

    public IReadOnlyList<ChannelMessage> Captured => Calls.OfType<ChannelMessage>().ToList();

    public async Task<bool> CaptureAsync(ChannelMessage message, CancellationToken cancellationToken)
    {
        await During(cancellationToken);
        Calls.Enqueue(message);
        return true;
    }

    public async Task EditAsync(string workspaceId, string messageId, string newText, DateTimeOffset editedAt, CancellationToken cancellationToken)
    {
        await During(cancellationToken);
        Calls.Enqueue(new Edited(workspaceId, messageId, newText, editedAt));
    }

    public async Task DeleteAsync(string workspaceId, string messageId, DateTimeOffset deletedAt, CancellationToken cancellationToken)
    {
        await During(cancellationToken);
        Calls.Enqueue(new Deleted(workspaceId, messageId, deletedAt));
    }

    public async Task<bool> PromoteAsync(string workspaceId, string messageId, Person promotedBy, CancellationToken cancellationToken)
    {
        await During(cancellationToken);
        Calls.Enqueue(new Promoted(workspaceId, messageId, promotedBy));
        return true;
    }

    public async Task DemoteAsync(string workspaceId, string messageId, DateTimeOffset demotedAt, CancellationToken cancellationToken)
    {
        await During(cancellationToken);
        Calls.Enqueue(new Demoted(workspaceId, messageId, demotedAt));
    }

    public sealed record Edited(string WorkspaceId, string MessageId, string NewText, DateTimeOffset EditedAt);

    public sealed record Deleted(string WorkspaceId, string MessageId, DateTimeOffset DeletedAt);

    public sealed record Promoted(string WorkspaceId, string MessageId, Person PromotedBy);

    public sealed record Demoted(string WorkspaceId, string MessageId, DateTimeOffset DemotedAt);
}

/// <summary>An outbox that only records, for tests that look at what would be posted.</summary>
internal sealed class RecordingOutbox : ISlackOutbox
{
    public ConcurrentQueue<SlackOutboundMessage> Messages { get; } = new();

    public ValueTask EnqueueAsync(SlackOutboundMessage message, CancellationToken cancellationToken)
    {
        Messages.Enqueue(message);
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// A clock whose timers fire at once and move the clock forward by their due time, recording each wait: retry
/// and back-off delays can be asserted exactly without sleeping.
/// </summary>
internal sealed class InstantDelayTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _delays = [];
    private DateTimeOffset _now = start;

    public InstantDelayTimeProvider()
        : this(new DateTimeOffset(2026, 11, 21, 14, 0, 0, TimeSpan.Zero))
    {
    }

    public IReadOnlyList<TimeSpan> Delays
    {
        get
        {
            lock (_gate)
            {
                return [.. _delays];
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new InstantTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Fire(TimeSpan dueTime, TimerCallback callback, object? state)
    {
        lock (_gate)
        {
            _delays.Add(dueTime);
            _now += dueTime;
        }

        ThreadPool.QueueUserWorkItem(_ => callback(state));
    }

    private sealed class InstantTimer(InstantDelayTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private int _fired;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != Timeout.InfiniteTimeSpan && Interlocked.Exchange(ref _fired, 1) == 0)
            {
                owner.Fire(dueTime, callback, state);
            }

            return true;
        }

        public void Dispose() => Interlocked.Exchange(ref _fired, 1);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
