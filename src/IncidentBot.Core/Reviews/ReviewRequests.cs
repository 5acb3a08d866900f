using IncidentBot.Core.ActionItems;
using IncidentBot.Core.Incidents;

namespace IncidentBot.Core.Reviews;

/// <summary>A parsed review or action-item command (<c>/postmortem schedule|action|actions|done|…</c>).</summary>
public abstract record ReviewRequest
{
    /// <summary>False for commands about the workspace or an action item by its number, which need no incident.</summary>
    public virtual bool NeedsIncident => true;
}

/// <summary>
/// <c>schedule &lt;when&gt; [facilitator @person]</c>: book or reschedule the review. <paramref name="When"/> is null for
/// <c>schedule facilitator @person</c>, which names the facilitator of the review already booked.
/// </summary>
public sealed record ScheduleRequest(ReviewWhen? When, Person? Facilitator) : ReviewRequest;

/// <summary><c>schedule</c> alone: show the booking.</summary>
public sealed record ScheduleShowRequest : ReviewRequest;

public sealed record ScheduleCancelRequest : ReviewRequest;

/// <summary><c>facilitate accept|pass</c>: the person asked to facilitate answers.</summary>
public sealed record FacilitateRequest(bool Accept) : ReviewRequest;

/// <summary><c>review done</c>: the review has met.</summary>
public sealed record ReviewDoneRequest : ReviewRequest;

public enum FacilitatorsOperation
{
    List,
    Add,
    Remove,
}

/// <summary><c>facilitators add|remove @person… | list</c>: the workspace's pool.</summary>
public sealed record FacilitatorsRequest(FacilitatorsOperation Operation, IReadOnlyList<Person> People) : ReviewRequest
{
    public override bool NeedsIncident => false;
}

/// <summary><c>digest here|off</c>: where the workspace's daily overdue digest goes.</summary>
public sealed record DigestRequest(bool On) : ReviewRequest
{
    public override bool NeedsIncident => false;
}

/// <summary><c>action &lt;title&gt; owner:@person due:&lt;date&gt; [type:…] [priority:…] [factor:n] [link:url]</c>.</summary>
/// <param name="Owner">Null when the owner is the person typing (<c>owner:me</c>).</param>
public sealed record ActionRequest(
    string Title,
    Person? Owner,
    DateSpec Due,
    ActionItemType? Type = null,
    ActionItemPriority? Priority = null,
    int? Factor = null,
    string? Link = null) : ReviewRequest;

public enum ActionsScope
{
    /// <summary>This incident's items.</summary>
    Incident,

    /// <summary>The open items the person typing owns, across incidents.</summary>
    Mine,

    /// <summary>Every open item of the workspace, overdue first.</summary>
    AllOpen,
}

public sealed record ActionsRequest(ActionsScope Scope) : ReviewRequest
{
    public override bool NeedsIncident => Scope == ActionsScope.Incident;
}

public enum ActionItemChangeKind
{
    Done,
    Drop,
    Reassign,
    Due,
}

/// <summary><c>done|drop|reassign|due AI-n …</c>: changes an item by its workspace-wide number.</summary>
public sealed record ActionItemChange(int Number, ActionItemChangeKind Kind, string? Reason = null, Person? Person = null, DateSpec? Due = null) : ReviewRequest
{
    public override bool NeedsIncident => false;
}
