using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;

namespace IncidentBot.TestKit;

/// <summary>
/// An <see cref="IChatNotifier"/> that records what it was asked to post, and can be told to fail. Like a notifier with
/// a durable outbox, a second post with the same workspace and dedupe key records nothing (see <see cref="Attempts"/>).
/// </summary>
public sealed class RecordingChatNotifier(Platform platform = Platform.Sandbox) : IChatNotifier
{
    private readonly Lock _gate = new();
    private readonly List<PostedMessage> _posted = [];
    private readonly HashSet<(string Workspace, string DedupeKey)> _keys = [];
    private int _attempts;

    public Platform Platform => platform;

    /// <summary>While set, every post throws this instead of being recorded (a platform outage).</summary>
    public Exception? FailWith { get; set; }

    /// <summary>Called inside every post, before it is recorded (to interleave work, or slow it down).</summary>
    public Func<CancellationToken, Task>? OnPost { get; set; }

    public IReadOnlyList<PostedMessage> Posted
    {
        get
        {
            lock (_gate)
            {
                return [.. _posted];
            }
        }
    }

    /// <summary>Every post asked for, duplicates included.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    public IReadOnlyList<PostedMessage> To(string channelId) =>
        [.. Posted.Where(p => string.Equals(p.Channel.Id, channelId, StringComparison.Ordinal))];

    public async Task PostAsync(string workspace, ChannelRef channel, Reply message, string dedupeKey, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        if (OnPost is { } hook)
        {
            await hook(cancellationToken);
        }

        if (FailWith is { } failure)
        {
            throw failure;
        }

        lock (_gate)
        {
            if (_keys.Add((workspace, dedupeKey)))
            {
                _posted.Add(new PostedMessage(channel, message, workspace, dedupeKey));
            }
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            // The keys stay: like an outbox, a message once queued is never queued again.
            _posted.Clear();
        }
    }
}

public sealed record PostedMessage(ChannelRef Channel, Reply Message, string Workspace, string DedupeKey)
{
    public string Text => Message.FallbackText;
}
