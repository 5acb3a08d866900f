using IncidentBot.Core.Capture;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Timeline;
using IncidentBot.TestKit;

namespace IncidentBot.Core.Tests.Capture;

public sealed class ChannelCaptureTests
{
    private static readonly DateTimeOffset SentAt = Builders.Noon.AddMinutes(-7);
    private readonly InMemoryIncidentStore _store = new();
    private readonly FakeTimeProvider _clock = new(Builders.Noon);
    private readonly ChannelCapture _capture;
    private readonly Incident _incident;

    public ChannelCaptureTests()
    {
        _capture = new ChannelCapture(_store, _clock);
        _incident = _store.CreateIncidentAsync(Builders.AnIncident(), [], CancellationToken.None).GetAwaiter().GetResult();
    }

    private ChannelMessage Message(string id, string text) =>
        Builders.AChannelMessage(_incident.Channel, id, text) with { SentAt = SentAt };

    private Task<IReadOnlyList<TimelineEvent>> TimelineAsync(TimelineScope scope) =>
        _store.GetTimelineAsync(Builders.WorkspaceKey, _incident.Id, new TimelineQuery(scope), CancellationToken.None);

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

        (await _capture.PromoteAsync(Platform.Sandbox, Builders.WorkspaceId, "m1", Builders.Alice, CancellationToken.None)).ShouldBeTrue();
        var pinned = (await TimelineAsync(TimelineScope.KeyEvents)).ShouldHaveSingleItem();
        pinned.Kind.ShouldBe(TimelineEventKind.Pinned);
        pinned.OccurredAt.ShouldBe(SentAt);
        pinned.Author.ShouldBe(Builders.Bob);
        pinned.Text.ShouldBe("Found it: pool max is 10");

        // A second pin of the same message (a re-delivered event) adds nothing.
        await _capture.PromoteAsync(Platform.Sandbox, Builders.WorkspaceId, "m1", Builders.Alice, CancellationToken.None);
        (await TimelineAsync(TimelineScope.KeyEvents)).Count.ShouldBe(1);

        await _capture.DemoteAsync(Platform.Sandbox, Builders.WorkspaceId, "m1", _clock.GetUtcNow(), CancellationToken.None);
        (await TimelineAsync(TimelineScope.KeyEvents)).ShouldBeEmpty();
        (await TimelineAsync(TimelineScope.Transcript)).Count.ShouldBe(1);

        (await _capture.PromoteAsync(Platform.Sandbox, Builders.WorkspaceId, "m1", Builders.Alice, CancellationToken.None)).ShouldBeTrue();
        (await TimelineAsync(TimelineScope.KeyEvents)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Pinning_a_message_that_was_never_captured_does_nothing()
    {
        (await _capture.PromoteAsync(Platform.Sandbox, Builders.WorkspaceId, "unknown", Builders.Alice, CancellationToken.None)).ShouldBeFalse();
        (await TimelineAsync(TimelineScope.All)).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_edit_updates_transcript_and_pinned_entries_and_keeps_the_first_text()
    {
        await _capture.CaptureAsync(Message("m1", "pool max is 10"), CancellationToken.None);
        await _capture.PromoteAsync(Platform.Sandbox, Builders.WorkspaceId, "m1", Builders.Alice, CancellationToken.None);
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
    public async Task A_deletion_withdraws_the_message_everywhere()
    {
        await _capture.CaptureAsync(Message("m1", "oops wrong channel"), CancellationToken.None);
        await _capture.PromoteAsync(Platform.Sandbox, Builders.WorkspaceId, "m1", Builders.Alice, CancellationToken.None);

        await _capture.DeleteAsync(Platform.Sandbox, Builders.WorkspaceId, "m1", Builders.Noon.AddMinutes(1), CancellationToken.None);

        (await TimelineAsync(TimelineScope.All)).ShouldBeEmpty();
        var kept = await _store.GetTimelineAsync(Builders.WorkspaceKey, _incident.Id, new TimelineQuery(TimelineScope.All, IncludeWithdrawn: true), CancellationToken.None);
        kept.Count.ShouldBe(2);
        kept.ShouldAllBe(e => e.WithdrawnAt == Builders.Noon.AddMinutes(1));
        (await _capture.PromoteAsync(Platform.Sandbox, Builders.WorkspaceId, "m1", Builders.Alice, CancellationToken.None)).ShouldBeFalse();
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
