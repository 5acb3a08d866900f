using System.Net;
using System.Text.Json.Nodes;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Timeline;
using IncidentBot.TestKit.Slack;
using static IncidentBot.TestKit.Slack.SlackBodies;

namespace IncidentBot.Slack.Tests;

/// <summary>
/// Pins and the timeline reaction through <c>POST /slack/events</c> with signed, fixture-shaped bodies: each pin and each
/// person's reaction is a marker of its own, and a message is on the key timeline while one of its markers remains.
/// </summary>
public sealed class SlackTimelineMarkerTests : IAsyncLifetime
{
    private const string Team = "T1";
    private const string Channel = "C1";
    private const string MessageTs = "1700000100.000100";
    private static readonly DateTimeOffset SentAt = DateTimeOffset.FromUnixTimeSeconds(1700000100).AddTicks(1000);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly CancellationToken None = CancellationToken.None;
    private SlackTestApp _app = null!;
    private Incident _incident = null!;

    public async Task InitializeAsync()
    {
        _app = await SlackTestApp.StartAsync();
        _incident = await _app.DeclareInAsync(Team, Channel);
        await PostAsync(Message(Team, Channel, "U2", MessageTs, "Rolled back deploy 4512"));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_message_pinned_and_reacted_to_stays_when_the_reaction_goes_and_leaves_when_it_is_unpinned()
    {
        await PostAsync(Pin(Team, Channel, MessageTs, "U3", added: true, eventTs: "1700000200.000000"));
        await PostAsync(Reaction(Team, Channel, MessageTs, "U4", "pushpin", added: true, eventTs: "1700000300.000000"));

        await PostAsync(Reaction(Team, Channel, MessageTs, "U4", "pushpin", added: false, eventTs: "1700000400.000000"));
        var afterReactionRemoved = await KeyTimelineAsync();
        await PostAsync(Pin(Team, Channel, MessageTs, "U3", added: false, eventTs: "1700000500.000000"));

        var entry = afterReactionRemoved.ShouldHaveSingleItem();
        (entry.Kind, entry.Text, entry.OccurredAt, entry.Author.Id).ShouldBe((TimelineEventKind.Pinned, "Rolled back deploy 4512", SentAt, "U2"));
        (await KeyTimelineAsync()).ShouldBeEmpty();
        (await TranscriptAsync()).ShouldHaveSingleItem().WithdrawnAt.ShouldBeNull();
    }

    [Fact]
    public async Task Two_peoples_reactions_are_two_markers_and_reacting_again_brings_back_the_entry_at_its_original_time()
    {
        await PostAsync(Reaction(Team, Channel, MessageTs, "U3", "pushpin", added: true, eventTs: "1700000200.000000"));
        await PostAsync(Reaction(Team, Channel, MessageTs, "U4", "pushpin", added: true, eventTs: "1700000300.000000"));
        var first = (await KeyTimelineAsync()).ShouldHaveSingleItem();

        await PostAsync(Reaction(Team, Channel, MessageTs, "U3", "pushpin", added: false, eventTs: "1700000400.000000"));
        var afterOneRemoved = await KeyTimelineAsync();
        await PostAsync(Reaction(Team, Channel, MessageTs, "U4", "pushpin", added: false, eventTs: "1700000500.000000"));
        var afterBothRemoved = await KeyTimelineAsync();
        await PostAsync(Reaction(Team, Channel, MessageTs, "U3", "pushpin", added: true, eventTs: "1700000600.000000"));

        afterOneRemoved.ShouldHaveSingleItem().ShouldBe(first);
        afterBothRemoved.ShouldBeEmpty();
        var restored = (await KeyTimelineAsync()).ShouldHaveSingleItem();
        restored.ShouldBe(first);
        (restored.Id, restored.OccurredAt, restored.WithdrawnAt).ShouldBe((first.Id, SentAt, null));
        (await _app.TimelineAsync(_incident)).Count(e => e.Kind == TimelineEventKind.Pinned).ShouldBe(1);
    }

    [Fact]
    public async Task A_reaction_delivered_twice_is_one_marker_whether_retried_or_sent_again_under_another_event_id()
    {
        var reaction = Reaction(Team, Channel, MessageTs, "U3", "pushpin", added: true, eventTs: "1700000200.000000", eventId: "Ev-A");
        await PostAsync(reaction);
        using (var retry = _app.Signer.Json("/slack/events", reaction))
        {
            retry.Headers.Add("X-Slack-Retry-Num", "1");
            retry.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
            (await _app.Http.SendAsync(retry)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await PostAsync(Reaction(Team, Channel, MessageTs, "U3", "pushpin", added: true, eventTs: "1700000200.000000", eventId: "Ev-B"));
        await PostAsync(Reaction(Team, Channel, MessageTs, "U3", "pushpin::skin-tone-3", added: true, eventTs: "1700000201.000000", eventId: "Ev-C"));
        (await KeyTimelineAsync()).ShouldHaveSingleItem();

        // One removal by that person takes the message out: the four deliveries were one marker.
        await PostAsync(Reaction(Team, Channel, MessageTs, "U3", "pushpin", added: false, eventTs: "1700000300.000000", eventId: "Ev-D"));

        (await KeyTimelineAsync()).ShouldBeEmpty();
        (await _app.TimelineAsync(_incident)).Count(e => e.Kind == TimelineEventKind.Pinned).ShouldBe(1);
    }

    [Fact]
    public async Task A_removal_delivered_before_its_add_keeps_the_message_off_and_a_later_reaction_counts()
    {
        await PostAsync(Reaction(Team, Channel, MessageTs, "U3", "pushpin", added: false, eventTs: "1700000300.000000"));
        await PostAsync(Reaction(Team, Channel, MessageTs, "U3", "pushpin", added: true, eventTs: "1700000200.000000"));
        var afterLateAdd = await KeyTimelineAsync();

        await PostAsync(Reaction(Team, Channel, MessageTs, "U3", "pushpin", added: true, eventTs: "1700000400.000000"));

        afterLateAdd.ShouldBeEmpty();
        (await KeyTimelineAsync()).ShouldHaveSingleItem().OccurredAt.ShouldBe(SentAt);
    }

    [Fact]
    public async Task An_edit_while_pinned_shows_on_the_key_entry_and_a_deletion_takes_it_out_for_good()
    {
        await PostAsync(Pin(Team, Channel, MessageTs, "U3", added: true, eventTs: "1700000200.000000"));
        await PostAsync(Reaction(Team, Channel, MessageTs, "U4", "pushpin", added: true, eventTs: "1700000250.000000"));

        await PostAsync(Edited(Team, Channel, "U2", MessageTs, "Rolled back deploy 4512", "Rolled back deploys 4512 and 4513", "1700000300.000000"));
        var edited = (await KeyTimelineAsync()).ShouldHaveSingleItem();
        await PostAsync(Deleted(Team, Channel, MessageTs, "1700000400.000000"));
        var afterDeletion = await KeyTimelineAsync();
        await PostAsync(Reaction(Team, Channel, MessageTs, "U5", "pushpin", added: true, eventTs: "1700000500.000000"));
        await PostAsync(Pin(Team, Channel, MessageTs, "U3", added: true, eventTs: "1700000600.000000"));

        (edited.Text, edited.OriginalText, edited.OccurredAt).ShouldBe(("Rolled back deploys 4512 and 4513", "Rolled back deploy 4512", SentAt));
        afterDeletion.ShouldBeEmpty();
        (await KeyTimelineAsync()).ShouldBeEmpty();
        (await TranscriptAsync()).ShouldHaveSingleItem().WithdrawnAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task Overlapping_removals_of_the_last_two_markers_take_the_entry_out_once()
    {
        await PostAsync(Pin(Team, Channel, MessageTs, "U3", added: true, eventTs: "1700000200.000000"));
        await PostAsync(Reaction(Team, Channel, MessageTs, "U4", "pushpin", added: true, eventTs: "1700000300.000000"));
        var bothInside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var removals = 0;
        _app.Store.BeforeWrite = async (method, token) =>
        {
            if (method != nameof(IIncidentStore.RemoveTimelineMarkerAsync))
            {
                return;
            }

            if (Interlocked.Increment(ref removals) == 2)
            {
                bothInside.SetResult();
            }

            await bothInside.Task.WaitAsync(token);
        };

        var unpin = _app.PostJsonAsync("/slack/events", Pin(Team, Channel, MessageTs, "U3", added: false, eventTs: "1700000400.000000"));
        var unreact = _app.PostJsonAsync("/slack/events", Reaction(Team, Channel, MessageTs, "U4", "pushpin", added: false, eventTs: "1700000500.000000"));
        await bothInside.Task.WaitAsync(Wait);

        (await unpin).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await unreact).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await KeyTimelineAsync()).ShouldBeEmpty();
        var entry = (await _app.TimelineAsync(_incident)).Single(e => e.Kind == TimelineEventKind.Pinned);
        entry.WithdrawnAt.ShouldBeOneOf(DateTimeOffset.FromUnixTimeSeconds(1700000400), DateTimeOffset.FromUnixTimeSeconds(1700000500));
    }

    [Fact]
    public async Task A_reaction_that_comes_before_its_message_captures_the_message_from_the_channels_history()
    {
        const string LateTs = "1700000150.000200";
        _app.Slack.Enqueue("conversations.history", FakeSlackAnswer.Ok(HistoryWith(new JsonObject
        {
            ["type"] = "message", ["user"] = "U5", ["text"] = "Failover to the replica <@U2>", ["ts"] = LateTs,
        })));

        await PostAsync(Reaction(Team, Channel, LateTs, "U3", "pushpin", added: true, eventTs: "1700000300.000000"));

        var lookup = _app.Slack.RequestsTo("conversations.history").ShouldHaveSingleItem();
        (lookup.Fields["channel"], lookup.Fields["latest"], lookup.Fields["inclusive"], lookup.Fields["limit"]).ShouldBe((Channel, LateTs, "true", "1"));
        var entry = (await KeyTimelineAsync()).ShouldHaveSingleItem();
        (entry.Text, entry.Author.Id, entry.OccurredAt).ShouldBe(("Failover to the replica @U2", "U5", DateTimeOffset.FromUnixTimeSeconds(1700000150).AddTicks(2000)));

        // The message's own delivery, when Slack sends it again, changes nothing.
        await PostAsync(Message(Team, Channel, "U5", LateTs, "Failover to the replica <@U2>"));
        (await TranscriptAsync()).Count(e => e.SourceId == $"{Channel}/{LateTs}").ShouldBe(1);
        (await KeyTimelineAsync()).ShouldHaveSingleItem().ShouldBe(entry);
    }

    [Fact]
    public async Task A_reaction_whose_message_is_not_in_the_history_keeps_nothing()
    {
        // Slack answers with the newest message before that time: another one, or a bot's.
        _app.Slack.Enqueue("conversations.history", FakeSlackAnswer.Ok(HistoryWith(new JsonObject { ["type"] = "message", ["user"] = "U5", ["text"] = "older", ["ts"] = "1700000001.000000" })));
        _app.Slack.Enqueue("conversations.history", FakeSlackAnswer.Ok(HistoryWith(new JsonObject { ["type"] = "message", ["bot_id"] = "B1", ["text"] = "bot", ["ts"] = "1700000160.000000" })));

        await PostAsync(Reaction(Team, Channel, "1700000150.000200", "U3", "pushpin", added: true, eventTs: "1700000300.000000"));
        await PostAsync(Reaction(Team, Channel, "1700000160.000000", "U3", "pushpin", added: true, eventTs: "1700000301.000000"));

        (await KeyTimelineAsync()).ShouldBeEmpty();
        (await TranscriptAsync()).ShouldHaveSingleItem().Text.ShouldBe("Rolled back deploy 4512");
    }

    [Fact]
    public async Task A_reaction_outside_an_incident_channel_does_not_read_the_channel()
    {
        await PostAsync(Reaction(Team, "C-ELSEWHERE", "1700000150.000200", "U3", "pushpin", added: true, eventTs: "1700000300.000000"));

        _app.Slack.RequestsTo("conversations.history").ShouldBeEmpty();
    }

    private static JsonObject HistoryWith(JsonObject message) =>
        new() { ["ok"] = true, ["messages"] = new JsonArray(message), ["has_more"] = true };

    private async Task PostAsync(string body)
    {
        using var response = await _app.PostJsonAsync("/slack/events", body);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private Task<IReadOnlyList<TimelineEvent>> KeyTimelineAsync() =>
        _app.Incidents.GetTimelineAsync(_incident.Workspace, _incident.Id, TimelineQuery.KeyEvents, None);

    private async Task<IReadOnlyList<TimelineEvent>> TranscriptAsync() =>
        [.. (await _app.TimelineAsync(_incident)).Where(e => e.Kind == TimelineEventKind.Message)];
}
