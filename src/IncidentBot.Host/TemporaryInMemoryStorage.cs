// TEMP until storage branch merges: delete this file; IncidentBot.Storage's real AddIncidentStorage takes over
// (the two extension methods share a name, so the build says so if both are present).
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Sandbox;
using IncidentBot.Core.Timeline;
using IncidentBot.Host.Health;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IncidentBot.Storage;

public static class TemporaryInMemoryStorage
{
    public static IServiceCollection AddIncidentStorage(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        services.TryAddSingleton<IIncidentStore, NotMergedIncidentStore>();
        services.TryAddSingleton<ISandboxChannelStore, TemporarySandboxChannelStore>();
        services.AddHealthChecks().AddCheck("storage", static () => HealthCheckResult.Healthy(), [HealthEndpoints.ReadyTag]);
        return services;
    }

    /// <summary>Incidents need the real store; until it is merged every call says so.</summary>
    private sealed class NotMergedIncidentStore : IIncidentStore
    {
        private static Task<T> NotMerged<T>() => Task.FromException<T>(new NotSupportedException("IIncidentStore arrives with the storage branch."));

        public Task<Incident> CreateIncidentAsync(Incident incident, IReadOnlyList<TimelineEvent> initialEvents, CancellationToken cancellationToken) => NotMerged<Incident>();

        public Task<Incident?> FindByNumberAsync(string workspace, int number, CancellationToken cancellationToken) => NotMerged<Incident?>();

        public Task<Incident?> FindByChannelAsync(string workspace, string channelId, CancellationToken cancellationToken) => NotMerged<Incident?>();

        public Task<IReadOnlyList<Incident>> ListIncidentsAsync(string workspace, IncidentListFilter filter, int limit, CancellationToken cancellationToken) => NotMerged<IReadOnlyList<Incident>>();

        public Task<Incident> SaveAsync(Incident incident, IReadOnlyList<TimelineEvent> newEvents, CancellationToken cancellationToken) => NotMerged<Incident>();

        public Task<AppendResult> AppendEventAsync(TimelineEvent timelineEvent, CancellationToken cancellationToken) => NotMerged<AppendResult>();

        public Task<IReadOnlyList<TimelineEvent>> GetTimelineAsync(string workspace, long incidentId, TimelineQuery query, CancellationToken cancellationToken) => NotMerged<IReadOnlyList<TimelineEvent>>();

        public Task<IReadOnlyList<TimelineEvent>> FindBySourceAsync(string workspace, string sourceId, CancellationToken cancellationToken) => NotMerged<IReadOnlyList<TimelineEvent>>();

        public Task<int> EditBySourceAsync(string workspace, string sourceId, string newText, DateTimeOffset editedAt, CancellationToken cancellationToken) => NotMerged<int>();

        public Task<int> WithdrawBySourceAsync(string workspace, string sourceId, TimelineEventKind? kind, DateTimeOffset withdrawnAt, CancellationToken cancellationToken) => NotMerged<int>();
    }

    /// <summary>Just enough of the sandbox's message store for the page to work before the real one lands.</summary>
    private sealed class TemporarySandboxChannelStore : ISandboxChannelStore
    {
        private readonly Lock _gate = new();
        private readonly List<SandboxMessage> _messages = [];

        public Task<SandboxMessage> PostAsync(SandboxMessage message, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                var stored = message with { Id = _messages.Count + 1 };
                _messages.Add(stored);
                return Task.FromResult(stored);
            }
        }

        public Task<IReadOnlyList<SandboxMessage>> ListAsync(string channel, string viewerId, long afterId, int limit, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                IReadOnlyList<SandboxMessage> page = [.. _messages
                    .Where(m => m.Id > afterId && string.Equals(m.Channel, channel, StringComparison.Ordinal)
                        && (m.VisibleTo is null || string.Equals(m.VisibleTo, viewerId, StringComparison.Ordinal)))
                    .Take(limit)];
                return Task.FromResult(page);
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
}
