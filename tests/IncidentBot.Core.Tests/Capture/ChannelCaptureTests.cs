using IncidentBot.Core.Capture;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Timeline;
using IncidentBot.TestKit;
using static IncidentBot.TestKit.Builders;

namespace IncidentBot.Core.Tests.Capture;

public sealed class ChannelCaptureTests
{
    private static readonly DateTimeOffset SentAt = Builders.Noon.AddMinutes(-7);
    private readonly InMemoryIncidentStore _store = new();
    private readonly FakeTimeProvider _clock = new(Builders.Noon);
    private readonly ChannelCapture _capture;
    private readonly Incident _incident;
    private DateTimeOffset _markedAt = Builders.Noon;

    public ChannelCaptureTests()
    {
        _capture = new ChannelCapture(_store, _clock);
        _incident = _store.CreateIncidentAsync(Builders.AnIncident(), [], CancellationToken.None).GetAwaiter().GetResult();
    }

    private ChannelMessage Message(string id, string text) =>
        Builders.AChannelMessage(_incident.Channel, id, text) with { SentAt = SentAt };

    private Task<IReadOnlyList<TimelineEvent>> TimelineAsync(TimelineScope scope) =>
        _store.GetTimelineAsync(Builders.WorkspaceKey, _incident.Id, new TimelineQuery(scope), CancellationToken.None);

    // Each marker change happens a minute after the last one, as people do it.
    private Task<TimelineMarkerResult> PinAsync(string id, Person by) => MarkAsync(id, TimelineMarker.Pin(by), add: true);

    private Task<TimelineMarkerResult> UnpinAsync(string id, Person by) => MarkAsync(id, TimelineMarker.Pin(by), add: false);

    private Task<TimelineMarkerResult> ReactAsync(string id, Person by) => MarkAsync(id, TimelineMarker.Reaction(by), add: true);

    private Task<TimelineMarkerResult> UnreactAsync(string id, Person by) => MarkAsync(id, TimelineMarker.Reaction(by), add: false);

    private Task<TimelineMarkerResult> MarkAsync(string id, TimelineMarker marker, bool add)
    {
        _markedAt = _markedAt.AddMinutes(1);
        return add
            ? _capture.PromoteAsync(Platform.Sandbox, Builders.WorkspaceId, id, marker, _markedAt, CancellationToken.None)
            : _capture.DemoteAsync(Platform.Sandbox, Builders.WorkspaceId, id, marker, _markedAt, CancellationToken.None);
    }

    [Fact]
    public async Task A_message_in_the_incident_channel_joins_the_transcript_at_its_original_time()
    {
        (await _capture.CaptureAsync(Message("m1", "p99 is 4s on orders-api"), CancellationToken.None)).ShouldBeTrue();

        var captured = (await TimelineAsync(TimelineScope.Transcript)).ShouldHaveSingleItem();
        captured.Kind.ShouldBe(TimelineEventKind.Message);
        captured.OccurredAt.ShouldBe(SentAt);
        captured.RecordedAt.ShouldBe(Builders.Noon);
        captured.Author.ShouldBe(Builders.Bob);
        captured.SourceId.ShouldBe("m1");
        (await TimelineAsync(TimelineScope.KeyEvents)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Messages_elsewhere_and_blank_messages_are_not_captured()
    {
        (await _capture.CaptureAsync(Builders.AChannelMessage(Builders.OpsChannel, "m1", "lunch?"), CancellationToken.None)).ShouldBeFalse();
        (await _capture.CaptureAsync(Message("m2", "   "), CancellationToken.None)).ShouldBeFalse();
        (await TimelineAsync(TimelineScope.All)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_redelivered_message_is_captured_once()
    {
        (await _capture.CaptureAsync(Message("m1", "restarting pods"), CancellationToken.None)).ShouldBeTrue();
        (await _capture.CaptureAsync(Message("m1", "restarting pods"), CancellationToken.None)).ShouldBeFalse();
        (await TimelineAsync(TimelineScope.Transcript)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Thread_replies_keep_their_thread()
    {
        await _capture.CaptureAsync(Message("m2", "looking") with { ThreadId = "m1" }, CancellationToken.None);
        (await TimelineAsync(TimelineScope.Transcript)).Single().ThreadId.ShouldBe("m1");
    }

    [Fact]
    public async Task A_pin_promotes_the_message_to_the_key_timeline_at_its_original_time_and_an_unpin_takes_it_out()
    {
        await _capture.CaptureAsync(Message("m1", "Found it: pool max is 10"), CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(1));

        (await PinAsync("m1", Alice)).Captured.ShouldBeTrue();
        var pinned = (await TimelineAsync(TimelineScope.KeyEvents)).ShouldHaveSingleItem();
        pinned.Kind.ShouldBe(TimelineEventKind.Pinned);
        pinned.OccurredAt.ShouldBe(SentAt);
        pinned.RecordedAt.ShouldBe(Builders.Noon.AddHours(1));
        pinned.Author.ShouldBe(Builders.Bob);
        pinned.Text.ShouldBe("Found it: pool max is 10");

        // A second pin of the same message (a re-delivered event) adds nothing.
        (await PinAsync("m1", Alice)).MarkerChanged.ShouldBeFalse();
        (await TimelineAsync(TimelineScope.KeyEvents)).Count.ShouldBe(1);

        (await UnpinAsync("m1", Alice)).OnKeyTimeline.ShouldBeFalse();
        (await TimelineAsync(TimelineScope.KeyEvents)).ShouldBeEmpty();
        (await TimelineAsync(TimelineScope.Transcript)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Pinning_again_after_an_unpin_brings_back_the_same_entry_at_its_original_time()
    {
        await _capture.CaptureAsync(Message("m1", "Rolled back 4512"), CancellationToken.None);
        var first = (await PinAsync("m1", Alice)).KeyEntry.ShouldNotBeNull();
        await UnpinAsync("m1", Bob);

        var again = await PinAsync("m1", Bob);

        again.MarkerChanged.ShouldBeTrue();
        again.KeyEntry.ShouldBe(first);
        (await TimelineAsync(TimelineScope.KeyEvents)).ShouldHaveSingleItem().ShouldBe(first);
    }

    [Fact]
    public async Task A_message_pinned_and_reacted_to_stays_on_the_key_timeline_until_both_are_gone()
    {
        await _capture.CaptureAsync(Message("m1", "Failover started"), CancellationToken.None);
        await PinAsync("m1", Alice);
        await ReactAsync("m1", Bob);

        (await UnreactAsync("m1", Bob)).Markers.ShouldBe(1);
        (await TimelineAsync(TimelineScope.KeyEvents)).ShouldHaveSingleItem().Text.ShouldBe("Failover started");

        (await UnpinAsync("m1", Alice)).Markers.ShouldBe(0);
        (await TimelineAsync(TimelineScope.KeyEvents)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Each_persons_reaction_is_a_marker_of_its_own()
    {
        await _capture.CaptureAsync(Message("m1", "Failover started"), CancellationToken.None);
        await ReactAsync("m1", Alice);
        (await ReactAsync("m1", Bob)).Markers.ShouldBe(2);

        (await UnreactAsync("m1", Alice)).OnKeyTimeline.ShouldBeTrue();
        (await UnreactAsync("m1", Alice)).MarkerChanged.ShouldBeFalse();
        (await TimelineAsync(TimelineScope.KeyEvents)).Count.ShouldBe(1);

        (await UnreactAsync("m1", Bob)).OnKeyTimeline.ShouldBeFalse();
        (await TimelineAsync(TimelineScope.KeyEvents)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_removal_delivered_before_its_add_is_not_undone_by_the_late_add()
    {
        await _capture.CaptureAsync(Message("m1", "Failover started"), CancellationToken.None);
        var reacted = Builders.Noon.AddMinutes(1);
        var unreacted = Builders.Noon.AddMinutes(2);

        (await _capture.DemoteAsync(Platform.Sandbox, Builders.WorkspaceId, "m1", TimelineMarker.Reaction(Alice), unreacted, CancellationToken.None)).MarkerChanged.ShouldBeFalse();
        (await _capture.PromoteAsync(Platform.Sandbox, Builders.WorkspaceId, "m1", TimelineMarker.Reaction(Alice), reacted, CancellationToken.None)).MarkerChanged.ShouldBeFalse();
        (await TimelineAsync(TimelineScope.KeyEvents)).ShouldBeEmpty();

        // Reacting again later counts.
        (await _capture.PromoteAsync(Platform.Sandbox, Builders.WorkspaceId, "m1", TimelineMarker.Reaction(Alice), unreacted.AddMinutes(1), CancellationToken.None)).OnKeyTimeline.ShouldBeTrue();
    }

    [Fact]
    public async Task Pinning_a_message_that_was_never_captured_does_nothing()
    {
        (await PinAsync("unknown", Alice)).ShouldBe(TimelineMarkerResult.NotCaptured);
        (await UnpinAsync("unknown", Alice)).ShouldBe(TimelineMarkerResult.NotCaptured);
        (await TimelineAsync(TimelineScope.All)).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_edit_updates_transcript_and_pinned_entries_and_keeps_the_first_text()
    {
        await _capture.CaptureAsync(Message("m1", "pool max is 10"), CancellationToken.None);
        await PinAsync("m1", Alice);
        var editedAt = Builders.Noon.AddMinutes(3);

        await _capture.EditAsync(Platform.Sandbox, Builders.WorkspaceId, "m1", "pool max is 20, not 10", editedAt, CancellationToken.None);

        foreach (var entry in await TimelineAsync(TimelineScope.All))
        {
            entry.Text.ShouldBe("pool max is 20, not 10");
            entry.OriginalText.ShouldBe("pool max is 10");
            entry.EditedAt.ShouldBe(editedAt);
            entry.OccurredAt.ShouldBe(SentAt);
        }
    }

    [Fact]
    public async Task An_edit_while_unpinned_shows_when_the_message_is_pinned_again()
    {
        await _capture.CaptureAsync(Message("m1", "pool max is 10"), CancellationToken.None);
        await ReactAsync("m1", Alice);
        await UnreactAsync("m1", Alice);
        await _capture.EditAsync(Platform.Sandbox, Builders.WorkspaceId, "m1", "pool max is 20", Builders.Noon.AddMinutes(3), CancellationToken.None);

        await ReactAsync("m1", Bob);

        (await TimelineAsync(TimelineScope.KeyEvents)).ShouldHaveSingleItem().Text.ShouldBe("pool max is 20");
    }

    [Fact]
    public async Task A_deletion_withdraws_the_message_everywhere_and_no_marker_brings_it_back()
    {
        await _capture.CaptureAsync(Message("m1", "oops wrong channel"), CancellationToken.None);
        await PinAsync("m1", Alice);
        await ReactAsync("m1", Bob);

        await _capture.DeleteAsync(Platform.Sandbox, Builders.WorkspaceId, "m1", Builders.Noon.AddMinutes(1), CancellationToken.None);

        (await TimelineAsync(TimelineScope.All)).ShouldBeEmpty();
        var kept = await _store.GetTimelineAsync(Builders.WorkspaceKey, _incident.Id, new TimelineQuery(TimelineScope.All, IncludeWithdrawn: true), CancellationToken.None);
        kept.Count.ShouldBe(2);
        kept.ShouldAllBe(e => e.WithdrawnAt == Builders.Noon.AddMinutes(1));
        (await ReactAsync("m1", Alice)).Captured.ShouldBeFalse();
        (await PinAsync("m1", Bob)).Captured.ShouldBeFalse();
        (await UnreactAsync("m1", Bob)).Captured.ShouldBeFalse();
        (await TimelineAsync(TimelineScope.All)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Another_workspace_cannot_edit_or_delete_our_messages()
    {
        await _capture.CaptureAsync(Message("m1", "keep me"), CancellationToken.None);
        await _capture.EditAsync(Platform.Sandbox, "T-OTHER", "m1", "hijacked", Builders.Noon, CancellationToken.None);
        await _capture.DeleteAsync(Platform.Sandbox, "T-OTHER", "m1", Builders.Noon, CancellationToken.None);
        await _capture.DeleteAsync(Platform.Slack, Builders.WorkspaceId, "m1", Builders.Noon, CancellationToken.None);

        (await TimelineAsync(TimelineScope.Transcript)).Single().Text.ShouldBe("keep me");
    }
}
