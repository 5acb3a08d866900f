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
    /// A withdrawn event with the same source is brought back. (Key entries of pinned or reacted-to messages are kept by
    /// <see cref="AddTimelineMarkerAsync"/> and <see cref="RemoveTimelineMarkerAsync"/> instead.)
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

    /// <summary>
    /// Puts <paramref name="marker"/> on the captured message <paramref name="sourceId"/> (its
    /// <see cref="TimelineEventKind.Message"/> event) and, in the same write, makes the key timeline agree with the
    /// message's markers: while at least one remains, the message has a <see cref="TimelineEventKind.Pinned"/> entry, a
    /// copy of the captured message (its author, original time and text as edited) recorded at
    /// <paramref name="recordedAt"/>; an entry withdrawn when its last marker went comes back with its id and time.
    /// <para>
    /// The changes of one marker take effect in the order of <paramref name="at"/> (when the platform says the
    /// reaction or pin happened), whatever order they arrive in: a change older than the marker's last one is stale and
    /// changes nothing, and so does the same change twice. A message that was never captured in this workspace, or was
    /// deleted, gets no marker (<see cref="TimelineMarkerResult.Captured"/> is false). Concurrent calls for one message
    /// take turns.
    /// </para>
    /// </summary>
    Task<TimelineMarkerResult> AddTimelineMarkerAsync(string workspace, string sourceId, TimelineMarker marker, DateTimeOffset at, DateTimeOffset recordedAt, CancellationToken cancellationToken);

    /// <summary>
    /// Takes <paramref name="marker"/> off the captured message <paramref name="sourceId"/> and, in the same write,
    /// withdraws the message's key entry (at <paramref name="at"/>) when no marker remains. Removing a marker that is not
    /// there changes nothing on the timeline, but the removal is remembered as of <paramref name="at"/>, so that the
    /// marker's add, delivered late, does not bring it back (see <see cref="AddTimelineMarkerAsync"/>). Concurrent calls
    /// for one message take turns: of two removals of its last two markers, exactly one sees none remaining.
    /// </summary>
    Task<TimelineMarkerResult> RemoveTimelineMarkerAsync(string workspace, string sourceId, TimelineMarker marker, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>What a marker change did.</summary>
/// <param name="Captured">False when the message is not, or no longer, captured in the workspace: nothing changed.</param>
/// <param name="MarkerChanged">False for a repeat (the same add twice, removing a marker that is not there) or a stale change.</param>
/// <param name="Markers">How many markers the message has after the call.</param>
/// <param name="KeyEntry">The message's key-timeline entry after the call (withdrawn when no marker remains); null when it never had one.</param>
public sealed record TimelineMarkerResult(bool Captured, bool MarkerChanged, int Markers, TimelineEvent? KeyEntry)
{
    public static readonly TimelineMarkerResult NotCaptured = new(Captured: false, MarkerChanged: false, Markers: 0, KeyEntry: null);

    /// <summary>The message is on the key timeline now.</summary>
    public bool OnKeyTimeline => KeyEntry is { IsWithdrawn: false };
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
