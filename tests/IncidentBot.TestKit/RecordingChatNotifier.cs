using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;

namespace IncidentBot.TestKit;

/// <summary>An <see cref="IChatNotifier"/> that records what it was asked to post, and can be told to fail.</summary>
public sealed class RecordingChatNotifier(Platform platform = Platform.Sandbox) : IChatNotifier
{
    private readonly Lock _gate = new();
    private readonly List<PostedMessage> _posted = [];

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

    public IReadOnlyList<PostedMessage> To(string channelId) =>
        [.. Posted.Where(p => string.Equals(p.Channel.Id, channelId, StringComparison.Ordinal))];

    public async Task PostAsync(ChannelRef channel, Reply message, CancellationToken cancellationToken)
    {
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
            _posted.Add(new PostedMessage(channel, message));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _posted.Clear();
        }
    }
}

public sealed record PostedMessage(ChannelRef Channel, Reply Message)
{
    public string Text => Message.FallbackText;
}
