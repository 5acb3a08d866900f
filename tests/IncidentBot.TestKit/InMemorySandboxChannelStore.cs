using IncidentBot.Core.Sandbox;

namespace IncidentBot.TestKit;

/// <summary><see cref="ISandboxChannelStore"/> in memory, with the SQL store's semantics. Thread-safe.</summary>
public sealed class InMemorySandboxChannelStore : ISandboxChannelStore
{
    private readonly Lock _gate = new();
    private readonly List<SandboxMessage> _messages = [];

    public Task<SandboxMessage> PostAsync(SandboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            // UTC to the microsecond, as the SQL stores keep instants.
            var postedAt = message.PostedAt.UtcTicks - (message.PostedAt.UtcTicks % TimeSpan.TicksPerMicrosecond);
            var posted = message with { Id = _messages.Count + 1, PostedAt = new DateTimeOffset(postedAt, TimeSpan.Zero) };
            _messages.Add(posted);
            return Task.FromResult(posted);
        }
    }

    public Task<IReadOnlyList<SandboxMessage>> ListAsync(string channel, string viewerId, long afterId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (_gate)
        {
            IReadOnlyList<SandboxMessage> visible = [.. _messages
                .Where(m => string.Equals(m.Channel, channel, StringComparison.Ordinal)
                    && m.Id > afterId
                    && (m.VisibleTo is null || string.Equals(m.VisibleTo, viewerId, StringComparison.Ordinal)))
                .Take(limit)];
            return Task.FromResult(visible);
        }
    }

    public Task<IReadOnlyList<string>> ListChannelsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<string> channels = [.. _messages.Select(m => m.Channel).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            return Task.FromResult(channels);
        }
    }
}
