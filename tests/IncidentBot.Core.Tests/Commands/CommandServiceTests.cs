using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Timeline;
using IncidentBot.TestKit;
using Microsoft.Extensions.Options;

namespace IncidentBot.Core.Tests.Commands;

public sealed class CommandServiceTests
{
    private readonly InMemoryIncidentStore _store = new();
    private readonly FakeTimeProvider _clock = new(Builders.Noon);
    private readonly ChannelRef _incidentChannel = new(Platform.Sandbox, "inc-room", "inc-room");

    private CommandService Service(IIncidentStore? store = null, IIncidentChannels? channels = null, string zone = "UTC") =>
        new CoreServices(_clock, zone, incidentStore: store ?? _store, channels: channels is null ? [] : [channels]).Commands;

    private Task<CommandResult> RunAsync(string text, ChannelRef? channel = null, Person? user = null, string? deliveryId = null, CommandService? service = null) =>
        (service ?? Service()).HandleAsync(
            Builders.AnIncidentCommand(text) with
            {
                Channel = channel ?? _incidentChannel,
                User = user ?? Builders.Alice,
                ReceivedAt = _clock.GetUtcNow(),
                DeliveryId = deliveryId,
            },
            CancellationToken.None);

    private async Task<IReadOnlyList<TimelineEvent>> KeyEventsAsync(int number = 1)
    {
        var incident = await _store.FindByNumberAsync(Builders.WorkspaceKey, number, CancellationToken.None);
        return await _store.GetTimelineAsync(Builders.WorkspaceKey, incident!.Id, TimelineQuery.KeyEvents, CancellationToken.None);
    }

    [Fact]
    public async Task Declare_opens_the_incident_in_the_current_channel_with_a_declared_event()
    {
        var result = await RunAsync("declare Checkout errors sev2");

        result.Reply.Visibility.ShouldBe(ReplyVisibility.InChannel);
        result.Reply.FallbackText.ShouldContain("INC-1: Checkout errors declared");
        result.Announcements.ShouldBeEmpty();
        var incident = await _store.FindByChannelAsync(Builders.WorkspaceKey, "inc-room", CancellationToken.None);
        incident.ShouldNotBeNull();
        incident.Severity.ShouldBe(Severity.Sev2);
        incident.Status.ShouldBe(IncidentStatus.Investigating);
        incident.DeclaredBy.ShouldBe(Builders.Alice);
        incident.Times.DetectedAt.ShouldBe(Builders.Noon);
        var events = await KeyEventsAsync();
        events.Single().Kind.ShouldBe(TimelineEventKind.Declared);
        events.Single().Text.ShouldBe("Declared SEV2: Checkout errors");
    }

    [Fact]
    public async Task Declare_defaults_to_sev3_and_numbers_per_workspace()
    {
        await RunAsync("declare First");
        var second = await RunAsync("declare Second", channel: new ChannelRef(Platform.Sandbox, "other", "other"));
        second.Reply.FallbackText.ShouldContain("INC-2: Second");
        (await _store.FindByNumberAsync(Builders.WorkspaceKey, 1, CancellationToken.None))!.Severity.ShouldBe(Severity.Sev3);
    }

    [Fact]
    public async Task A_channel_hosts_one_open_incident_when_incidents_live_where_declared()
    {
        await RunAsync("declare First");
        var refused = await RunAsync("declare Second");

        refused.Reply.Visibility.ShouldBe(ReplyVisibility.Private);
        refused.Reply.FallbackText.ShouldContain("This channel already hosts INC-1 (investigating)");
        (await _store.ListIncidentsAsync(Builders.WorkspaceKey, IncidentListFilter.All, 10, CancellationToken.None)).Count.ShouldBe(1);

        await RunAsync("resolve");
        (await RunAsync("declare Second")).Reply.FallbackText.ShouldContain("INC-2");
    }

    [Fact]
    public async Task Declare_with_a_channel_opener_points_to_the_new_channel_and_announces_there()
    {
        var opener = new OpensRoomPerIncident();
        var result = await RunAsync("declare DB latency sev1", channel: Builders.OpsChannel, service: Service(channels: opener));

        result.Reply.Visibility.ShouldBe(ReplyVisibility.InChannel);
        result.Reply.FallbackText.ShouldBe("alice declared INC-1 (SEV1): DB latency. Join #inc-1 to help.");
        var announcement = result.Announcements.ShouldHaveSingleItem();
        announcement.Channel.Id.ShouldBe("inc-1");
        announcement.Message.FallbackText.ShouldContain("INC-1: DB latency declared");
        (await _store.FindByChannelAsync(Builders.WorkspaceKey, "inc-1", CancellationToken.None))!.Number.ShouldBe(1);
        (await _store.FindByChannelAsync(Builders.WorkspaceKey, "ops", CancellationToken.None)).ShouldBeNull();

        // The opener makes a new channel each time, so a second declare from #ops is fine.
        (await RunAsync("declare Queue backlog", channel: Builders.OpsChannel, service: Service(channels: opener))).Announcements.Single().Channel.Id.ShouldBe("inc-2");
    }

    [Fact]
    public async Task The_same_declare_delivered_again_returns_its_incident_instead_of_declaring_another()
    {
        var first = await RunAsync("declare Checkout errors sev2", deliveryId: "trigger-1");
        _clock.Advance(TimeSpan.FromMinutes(1));

        var again = await RunAsync("declare Checkout errors sev2", deliveryId: "trigger-1");

        // Without this, the channel would already host INC-1 and the same delivery would be refused.
        again.Reply.FallbackText.ShouldBe(first.Reply.FallbackText);
        again.Reply.FallbackText.ShouldContain("INC-1: Checkout errors declared");
        (await _store.ListIncidentsAsync(Builders.WorkspaceKey, IncidentListFilter.All, 10, CancellationToken.None)).ShouldHaveSingleItem();
        (await KeyEventsAsync()).ShouldHaveSingleItem().SourceId.ShouldBe("trigger-1");
        (await RunAsync("declare Checkout errors sev2", deliveryId: "trigger-2")).Reply.FallbackText.ShouldContain("This channel already hosts INC-1");
    }

    [Fact]
    public async Task A_declare_run_again_opens_its_channel_once_and_announces_the_same_incident()
    {
        var opener = new OpensRoomPerIncident();
        var service = Service(channels: opener);

        var first = await RunAsync("declare DB latency sev1", channel: Builders.OpsChannel, deliveryId: "trigger-1", service: service);
        var again = await RunAsync("declare DB latency sev1", channel: Builders.OpsChannel, deliveryId: "trigger-1", service: service);

        again.Reply.FallbackText.ShouldBe(first.Reply.FallbackText);
        again.Announcements.Select(a => (a.Channel, a.Message.FallbackText)).ShouldBe(first.Announcements.Select(a => (a.Channel, a.Message.FallbackText)));
        opener.Opened.ShouldBe(1);
        (await _store.ListIncidentsAsync(Builders.WorkspaceKey, IncidentListFilter.All, 10, CancellationToken.None)).ShouldHaveSingleItem().Channel.Id.ShouldBe("inc-1");
    }

    [Fact]
    public async Task While_its_channel_is_being_opened_a_new_incident_is_not_found_in_the_channel_it_was_declared_in()
    {
        Incident? foundInOps = null;
        var opener = new OpensRoomPerIncident
        {
            WhileOpening = async () => foundInOps = await _store.FindByChannelAsync(Builders.WorkspaceKey, Builders.OpsChannel.Id, CancellationToken.None),
        };

        await RunAsync("declare DB latency sev1", channel: Builders.OpsChannel, deliveryId: "trigger-1", service: Service(channels: opener));

        opener.Opened.ShouldBe(1);
        foundInOps.ShouldBeNull();
        (await _store.FindByNumberAsync(Builders.WorkspaceKey, 1, CancellationToken.None))!.Channel.Id.ShouldBe("inc-1");
    }

    [Fact]
    public async Task A_declare_interrupted_while_opening_its_channel_opens_it_when_run_again()
    {
        var opener = new OpensRoomPerIncident { WhileOpening = () => throw new TimeoutException("the platform did not answer") };
        var service = Service(channels: opener);
        await Should.ThrowAsync<TimeoutException>(() => RunAsync("declare DB latency sev1", channel: Builders.OpsChannel, deliveryId: "trigger-1", service: service));
        var interrupted = await _store.FindByNumberAsync(Builders.WorkspaceKey, 1, CancellationToken.None);
        opener.WhileOpening = null;

        var again = await RunAsync("declare DB latency sev1", channel: Builders.OpsChannel, deliveryId: "trigger-1", service: service);

        PendingChannel.IsPending(interrupted!.Channel).ShouldBeTrue();
        (await _store.FindByChannelAsync(Builders.WorkspaceKey, Builders.OpsChannel.Id, CancellationToken.None)).ShouldBeNull();
        again.Announcements.ShouldHaveSingleItem().Channel.Id.ShouldBe("inc-1");
        again.Reply.FallbackText.ShouldBe("alice declared INC-1 (SEV1): DB latency. Join #inc-1 to help.");
        (await _store.ListIncidentsAsync(Builders.WorkspaceKey, IncidentListFilter.All, 10, CancellationToken.None)).ShouldHaveSingleItem().Channel.Id.ShouldBe("inc-1");
    }

    [Fact]
    public async Task A_declare_run_minutes_after_it_was_typed_is_dated_when_it_was_typed()
    {
        // A declare that opens a channel runs from a queue: here seven minutes late, as after a platform outage.
        var typed = Builders.AnIncidentCommand("declare DB latency sev1") with { Channel = Builders.OpsChannel, ReceivedAt = Builders.Noon, DeliveryId = "trigger-1" };
        _clock.SetUtcNow(Builders.Noon.AddMinutes(7));

        var result = await Service(channels: new OpensRoomPerIncident()).HandleAsync(typed, CancellationToken.None);

        var incident = (await _store.FindByNumberAsync(Builders.WorkspaceKey, 1, CancellationToken.None))!;
        incident.DeclaredAt.ShouldBe(Builders.Noon);
        incident.Times.DetectedAt.ShouldBe(Builders.Noon);
        var declared = (await KeyEventsAsync()).ShouldHaveSingleItem();
        declared.Kind.ShouldBe(TimelineEventKind.Declared);
        declared.OccurredAt.ShouldBe(Builders.Noon);
        declared.RecordedAt.ShouldBe(Builders.Noon.AddMinutes(7));
        result.Announcements.ShouldHaveSingleItem().Message.FallbackText.ShouldContain("2026-11-21 12:00");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(null)]
    public async Task A_declare_whose_received_time_is_ahead_of_the_clock_or_missing_is_dated_now(int? minutesAhead)
    {
        var now = Builders.Noon.AddMinutes(7);
        _clock.SetUtcNow(now);
        var receivedAt = minutesAhead is { } ahead ? now.AddMinutes(ahead) : default;

        await Service().HandleAsync(Builders.AnIncidentCommand("declare DB latency sev1") with { Channel = _incidentChannel, ReceivedAt = receivedAt }, CancellationToken.None);

        (await _store.FindByNumberAsync(Builders.WorkspaceKey, 1, CancellationToken.None))!.DeclaredAt.ShouldBe(now);
        (await KeyEventsAsync()).ShouldHaveSingleItem().OccurredAt.ShouldBe(now);
    }

    [Fact]
    public void Slow_commands_are_decided_by_the_platforms_channel_opener()
    {
        var declare = Builders.AnIncidentCommand("declare DB latency sev1");

        Service(channels: new OpensRoomPerIncident()).AcknowledgementIfSlow(declare).ShouldNotBeNull();
        Service().AcknowledgementIfSlow(declare).ShouldBeNull();
        Service(channels: new OpensRoomPerIncident()).AcknowledgementIfSlow(declare with { Platform = Platform.Teams }).ShouldBeNull();
    }

    [Fact]
    public async Task Timeline_adds_now_and_back_dated_and_shows_everything_in_event_time_order()
    {
        await RunAsync("declare Checkout errors");
        _clock.Advance(TimeSpan.FromMinutes(10));
        var added = await RunAsync("timeline Rolled back deploy 4411");
        added.Reply.Visibility.ShouldBe(ReplyVisibility.Private);
        added.Reply.FallbackText.ShouldContain("Added to INC-1's timeline at 12:10: Rolled back deploy 4411");

        var backDated = await RunAsync("timeline 11:52 First 502s in the edge logs");
        backDated.Reply.FallbackText.ShouldContain("at 11:52");
        await RunAsync("status identified connection pool exhausted");
        await RunAsync("role commander <@U-BOB|bob>");

        var shown = await RunAsync("timeline");
        var timeline = shown.Reply.Blocks.OfType<TimelineBlock>().Single();
        timeline.Lines.Select(l => l.Text).ShouldBe(
        [
            "First 502s in the edge logs",
            "Declared SEV3: Checkout errors",
            "Rolled back deploy 4411",
            "Status: investigating → identified: connection pool exhausted",
            "bob is commander",
        ]);
        timeline.Lines[0].When.ShouldBe("11:52");
        timeline.Lines[0].Label.ShouldBe("note");
        shown.Reply.FallbackText.ShouldContain("5 key events · 0 channel messages in the transcript · times in UTC");
    }

    [Fact]
    public async Task Timelines_spanning_midnight_show_dates_in_the_workspace_zone()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 21, 23, 5, 0, TimeSpan.Zero)); // 00:05 in Berlin
        var service = Service(zone: "Europe/Berlin");
        await RunAsync("declare Night pager storm", service: service);
        await RunAsync("timeline 23:40 Disk alerts began", service: service);

        var timeline = (await RunAsync("timeline", service: service)).Reply.Blocks.OfType<TimelineBlock>().Single();
        timeline.TimeZoneId.ShouldBe("Europe/Berlin");
        timeline.Lines.Select(l => l.When).ShouldBe(["2026-11-21 23:40", "2026-11-22 00:05"]);
    }

    [Fact]
    public async Task Back_dating_into_the_future_is_refused_and_changes_nothing()
    {
        await RunAsync("declare Checkout errors");
        var before = await KeyEventsAsync();

        var refused = await RunAsync("timeline 2026-11-22 09:00 Tomorrow's news");
        refused.Reply.FallbackText.ShouldContain("is in the future");
        refused.Reply.Blocks.OfType<UsageBlock>().ShouldHaveSingleItem();
        (await KeyEventsAsync()).Count.ShouldBe(before.Count);
    }

    [Fact]
    public async Task A_redelivered_timeline_command_is_recorded_once()
    {
        await RunAsync("declare Checkout errors");
        await RunAsync("timeline Cache flushed", deliveryId: "delivery-7");
        var again = await RunAsync("timeline Cache flushed", deliveryId: "delivery-7");

        again.Reply.FallbackText.ShouldContain("Already on INC-1's timeline");
        (await KeyEventsAsync()).Count(e => e.Kind == TimelineEventKind.Note).ShouldBe(1);
    }

    [Fact]
    public async Task Outside_an_incident_channel_the_selector_is_needed_and_changes_are_announced_in_the_incident_channel()
    {
        await RunAsync("declare Checkout errors");

        var withoutSelector = await RunAsync("status identified", channel: Builders.OpsChannel);
        withoutSelector.Reply.FallbackText.ShouldContain("This channel isn't an incident channel");

        var unknown = await RunAsync("INC-9 status identified", channel: Builders.OpsChannel);
        unknown.Reply.FallbackText.ShouldContain("There is no INC-9 in this workspace.");

        var result = await RunAsync("INC-1 status identified", channel: Builders.OpsChannel);
        result.Reply.Visibility.ShouldBe(ReplyVisibility.Private);
        result.Reply.FallbackText.ShouldContain("Posted in #inc-room");
        var announcement = result.Announcements.ShouldHaveSingleItem();
        announcement.Channel.Id.ShouldBe("inc-room");
        announcement.Message.Visibility.ShouldBe(ReplyVisibility.InChannel);
        announcement.Message.FallbackText.ShouldBe("alice · INC-1 · Status: investigating → identified");
    }

    [Fact]
    public async Task A_whole_incident_runs_through_its_lifecycle()
    {
        await RunAsync("declare Checkout errors sev3");
        _clock.Advance(TimeSpan.FromMinutes(5));
        (await RunAsync("sev 1")).Reply.FallbackText.ShouldContain("Severity: SEV3 → SEV1");
        (await RunAsync("role commander @bob")).Reply.FallbackText.ShouldContain("bob is commander");
        (await RunAsync("summary Orders DB ran out of connections")).Reply.Visibility.ShouldBe(ReplyVisibility.InChannel);
        (await RunAsync("impact 12% of EU checkouts failed")).Reply.FallbackText.ShouldContain("Impact: 12% of EU checkouts failed");
        (await RunAsync("keytime impact-start 11:40")).Reply.FallbackText.ShouldContain("Impact start time set to 2026-11-21 11:40");
        _clock.Advance(TimeSpan.FromMinutes(25));
        await RunAsync("status monitoring");
        _clock.Advance(TimeSpan.FromMinutes(30));
        var resolved = await RunAsync("resolve pool size raised");
        resolved.Reply.FallbackText.ShouldContain("Resolved: pool size raised");
        resolved.Reply.FallbackText.ShouldContain("Time to detect: 20 min");
        resolved.Reply.FallbackText.ShouldContain("Time to mitigate: 50 min");
        resolved.Reply.FallbackText.ShouldContain("Time to resolve: 1 h 20 min");
        resolved.Reply.Blocks.OfType<ActionsBlock>().ShouldHaveSingleItem().Actions.Select(a => a.CommandText)
            .ShouldBe(["/postmortem INC-1 draft", "/postmortem INC-1 schedule auto"]);

        var incident = await _store.FindByNumberAsync(Builders.WorkspaceKey, 1, CancellationToken.None);
        incident!.Status.ShouldBe(IncidentStatus.Resolved);
        incident.Commander!.Name.ShouldBe("bob");
        (await KeyEventsAsync()).Select(e => e.Kind).ShouldBe(
        [
            TimelineEventKind.Declared,
            TimelineEventKind.SeverityChanged,
            TimelineEventKind.RoleAssigned,
            TimelineEventKind.SummaryUpdated,
            TimelineEventKind.ImpactUpdated,
            TimelineEventKind.KeyTimeSet,
            TimelineEventKind.StatusChanged,
            TimelineEventKind.Resolved,
        ]);

        var show = await RunAsync("show");
        show.Reply.FallbackText.ShouldContain("Status: resolved");
        show.Reply.FallbackText.ShouldContain("Summary: Orders DB ran out of connections");

        (await RunAsync("status investigating it's back")).Reply.FallbackText.ShouldContain("Reopened: investigating: it's back");
    }

    [Fact]
    public async Task List_shows_open_incidents_and_all_on_request()
    {
        (await RunAsync("list")).Reply.FallbackText.ShouldContain("No open incidents");
        await RunAsync("declare First", channel: new ChannelRef(Platform.Sandbox, "a", "a"));
        await RunAsync("declare Second", channel: new ChannelRef(Platform.Sandbox, "b", "b"));
        await RunAsync("INC-1 resolve", channel: Builders.OpsChannel);

        var open = (await RunAsync("list", channel: Builders.OpsChannel)).Reply.FallbackText;
        open.ShouldContain("INC-2 · SEV3 · investigating · Second · #b");
        open.ShouldNotContain("INC-1");
        (await RunAsync("list all", channel: Builders.OpsChannel)).Reply.FallbackText.ShouldContain("INC-1 · SEV3 · resolved · First");
    }

    [Fact]
    public async Task Every_usage_error_changes_nothing()
    {
        await RunAsync("declare Checkout errors");
        var before = await KeyEventsAsync();
        var versionBefore = (await _store.FindByNumberAsync(Builders.WorkspaceKey, 1, CancellationToken.None))!.Version;
        string[] bad = ["status", "status done", "sev 9", "role", "role boss @x", "timeline 25:00 x", "summary", "impact", "keytime", "resolve " + new string('z', 3001), "frobnicate", "status investigating", "sev 3", "keytime resolved 11:00"];
        foreach (var text in bad)
        {
            var result = await RunAsync(text);
            result.Reply.Visibility.ShouldBe(ReplyVisibility.Private, text);
            result.Reply.Blocks.OfType<ErrorBlock>().ShouldHaveSingleItem(text);
            result.Announcements.ShouldBeEmpty(text);
        }

        (await KeyEventsAsync()).ShouldBe(before);
        (await _store.FindByNumberAsync(Builders.WorkspaceKey, 1, CancellationToken.None))!.Version.ShouldBe(versionBefore);
    }

    [Fact]
    public async Task Help_lists_every_verb_and_explains_one()
    {
        var all = (await RunAsync("help")).Reply.FallbackText;
        foreach (var verb in new[] { "declare", "timeline", "status", "sev", "role", "summary", "impact", "keytime", "resolve", "show", "list", "help" })
        {
            all.ShouldContain("/incident " + verb);
        }

        (await RunAsync("help role")).Reply.FallbackText.ShouldContain("Usage: /incident role commander|comms|scribe @person");
        (await RunAsync("help nope")).Reply.Blocks.OfType<ErrorBlock>().ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Unknown_commands_are_answered_honestly()
    {
        var unknown = await Service().HandleAsync(Builders.AnIncidentCommand("x") with { Command = "deploy" }, CancellationToken.None);
        unknown.Reply.FallbackText.ShouldContain("doesn't know the command \"deploy\"");
    }

    [Fact]
    public async Task A_concurrent_change_is_retried_against_the_fresh_incident()
    {
        await RunAsync("declare Checkout errors");
        var racing = new ConflictOnceStore(_store, async () =>
            await Service().HandleAsync(Builders.AnIncidentCommand("sev 1") with { Channel = _incidentChannel, User = Builders.Bob }, CancellationToken.None));

        var result = await RunAsync("status identified", service: Service(store: racing));

        result.Reply.FallbackText.ShouldContain("Status: investigating → identified");
        var incident = await _store.FindByNumberAsync(Builders.WorkspaceKey, 1, CancellationToken.None);
        incident!.Status.ShouldBe(IncidentStatus.Identified);
        incident.Severity.ShouldBe(Severity.Sev1);
    }

    [Fact]
    public async Task Workspaces_never_see_each_others_incidents()
    {
        await RunAsync("declare Checkout errors");
        var other = Builders.AnIncidentCommand("INC-1 show") with { WorkspaceId = "T-OTHER", Channel = _incidentChannel };
        (await Service().HandleAsync(other, CancellationToken.None)).Reply.FallbackText.ShouldContain("There is no INC-1 in this workspace.");
        (await Service().HandleAsync(other with { Text = "timeline" }, CancellationToken.None)).Reply.FallbackText.ShouldContain("isn't an incident channel");
    }

    private sealed class OpensRoomPerIncident : IIncidentChannels
    {
        public Platform Platform => Platform.Sandbox;

        public bool OpensNewChannels => true;

        /// <summary>Runs while the channel is being opened (it may throw, like a platform that does not answer).</summary>
        public Func<Task>? WhileOpening { get; set; }

        /// <summary>How many channels were opened.</summary>
        public int Opened { get; private set; }

        public async Task<ChannelRef> OpenIncidentChannelAsync(ChatCommand command, Incident incident, CancellationToken cancellationToken)
        {
            if (WhileOpening is { } whileOpening)
            {
                await whileOpening();
            }

            Opened++;
            return new ChannelRef(Platform.Sandbox, $"inc-{incident.Number}", $"inc-{incident.Number}");
        }
    }

    /// <summary>Lets another change land between the command's read and its write, once.</summary>
    private sealed class ConflictOnceStore(IIncidentStore inner, Func<Task> interleave) : IIncidentStore
    {
        private bool _interleaved;

        public async Task<Incident> SaveAsync(Incident incident, IReadOnlyList<TimelineEvent> newEvents, CancellationToken cancellationToken)
        {
            if (!_interleaved)
            {
                _interleaved = true;
                await interleave();
            }

            return await inner.SaveAsync(incident, newEvents, cancellationToken);
        }

        public Task<Incident> CreateIncidentAsync(Incident incident, IReadOnlyList<TimelineEvent> initialEvents, CancellationToken cancellationToken) => inner.CreateIncidentAsync(incident, initialEvents, cancellationToken);

        public Task<Incident?> FindByNumberAsync(string workspace, int number, CancellationToken cancellationToken) => inner.FindByNumberAsync(workspace, number, cancellationToken);

        public Task<Incident?> FindByIdAsync(string workspace, long id, CancellationToken cancellationToken) => inner.FindByIdAsync(workspace, id, cancellationToken);

        public Task<Incident?> FindByChannelAsync(string workspace, string channelId, CancellationToken cancellationToken) => inner.FindByChannelAsync(workspace, channelId, cancellationToken);

        public Task<IReadOnlyList<Incident>> ListIncidentsAsync(string workspace, IncidentListFilter filter, int limit, CancellationToken cancellationToken) => inner.ListIncidentsAsync(workspace, filter, limit, cancellationToken);

        public Task<AppendResult> AppendEventAsync(TimelineEvent timelineEvent, CancellationToken cancellationToken) => inner.AppendEventAsync(timelineEvent, cancellationToken);

        public Task<IReadOnlyList<TimelineEvent>> GetTimelineAsync(string workspace, long incidentId, TimelineQuery query, CancellationToken cancellationToken) => inner.GetTimelineAsync(workspace, incidentId, query, cancellationToken);

        public Task<IReadOnlyList<TimelineEvent>> FindBySourceAsync(string workspace, string sourceId, CancellationToken cancellationToken) => inner.FindBySourceAsync(workspace, sourceId, cancellationToken);

        public Task<int> EditBySourceAsync(string workspace, string sourceId, string newText, DateTimeOffset editedAt, CancellationToken cancellationToken) => inner.EditBySourceAsync(workspace, sourceId, newText, editedAt, cancellationToken);

        public Task<int> WithdrawBySourceAsync(string workspace, string sourceId, TimelineEventKind? kind, DateTimeOffset withdrawnAt, CancellationToken cancellationToken) => inner.WithdrawBySourceAsync(workspace, sourceId, kind, withdrawnAt, cancellationToken);

        public Task<TimelineMarkerResult> AddTimelineMarkerAsync(string workspace, string sourceId, TimelineMarker marker, DateTimeOffset at, DateTimeOffset recordedAt, CancellationToken cancellationToken) => inner.AddTimelineMarkerAsync(workspace, sourceId, marker, at, recordedAt, cancellationToken);

        public Task<TimelineMarkerResult> RemoveTimelineMarkerAsync(string workspace, string sourceId, TimelineMarker marker, DateTimeOffset at, CancellationToken cancellationToken) => inner.RemoveTimelineMarkerAsync(workspace, sourceId, marker, at, cancellationToken);
    }
}
