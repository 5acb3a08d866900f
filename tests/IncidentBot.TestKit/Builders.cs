using IncidentBot.Core.Capture;
using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Timeline;

namespace IncidentBot.TestKit;

/// <summary>Test data with good defaults; vary it with <c>with</c> expressions.</summary>
public static class Builders
{
    public static readonly DateTimeOffset Noon = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    public static readonly Person Alice = new("U-ALICE", "alice");
    public static readonly Person Bob = new("U-BOB", "bob");
    public static readonly ChannelRef OpsChannel = new(Platform.Sandbox, "ops", "ops");

    public const string WorkspaceId = "T-ACME";
    public static readonly string WorkspaceKey = Workspace.Key(Platform.Sandbox, WorkspaceId);

    public static Incident AnIncident() => new()
    {
        Workspace = WorkspaceKey,
        Title = "Checkout latency",
        Severity = Severity.Sev2,
        Channel = new ChannelRef(Platform.Sandbox, "inc-1-checkout-latency", "inc-1-checkout-latency"),
        DeclaredBy = Alice,
        DeclaredAt = Noon,
        Times = KeyTimes.Empty with { DetectedAt = Noon },
    };

    public static TimelineEvent ATimelineEvent(long incidentId = 0) => new()
    {
        Workspace = WorkspaceKey,
        IncidentId = incidentId,
        Kind = TimelineEventKind.Note,
        OccurredAt = Noon,
        RecordedAt = Noon,
        Author = Alice,
        Text = "Rolled back the 11:40 deploy",
    };

    /// <summary>An <c>/incident …</c> command typed by alice in #ops.</summary>
    public static ChatCommand AnIncidentCommand(string text) =>
        new(Platform.Sandbox, WorkspaceId, OpsChannel, Alice, "incident", text, Noon);

    public static ChannelMessage AChannelMessage(ChannelRef channel, string messageId, string text) =>
        new(Platform.Sandbox, WorkspaceId, channel, Bob, messageId, null, text, Noon);
}
