using IncidentBot.Core.Incidents;

namespace IncidentBot.Core.Timeline;

/// <summary>
/// One reason a captured message is on the key timeline. A message has one pin, whoever pins or unpins it (chat
/// platforms keep one pin state per message), and one timeline reaction per person: two people reacting are two
/// markers. The message is on the key timeline while at least one of its markers remains.
/// </summary>
/// <param name="By">Who reacted, or who pinned or unpinned the message.</param>
public sealed record TimelineMarker(TimelineMarkerKind Kind, Person By)
{
    public static TimelineMarker Pin(Person by) => new(TimelineMarkerKind.Pin, by);

    public static TimelineMarker Reaction(Person by) => new(TimelineMarkerKind.Reaction, by);

    /// <summary>Whose marker it is on its message: the reacting person's id; empty for the pin, which is the message's own.</summary>
    public string Holder => Kind == TimelineMarkerKind.Pin ? string.Empty : By.Id;

    /// <summary>
    /// Whether a change of a marker to <paramref name="present"/>, made at <paramref name="at"/>, takes effect over the
    /// marker's last change (<paramref name="lastPresent"/> at <paramref name="lastAt"/>). Changes take effect in the order
    /// they were made, whatever order they are delivered in: a later change always does (also when it says the same, so
    /// that its time counts), one made at the same instant only when it says otherwise (the one delivered last wins the
    /// tie), an earlier one never (a late add after its removal, a retry).
    /// </summary>
    public static bool Supersedes(DateTimeOffset lastAt, bool lastPresent, DateTimeOffset at, bool present) =>
        at > lastAt || (at == lastAt && present != lastPresent);
}
