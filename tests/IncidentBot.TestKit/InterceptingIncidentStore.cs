using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Timeline;

namespace IncidentBot.TestKit;

/// <summary>
/// Wraps a real <see cref="IIncidentStore"/> and runs <see cref="BeforeWrite"/> before every write: a gate that holds
/// a write back (to make deliveries overlap) or an exception (the database is down). Reads pass straight through.
/// </summary>
public sealed class InterceptingIncidentStore(IIncidentStore inner) : IIncidentStore
{
    /// <summary>Runs before each write with the method's name, e.g. <c>AppendEventAsync</c>.</summary>
    public Func<string, CancellationToken, Task> BeforeWrite { get; set; } = (_, _) => Task.CompletedTask;

    public async Task<Incident> CreateIncidentAsync(Incident incident, IReadOnlyList<TimelineEvent> initialEvents, CancellationToken cancellationToken)
    {
        await BeforeWrite(nameof(CreateIncidentAsync), cancellationToken);
        return await inner.CreateIncidentAsync(incident, initialEvents, cancellationToken);
    }

    public Task<Incident?> FindByIdAsync(string workspace, long id, CancellationToken cancellationToken) =>
        inner.FindByIdAsync(workspace, id, cancellationToken);

    public Task<Incident?> FindByNumberAsync(string workspace, int number, CancellationToken cancellationToken) =>
        inner.FindByNumberAsync(workspace, number, cancellationToken);

    public Task<Incident?> FindByChannelAsync(string workspace, string channelId, CancellationToken cancellationToken) =>
        inner.FindByChannelAsync(workspace, channelId, cancellationToken);

    public Task<IReadOnlyList<Incident>> ListIncidentsAsync(string workspace, IncidentListFilter filter, int limit, CancellationToken cancellationToken) =>
        inner.ListIncidentsAsync(workspace, filter, limit, cancellationToken);

    public async Task<Incident> SaveAsync(Incident incident, IReadOnlyList<TimelineEvent> newEvents, CancellationToken cancellationToken)
    {
        await BeforeWrite(nameof(SaveAsync), cancellationToken);
        return await inner.SaveAsync(incident, newEvents, cancellationToken);
    }

    public async Task<AppendResult> AppendEventAsync(TimelineEvent timelineEvent, CancellationToken cancellationToken)
    {
        await BeforeWrite(nameof(AppendEventAsync), cancellationToken);
        return await inner.AppendEventAsync(timelineEvent, cancellationToken);
    }

    public Task<IReadOnlyList<TimelineEvent>> GetTimelineAsync(string workspace, long incidentId, TimelineQuery query, CancellationToken cancellationToken) =>
        inner.GetTimelineAsync(workspace, incidentId, query, cancellationToken);

    public Task<IReadOnlyList<TimelineEvent>> FindBySourceAsync(string workspace, string sourceId, CancellationToken cancellationToken) =>
        inner.FindBySourceAsync(workspace, sourceId, cancellationToken);

    public async Task<int> EditBySourceAsync(string workspace, string sourceId, string newText, DateTimeOffset editedAt, CancellationToken cancellationToken)
    {
        await BeforeWrite(nameof(EditBySourceAsync), cancellationToken);
        return await inner.EditBySourceAsync(workspace, sourceId, newText, editedAt, cancellationToken);
    }

    public async Task<int> WithdrawBySourceAsync(string workspace, string sourceId, TimelineEventKind? kind, DateTimeOffset withdrawnAt, CancellationToken cancellationToken)
    {
        await BeforeWrite(nameof(WithdrawBySourceAsync), cancellationToken);
        return await inner.WithdrawBySourceAsync(workspace, sourceId, kind, withdrawnAt, cancellationToken);
    }

    public async Task<TimelineMarkerResult> AddTimelineMarkerAsync(string workspace, string sourceId, TimelineMarker marker, DateTimeOffset at, DateTimeOffset recordedAt, CancellationToken cancellationToken)
    {
        await BeforeWrite(nameof(AddTimelineMarkerAsync), cancellationToken);
        return await inner.AddTimelineMarkerAsync(workspace, sourceId, marker, at, recordedAt, cancellationToken);
    }

    public async Task<TimelineMarkerResult> RemoveTimelineMarkerAsync(string workspace, string sourceId, TimelineMarker marker, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await BeforeWrite(nameof(RemoveTimelineMarkerAsync), cancellationToken);
        return await inner.RemoveTimelineMarkerAsync(workspace, sourceId, marker, at, cancellationToken);
    }
}
