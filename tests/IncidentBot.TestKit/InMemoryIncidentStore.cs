using System.Globalization;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Timeline;

namespace IncidentBot.TestKit;

/// <summary>
/// <see cref="IIncidentStore"/> in memory, with the semantics of the SQL store (the storage contract tests run
/// against both): per-workspace numbers, optimistic versions, idempotent appends by source, instants kept in
/// UTC to the microsecond (returned that way by writes too), and the same exceptions. Thread-safe; every
/// call is atomic.
/// </summary>
public sealed class InMemoryIncidentStore : IIncidentStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, Incident> _incidents = [];
    private readonly Dictionary<string, int> _lastNumbers = new(StringComparer.Ordinal);
    private readonly List<TimelineEvent> _events = [];
    private readonly Dictionary<(string Workspace, string SourceId, TimelineMarkerKind Kind, string Holder), (bool Present, DateTimeOffset ChangedAt)> _markers = [];
    private long _lastIncidentId;
    private long _lastEventId;

    public Task<Incident> CreateIncidentAsync(Incident incident, IReadOnlyList<TimelineEvent> initialEvents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(initialEvents);
        EnsureSameWorkspace(incident.Workspace, initialEvents);
        lock (_gate)
        {
            EnsureSourcesAreNew(initialEvents);
            _lastNumbers.TryGetValue(incident.Workspace, out var lastNumber);
            _lastNumbers[incident.Workspace] = lastNumber + 1;
            var created = Stored(incident) with { Id = ++_lastIncidentId, Number = lastNumber + 1, Version = 1 };
            _incidents[created.Id] = created;
            foreach (var timelineEvent in initialEvents)
            {
                Add(timelineEvent with { IncidentId = created.Id });
            }

            return Task.FromResult(created);
        }
    }

    public Task<Incident?> FindByNumberAsync(string workspace, int number, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_incidents.Values.FirstOrDefault(i => IsIn(i, workspace) && i.Number == number));
        }
    }

    public Task<Incident?> FindByIdAsync(string workspace, long id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_incidents.TryGetValue(id, out var incident) && IsIn(incident, workspace) ? incident : null);
        }
    }

    public Task<Incident?> FindByChannelAsync(string workspace, string channelId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(NewestFirst(_incidents.Values.Where(i =>
                IsIn(i, workspace) && string.Equals(i.Channel.Id, channelId, StringComparison.Ordinal))).FirstOrDefault());
        }
    }

    public Task<IReadOnlyList<Incident>> ListIncidentsAsync(string workspace, IncidentListFilter filter, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        Func<Incident, bool> wanted = filter switch
        {
            IncidentListFilter.Open => i => i.IsOpen,
            IncidentListFilter.All => _ => true,
            _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, "Unknown incident list filter."),
        };
        lock (_gate)
        {
            IReadOnlyList<Incident> list = [.. NewestFirst(_incidents.Values.Where(i => IsIn(i, workspace) && wanted(i))).Take(limit)];
            return Task.FromResult(list);
        }
    }

    public Task<Incident> SaveAsync(Incident incident, IReadOnlyList<TimelineEvent> newEvents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(newEvents);
        EnsureSameWorkspace(incident.Workspace, newEvents);
        foreach (var timelineEvent in newEvents)
        {
            if (timelineEvent.IncidentId != 0 && timelineEvent.IncidentId != incident.Id)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"A timeline event of incident {timelineEvent.IncidentId} cannot be saved with incident {incident.Id}."),
                    nameof(newEvents));
            }
        }

        lock (_gate)
        {
            var stored = StoredIncident(incident.Workspace, incident.Id);
            if (stored.Version != incident.Version)
            {
                throw new ConcurrencyConflictException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{incident.Reference} was changed by someone else since version {incident.Version}; read it again and retry."));
            }

            EnsureSourcesAreNew(newEvents);
            var saved = Stored(incident) with { Number = stored.Number, Version = stored.Version + 1 };
            _incidents[saved.Id] = saved;
            foreach (var timelineEvent in newEvents)
            {
                Add(timelineEvent with { IncidentId = saved.Id });
            }

            return Task.FromResult(saved);
        }
    }

    public Task<AppendResult> AppendEventAsync(TimelineEvent timelineEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timelineEvent);
        lock (_gate)
        {
            StoredIncident(timelineEvent.Workspace, timelineEvent.IncidentId);
            var index = timelineEvent.SourceId is null ? -1 : _events.FindIndex(e => IsSameSource(e, timelineEvent));
            if (index < 0)
            {
                return Task.FromResult(new AppendResult(Add(timelineEvent), Added: true));
            }

            var existing = _events[index];
            if (!existing.IsWithdrawn)
            {
                return Task.FromResult(new AppendResult(existing, Added: false));
            }

            var restored = existing with { WithdrawnAt = null };
            _events[index] = restored;
            return Task.FromResult(new AppendResult(restored, Added: true));
        }
    }

    public Task<IReadOnlyList<TimelineEvent>> GetTimelineAsync(string workspace, long incidentId, TimelineQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        Func<TimelineEvent, bool> inScope = query.Scope switch
        {
            TimelineScope.KeyEvents => e => e.Kind != TimelineEventKind.Message,
            TimelineScope.Transcript => e => e.Kind == TimelineEventKind.Message,
            TimelineScope.All => _ => true,
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.Scope, "Unknown timeline scope."),
        };
        lock (_gate)
        {
            IReadOnlyList<TimelineEvent> timeline = [.. _events
                .Where(e => IsIn(e, workspace) && e.IncidentId == incidentId && inScope(e) && (query.IncludeWithdrawn || !e.IsWithdrawn))
                .Order(TimelineOrder.Instance)];
            return Task.FromResult(timeline);
        }
    }

    public Task<IReadOnlyList<TimelineEvent>> FindBySourceAsync(string workspace, string sourceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<TimelineEvent> found = [.. _events
                .Where(e => IsIn(e, workspace) && IsFrom(e, sourceId) && !e.IsWithdrawn)
                .Order(TimelineOrder.Instance)];
            return Task.FromResult(found);
        }
    }

    public Task<int> EditBySourceAsync(string workspace, string sourceId, string newText, DateTimeOffset editedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(newText);
        lock (_gate)
        {
            // Withdrawn events are edited too, as in the SQL store.
            var changed = 0;
            for (var i = 0; i < _events.Count; i++)
            {
                var e = _events[i];
                if (IsIn(e, workspace) && IsFrom(e, sourceId) && !string.Equals(e.Text, newText, StringComparison.Ordinal))
                {
                    _events[i] = e with { OriginalText = e.OriginalText ?? e.Text, Text = newText, EditedAt = Stored(editedAt) };
                    changed++;
                }
            }

            return Task.FromResult(changed);
        }
    }

    public Task<int> WithdrawBySourceAsync(string workspace, string sourceId, TimelineEventKind? kind, DateTimeOffset withdrawnAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var withdrawn = 0;
            for (var i = 0; i < _events.Count; i++)
            {
                var e = _events[i];
                if (IsIn(e, workspace) && IsFrom(e, sourceId) && !e.IsWithdrawn && (kind is null || e.Kind == kind))
                {
                    _events[i] = e with { WithdrawnAt = Stored(withdrawnAt) };
                    withdrawn++;
                }
            }

            return Task.FromResult(withdrawn);
        }
    }

    public Task<TimelineMarkerResult> AddTimelineMarkerAsync(string workspace, string sourceId, TimelineMarker marker, DateTimeOffset at, DateTimeOffset recordedAt, CancellationToken cancellationToken) =>
        Task.FromResult(ChangeMarker(workspace, sourceId, marker, present: true, at, recordedAt));

    public Task<TimelineMarkerResult> RemoveTimelineMarkerAsync(string workspace, string sourceId, TimelineMarker marker, DateTimeOffset at, CancellationToken cancellationToken) =>
        Task.FromResult(ChangeMarker(workspace, sourceId, marker, present: false, at, recordedAt: at));

    /// <summary>Whether the workspace has an incident with this id (what a foreign key to the incident checks).</summary>
    internal bool HasIncident(string workspace, long incidentId)
    {
        lock (_gate)
        {
            return _incidents.TryGetValue(incidentId, out var stored) && IsIn(stored, workspace);
        }
    }

    private static bool IsIn(Incident incident, string workspace) => string.Equals(incident.Workspace, workspace, StringComparison.Ordinal);

    private static bool IsIn(TimelineEvent timelineEvent, string workspace) => string.Equals(timelineEvent.Workspace, workspace, StringComparison.Ordinal);

    private static bool IsFrom(TimelineEvent timelineEvent, string sourceId) => string.Equals(timelineEvent.SourceId, sourceId, StringComparison.Ordinal);

    private static bool IsSameSource(TimelineEvent x, TimelineEvent y) =>
        x.SourceId is not null
        && x.Kind == y.Kind
        && string.Equals(x.Workspace, y.Workspace, StringComparison.Ordinal)
        && string.Equals(x.SourceId, y.SourceId, StringComparison.Ordinal);

    private static IEnumerable<Incident> NewestFirst(IEnumerable<Incident> incidents) =>
        incidents.OrderByDescending(i => i.DeclaredAt.UtcTicks).ThenByDescending(i => i.Number);

    private static void EnsureSameWorkspace(string workspace, IReadOnlyList<TimelineEvent> events)
    {
        foreach (var timelineEvent in events)
        {
            if (!string.Equals(timelineEvent.Workspace, workspace, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"A timeline event of workspace '{timelineEvent.Workspace}' cannot be saved with an incident of workspace '{workspace}'.",
                    nameof(events));
            }
        }
    }

    /// <summary>UTC, to the microsecond: PostgreSQL's timestamptz precision, which every store keeps to.</summary>
    private static DateTimeOffset Stored(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);

    private static DateTimeOffset? Stored(DateTimeOffset? instant) => instant is { } value ? Stored(value) : null;

    private static Incident Stored(Incident incident) => incident with
    {
        DeclaredAt = Stored(incident.DeclaredAt),
        Times = new KeyTimes
        {
            ImpactStartedAt = Stored(incident.Times.ImpactStartedAt),
            DetectedAt = Stored(incident.Times.DetectedAt),
            AcknowledgedAt = Stored(incident.Times.AcknowledgedAt),
            MitigatedAt = Stored(incident.Times.MitigatedAt),
            ResolvedAt = Stored(incident.Times.ResolvedAt),
        },
    };

    private static TimelineEvent Stored(TimelineEvent timelineEvent) => timelineEvent with
    {
        OccurredAt = Stored(timelineEvent.OccurredAt),
        RecordedAt = Stored(timelineEvent.RecordedAt),
        EditedAt = Stored(timelineEvent.EditedAt),
        WithdrawnAt = Stored(timelineEvent.WithdrawnAt),
    };

    private Incident StoredIncident(string workspace, long id) =>
        _incidents.TryGetValue(id, out var stored) && IsIn(stored, workspace)
            ? stored
            : throw new KeyNotFoundException(string.Create(CultureInfo.InvariantCulture, $"Workspace '{workspace}' has no incident with id {id}."));

    /// <summary>A batch is refused whole when one of its sources is already stored (or repeats within it).</summary>
    private void EnsureSourcesAreNew(IReadOnlyList<TimelineEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            var candidate = events[i];
            if (candidate.SourceId is not null
                && (_events.Exists(e => IsSameSource(e, candidate)) || events.Take(i).Any(e => IsSameSource(e, candidate))))
            {
                throw new InvalidOperationException(
                    $"A {candidate.Kind} event from source '{candidate.SourceId}' is already stored in workspace '{candidate.Workspace}'; use AppendEventAsync for idempotent re-delivery.");
            }
        }
    }

    /// <summary>As the SQL store: the marker's change (unless stale or a repeat), then the key entry in step with the markers.</summary>
    private TimelineMarkerResult ChangeMarker(string workspace, string sourceId, TimelineMarker marker, bool present, DateTimeOffset at, DateTimeOffset recordedAt)
    {
        ArgumentNullException.ThrowIfNull(sourceId);
        ArgumentNullException.ThrowIfNull(marker);
        var changedAt = Stored(at);
        lock (_gate)
        {
            var message = _events.Find(e => IsIn(e, workspace) && IsFrom(e, sourceId) && e.Kind == TimelineEventKind.Message && !e.IsWithdrawn);
            if (message is null)
            {
                return TimelineMarkerResult.NotCaptured;
            }

            var key = (workspace, sourceId, marker.Kind, marker.Holder);
            bool markerChanged;
            if (!_markers.TryGetValue(key, out var current))
            {
                _markers[key] = (present, changedAt);
                markerChanged = present;
            }
            else if (TimelineMarker.Supersedes(current.ChangedAt, current.Present, changedAt, present))
            {
                _markers[key] = (present, changedAt);
                markerChanged = current.Present != present;
            }
            else
            {
                markerChanged = false;
            }

            var markers = _markers.Count(m =>
                string.Equals(m.Key.Workspace, workspace, StringComparison.Ordinal)
                && string.Equals(m.Key.SourceId, sourceId, StringComparison.Ordinal)
                && m.Value.Present);
            var index = _events.FindIndex(e => IsIn(e, workspace) && IsFrom(e, sourceId) && e.Kind == TimelineEventKind.Pinned);
            if (markers > 0 && index < 0)
            {
                Add(message with { Id = 0, Kind = TimelineEventKind.Pinned, RecordedAt = recordedAt, WithdrawnAt = null });
                index = _events.Count - 1;
            }
            else if (markers > 0 && _events[index].IsWithdrawn)
            {
                _events[index] = _events[index] with { WithdrawnAt = null };
            }
            else if (markers == 0 && index >= 0 && !_events[index].IsWithdrawn)
            {
                _events[index] = _events[index] with { WithdrawnAt = changedAt };
            }

            return new TimelineMarkerResult(Captured: true, markerChanged, markers, index < 0 ? null : _events[index]);
        }
    }

    private TimelineEvent Add(TimelineEvent timelineEvent)
    {
        var added = Stored(timelineEvent) with { Id = ++_lastEventId };
        _events.Add(added);
        return added;
    }
}
