using IncidentBot.Core.Incidents;
using IncidentBot.Core.Timeline;
using IncidentBot.TestKit;

namespace IncidentBot.Core.Tests.Incidents;

public sealed class IncidentLifecycleTests
{
    private static readonly DateTimeOffset Later = Builders.Noon.AddMinutes(20);
    private readonly Incident _incident = Builders.AnIncident() with { Id = 5, Number = 3 };

    [Fact]
    public void Moving_to_identified_acknowledges_and_records_the_change()
    {
        var change = IncidentLifecycle.ChangeStatus(_incident, IncidentStatus.Identified, "bad index", Builders.Bob, Later);

        change.Refusal.ShouldBeNull();
        change.Incident!.Status.ShouldBe(IncidentStatus.Identified);
        change.Incident.Times.AcknowledgedAt.ShouldBe(Later);
        change.Event!.Kind.ShouldBe(TimelineEventKind.StatusChanged);
        change.Event.Text.ShouldBe("Status: investigating → identified: bad index");
        change.Event.OccurredAt.ShouldBe(Later);
        change.Event.Author.ShouldBe(Builders.Bob);
        change.Event.IncidentId.ShouldBe(5);
    }

    [Fact]
    public void Monitoring_marks_mitigation_and_going_back_clears_it()
    {
        var monitoring = IncidentLifecycle.ChangeStatus(_incident, IncidentStatus.Monitoring, null, Builders.Bob, Later).Incident!;
        monitoring.Times.MitigatedAt.ShouldBe(Later);

        var back = IncidentLifecycle.ChangeStatus(monitoring, IncidentStatus.Investigating, "errors are back", Builders.Bob, Later.AddMinutes(5)).Incident!;
        back.Times.MitigatedAt.ShouldBeNull();
        back.Times.AcknowledgedAt.ShouldBe(Later);
    }

    [Fact]
    public void The_same_status_twice_is_refused()
    {
        var change = IncidentLifecycle.ChangeStatus(_incident, IncidentStatus.Investigating, null, Builders.Bob, Later);
        change.Refusal.ShouldBe("INC-3 is already investigating.");
        change.Incident.ShouldBeNull();
        change.Event.ShouldBeNull();
    }

    [Fact]
    public void Resolving_fills_the_missing_key_times_and_refuses_twice()
    {
        var resolved = IncidentLifecycle.Resolve(_incident, "failover done", Builders.Bob, Later);
        resolved.Incident!.Status.ShouldBe(IncidentStatus.Resolved);
        resolved.Incident.Times.ResolvedAt.ShouldBe(Later);
        resolved.Incident.Times.MitigatedAt.ShouldBe(Later);
        resolved.Incident.Times.AcknowledgedAt.ShouldBe(Later);
        resolved.Event!.Kind.ShouldBe(TimelineEventKind.Resolved);
        resolved.Event.Text.ShouldBe("Resolved: failover done");

        IncidentLifecycle.Resolve(resolved.Incident, null, Builders.Bob, Later).Refusal!.ShouldContain("already resolved");
        IncidentLifecycle.ChangeStatus(resolved.Incident, IncidentStatus.Resolved, null, Builders.Bob, Later).Refusal!.ShouldContain("already resolved");
    }

    [Fact]
    public void A_resolved_incident_reopens_with_any_other_status()
    {
        var resolved = IncidentLifecycle.Resolve(_incident, null, Builders.Bob, Later).Incident!;
        var reopened = IncidentLifecycle.ChangeStatus(resolved, IncidentStatus.Investigating, "errors again", Builders.Alice, Later.AddHours(1));

        reopened.Incident!.Status.ShouldBe(IncidentStatus.Investigating);
        reopened.Incident.IsOpen.ShouldBeTrue();
        reopened.Incident.Times.ResolvedAt.ShouldBeNull();
        reopened.Event!.Kind.ShouldBe(TimelineEventKind.Reopened);
        reopened.Event.Text.ShouldBe("Reopened: investigating: errors again");
    }

    [Fact]
    public void Severity_changes_are_recorded_and_no_ops_refused()
    {
        var change = IncidentLifecycle.ChangeSeverity(_incident, Severity.Sev1, Builders.Bob, Later);
        change.Incident!.Severity.ShouldBe(Severity.Sev1);
        change.Event!.Text.ShouldBe("Severity: SEV2 → SEV1");
        IncidentLifecycle.ChangeSeverity(_incident, Severity.Sev2, Builders.Bob, Later).Refusal.ShouldBe("INC-3 is already SEV2.");
    }

    [Fact]
    public void Assigning_a_commander_acknowledges_and_a_handover_names_both()
    {
        var first = IncidentLifecycle.AssignRole(_incident, IncidentRole.Commander, Builders.Bob, Builders.Alice, Later);
        first.Incident!.Commander.ShouldBe(Builders.Bob);
        first.Incident.Times.AcknowledgedAt.ShouldBe(Later);
        first.Event!.Text.ShouldBe("bob is commander");

        var handover = IncidentLifecycle.AssignRole(first.Incident, IncidentRole.Commander, Builders.Alice, Builders.Bob, Later.AddHours(2));
        handover.Event!.Text.ShouldBe("alice is commander (was bob)");
        handover.Incident!.Times.AcknowledgedAt.ShouldBe(Later);

        IncidentLifecycle.AssignRole(handover.Incident, IncidentRole.Commander, Builders.Alice, Builders.Bob, Later).Refusal.ShouldBe("alice is already commander of INC-3.");
    }

    [Fact]
    public void Comms_and_scribe_do_not_touch_key_times()
    {
        var comms = IncidentLifecycle.AssignRole(_incident, IncidentRole.Comms, Builders.Bob, Builders.Alice, Later).Incident!;
        comms.Comms.ShouldBe(Builders.Bob);
        comms.Times.ShouldBe(_incident.Times);
        IncidentLifecycle.AssignRole(comms, IncidentRole.Scribe, Builders.Alice, Builders.Alice, Later).Incident!.Scribe.ShouldBe(Builders.Alice);
    }

    [Fact]
    public void Summary_and_impact_are_recorded_and_identical_text_refused()
    {
        var summary = IncidentLifecycle.SetSummary(_incident, "Orders DB saturated", Builders.Bob, Later);
        summary.Incident!.Summary.ShouldBe("Orders DB saturated");
        summary.Event!.Kind.ShouldBe(TimelineEventKind.SummaryUpdated);
        IncidentLifecycle.SetSummary(summary.Incident, "Orders DB saturated", Builders.Bob, Later).Refusal.ShouldNotBeNull();

        var impact = IncidentLifecycle.SetImpact(_incident, "EU checkouts failing", Builders.Bob, Later);
        impact.Incident!.Impact.ShouldBe("EU checkouts failing");
        impact.Event!.Kind.ShouldBe(TimelineEventKind.ImpactUpdated);
    }

    [Fact]
    public void Key_times_are_corrected_but_not_ahead_of_the_lifecycle()
    {
        var impactStart = Builders.Noon.AddMinutes(-30);
        var change = IncidentLifecycle.SetKeyTime(_incident, KeyTime.ImpactStarted, impactStart, "11:30", Builders.Bob, Later);
        change.Incident!.Times.ImpactStartedAt.ShouldBe(impactStart);
        change.Event!.Kind.ShouldBe(TimelineEventKind.KeyTimeSet);
        change.Event.Text.ShouldBe("Impact start time set to 11:30");
        change.Event.OccurredAt.ShouldBe(Later);

        IncidentLifecycle.SetKeyTime(_incident, KeyTime.Resolved, Later, "12:20", Builders.Bob, Later).Refusal!.ShouldContain("isn't resolved yet");
        IncidentLifecycle.SetKeyTime(_incident, KeyTime.Mitigated, Later, "12:20", Builders.Bob, Later).Refusal!.ShouldContain("isn't mitigated yet");
    }
}
