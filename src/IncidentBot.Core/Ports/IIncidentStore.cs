using IncidentBot.Core.Incidents;
using IncidentBot.Core.Timeline;

namespace IncidentBot.Core.Ports;

/// <summary>
/// Durable incident state. Every method is scoped to one workspace key; no call can see another
/// workspace's incidents. Results are materialised.
/// </summary>
public interface IIncidentStore
{
    /// <summary>
    /// Saves a new incident with the next per-workspace number and its initial timeline events (their
    /// <see cref="TimelineEvent.IncidentId"/> is filled in), all in one transaction.
    /// </summary>
    Task<Incident> CreateIncidentAsync(Incident incident, IReadOnlyList<TimelineEvent> initialEvents, CancellationToken cancellationToken);

    Task<Incident?> FindByNumberAsync(string workspace, int number, CancellationToken cancellationToken);

    /// <summary>The incident with this store id, when it belongs to <paramref name="workspace"/>.</summary>
    Task<Incident?> FindByIdAsync(string workspace, long id, CancellationToken cancellationToken);

    /// <summary>The most recently declared incident that lives in this channel, open or not.</summary>
    Task<Incident?> FindByChannelAsync(string workspace, string channelId, CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<Incident>> ListIncidentsAsync(string workspace, IncidentListFilter filter, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Saves a changed incident and the timeline events that record the change, atomically. Fails with
    /// <see cref="ConcurrencyConflictException"/> when the stored version is no longer
    /// <paramref name="incident"/>.Version. Returns the incident at its new version.
    /// </summary>
    Task<Incident> SaveAsync(Incident incident, IReadOnlyList<TimelineEvent> newEvents, CancellationToken cancellationToken);

    /// <summary>
    /// Appends one event. When an event of the same workspace, kind and <see cref="TimelineEvent.SourceId"/>
    /// exists already, nothing changes and the existing event is returned with <c>Added = false</c>.
    /// A withdrawn event with the same source is brought back (a re-pin after an unpin).
    /// </summary>
    Task<AppendResult> AppendEventAsync(TimelineEvent timelineEvent, CancellationToken cancellationToken);

    /// <summary>Events in <see cref="TimelineOrder"/>.</summary>
    Task<IReadOnlyList<TimelineEvent>> GetTimelineAsync(string workspace, long incidentId, TimelineQuery query, CancellationToken cancellationToken);

    /// <summary>Finds the non-withdrawn events that came from a platform message, of any kind.</summary>
    Task<IReadOnlyList<TimelineEvent>> FindBySourceAsync(string workspace, string sourceId, CancellationToken cancellationToken);

    /// <summary>Updates the text of every event from this source, keeping the first text. Returns how many changed.</summary>
    Task<int> EditBySourceAsync(string workspace, string sourceId, string newText, DateTimeOffset editedAt, CancellationToken cancellationToken);

    /// <summary>
    /// Withdraws the events from this source (only those of <paramref name="kind"/> when given). Withdrawn
    /// events stay stored but no longer show. Returns how many were withdrawn.
    /// </summary>
    Task<int> WithdrawBySourceAsync(string workspace, string sourceId, TimelineEventKind? kind, DateTimeOffset withdrawnAt, CancellationToken cancellationToken);
}

public enum IncidentListFilter
{
    Open,
    All,
}

public sealed record TimelineQuery(TimelineScope Scope = TimelineScope.KeyEvents, bool IncludeWithdrawn = false)
{
    public static readonly TimelineQuery KeyEvents = new();
    public static readonly TimelineQuery Everything = new(TimelineScope.All);
}

public enum TimelineScope
{
    /// <summary>Everything but the channel transcript.</summary>
    KeyEvents,

    /// <summary>Only captured channel messages.</summary>
    Transcript,

    All,
}

public sealed record AppendResult(TimelineEvent Event, bool Added);

public sealed class ConcurrencyConflictException : Exception
{
    public ConcurrencyConflictException()
        : base("The incident was changed by someone else; read it again and retry.")
    {
    }

    public ConcurrencyConflictException(string message)
        : base(message)
    {
    }

    public ConcurrencyConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
