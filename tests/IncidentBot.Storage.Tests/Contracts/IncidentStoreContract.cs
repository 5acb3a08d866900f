using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Timeline;
using IncidentBot.Storage.Tests.Postgres;
using IncidentBot.TestKit;
using static IncidentBot.TestKit.Builders;

namespace IncidentBot.Storage.Tests.Contracts;

/// <summary>
/// What every <see cref="IIncidentStore"/> must do. Runs against the SQLite store on a real file and
/// against TestKit's in-memory fake, so the fake cannot drift from the real thing.
/// </summary>
public abstract class IncidentStoreContract : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly string OtherWorkspace = Workspace.Key(Platform.Slack, "T-OTHER");
    private IIncidentStore? _store;

    protected IIncidentStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected abstract Task<IIncidentStore> CreateStoreAsync();

    // ---- numbering -------------------------------------------------------------------------------

    [ContractFact]
    public async Task Numbers_incidents_per_workspace_starting_at_one()
    {
        var first = await DeclareAsync();
        var second = await DeclareAsync();
        var elsewhere = await DeclareAsync(AnIncident() with { Workspace = OtherWorkspace });

        first.Number.ShouldBe(1);
        second.Number.ShouldBe(2);
        elsewhere.Number.ShouldBe(1);
        new[] { first.Id, second.Id, elsewhere.Id }.ShouldBeUnique();
    }

    [ContractFact]
    public async Task Concurrent_creates_in_one_workspace_get_consecutive_numbers_without_gaps_or_duplicates()
    {
        var creates = Enumerable.Range(0, 20).Select(i => Task.Run(() => DeclareAsync(
            AnIncident() with { Title = $"Incident {i}" },
            ATimelineEvent() with { Kind = TimelineEventKind.Declared, Text = $"Declared {i}" })));

        var created = await Task.WhenAll(creates);

        created.Select(i => i.Number).Order().ShouldBe(Enumerable.Range(1, 20));
        var all = await Store.ListIncidentsAsync(WorkspaceKey, IncidentListFilter.All, 100, None);
        all.Select(i => i.Number).Order().ShouldBe(Enumerable.Range(1, 20));
        foreach (var incident in created)
        {
            var timeline = await Store.GetTimelineAsync(WorkspaceKey, incident.Id, TimelineQuery.KeyEvents, None);
            timeline.ShouldHaveSingleItem().Text.ShouldBe($"Declared {incident.Title["Incident ".Length..]}");
        }
    }

    // ---- create and find -------------------------------------------------------------------------

    [ContractFact]
    public async Task Create_returns_the_incident_with_id_number_and_first_version()
    {
        var created = await Store.CreateIncidentAsync(AnIncident(), [], None);

        created.Id.ShouldBeGreaterThan(0);
        created.Number.ShouldBe(1);
        created.Version.ShouldBe(1);
        created.ShouldBe(AnIncident() with { Id = created.Id, Number = 1, Version = 1 });
    }

    [ContractFact]
    public async Task Create_stores_the_initial_events_under_the_new_incident()
    {
        var created = await DeclareAsync(
            AnIncident(),
            ATimelineEvent() with { Kind = TimelineEventKind.Declared, Text = "Declared" },
            ATimelineEvent() with { Kind = TimelineEventKind.Note, Text = "First note", OccurredAt = Noon.AddMinutes(1) });

        var timeline = await Store.GetTimelineAsync(WorkspaceKey, created.Id, TimelineQuery.KeyEvents, None);

        timeline.Select(e => e.Text).ShouldBe(["Declared", "First note"]);
        timeline.ShouldAllBe(e => e.IncidentId == created.Id && e.Id > 0);
    }

    [ContractFact]
    public async Task Create_refuses_events_of_another_workspace_and_stores_nothing()
    {
        await Should.ThrowAsync<ArgumentException>(() => Store.CreateIncidentAsync(
            AnIncident(), [ATimelineEvent() with { Workspace = OtherWorkspace }], None));

        (await Store.ListIncidentsAsync(WorkspaceKey, IncidentListFilter.All, 10, None)).ShouldBeEmpty();
        (await DeclareAsync()).Number.ShouldBe(1);
    }

    [ContractFact]
    public async Task Find_by_number_returns_every_field_as_saved()
    {
        var full = AnIncident() with
        {
            Title = "Payments down — 'quotes' & <tags>",
            Severity = Severity.Sev1,
            Status = IncidentStatus.Monitoring,
            Channel = new ChannelRef(Platform.Slack, "C024BE91L", "inc-7-payments"),
            Summary = "Card payments failed",
            Impact = "All EU customers",
            Commander = Alice,
            Comms = Bob,
            Scribe = new Person("U-CAROL", "carol"),
            Times = new KeyTimes
            {
                ImpactStartedAt = Noon.AddMinutes(-30),
                DetectedAt = Noon.AddMinutes(-20),
                AcknowledgedAt = Noon.AddMinutes(-15),
                MitigatedAt = Noon.AddMinutes(10).AddTicks(1_234_560),
                ResolvedAt = null,
            },
        };
        var created = await DeclareAsync(full);

        var found = await Store.FindByNumberAsync(WorkspaceKey, created.Number, None);

        found.ShouldBe(full with { Id = created.Id, Number = 1, Version = 1 });
    }

    [ContractFact]
    public async Task Find_by_number_returns_null_for_a_number_not_used()
    {
        await DeclareAsync();

        (await Store.FindByNumberAsync(WorkspaceKey, 2, None)).ShouldBeNull();
    }

    [ContractFact]
    public async Task Find_by_id_returns_the_incident_only_in_its_own_workspace()
    {
        var created = await DeclareAsync();
        var elsewhere = await DeclareAsync(AnIncident() with { Workspace = OtherWorkspace });

        (await Store.FindByIdAsync(WorkspaceKey, created.Id, None)).ShouldBe(created);
        (await Store.FindByIdAsync(WorkspaceKey, elsewhere.Id, None)).ShouldBeNull();
        (await Store.FindByIdAsync(OtherWorkspace, elsewhere.Id, None)).ShouldBe(elsewhere);
        (await Store.FindByIdAsync(WorkspaceKey, 999_999, None)).ShouldBeNull();
    }

    [ContractFact]
    public async Task Instants_come_back_as_the_same_moment_in_utc()
    {
        var berlin = new DateTimeOffset(2026, 11, 21, 13, 0, 0, TimeSpan.FromHours(1));
        var created = await DeclareAsync(AnIncident() with { DeclaredAt = berlin });

        var found = await Store.FindByNumberAsync(WorkspaceKey, created.Number, None);

        found!.DeclaredAt.ShouldBe(Noon);
        found.DeclaredAt.Offset.ShouldBe(TimeSpan.Zero);
    }

    [ContractFact]
    public async Task Instants_are_kept_to_the_microsecond_and_writes_return_them_as_reads_do()
    {
        var subMicrosecond = Noon.AddTicks(1_234_567);
        var created = await DeclareAsync(AnIncident() with { DeclaredAt = subMicrosecond, Times = new KeyTimes { DetectedAt = subMicrosecond } });
        var appended = await Store.AppendEventAsync(ATimelineEvent(created.Id) with { OccurredAt = subMicrosecond, RecordedAt = subMicrosecond }, None);
        var saved = await Store.SaveAsync(created with { Times = new KeyTimes { MitigatedAt = subMicrosecond } }, [], None);

        created.DeclaredAt.ShouldBe(Noon.AddTicks(1_234_560));
        created.Times.DetectedAt.ShouldBe(Noon.AddTicks(1_234_560));
        appended.Event.OccurredAt.ShouldBe(Noon.AddTicks(1_234_560));
        (await Store.FindByNumberAsync(WorkspaceKey, created.Number, None)).ShouldBe(saved);
        (await Store.GetTimelineAsync(WorkspaceKey, created.Id, TimelineQuery.KeyEvents, None)).ShouldHaveSingleItem().ShouldBe(appended.Event);
    }

    [ContractFact]
    public async Task Find_by_channel_returns_the_latest_incident_declared_in_that_channel_open_or_not()
    {
        var channel = new ChannelRef(Platform.Sandbox, "ops", "ops");
        await DeclareAsync(AnIncident() with { Channel = channel, DeclaredAt = Noon });
        var latest = await DeclareAsync(AnIncident() with { Channel = channel, DeclaredAt = Noon.AddHours(1), Status = IncidentStatus.Resolved });
        await DeclareAsync(AnIncident() with { DeclaredAt = Noon.AddHours(2) });

        var found = await Store.FindByChannelAsync(WorkspaceKey, "ops", None);

        found.ShouldNotBeNull().Id.ShouldBe(latest.Id);
        (await Store.FindByChannelAsync(WorkspaceKey, "elsewhere", None)).ShouldBeNull();
    }

    [ContractFact]
    public async Task List_open_leaves_out_resolved_incidents_newest_first()
    {
        var older = await DeclareAsync(AnIncident() with { DeclaredAt = Noon });
        await DeclareAsync(AnIncident() with { DeclaredAt = Noon.AddHours(1), Status = IncidentStatus.Resolved });
        var newer = await DeclareAsync(AnIncident() with { DeclaredAt = Noon.AddHours(2), Status = IncidentStatus.Identified });

        var open = await Store.ListIncidentsAsync(WorkspaceKey, IncidentListFilter.Open, 10, None);

        open.Select(i => i.Id).ShouldBe([newer.Id, older.Id]);
    }

    [ContractFact]
    public async Task List_all_returns_newest_first_up_to_the_limit()
    {
        for (var hour = 0; hour < 5; hour++)
        {
            await DeclareAsync(AnIncident() with { DeclaredAt = Noon.AddHours(hour), Status = hour % 2 == 0 ? IncidentStatus.Resolved : IncidentStatus.Investigating });
        }

        var all = await Store.ListIncidentsAsync(WorkspaceKey, IncidentListFilter.All, 3, None);

        all.Select(i => i.Number).ShouldBe([5, 4, 3]);
    }

    [ContractFact]
    public async Task List_orders_incidents_declared_at_the_same_moment_by_number()
    {
        await DeclareAsync();
        await DeclareAsync();

        var all = await Store.ListIncidentsAsync(WorkspaceKey, IncidentListFilter.All, 10, None);

        all.Select(i => i.Number).ShouldBe([2, 1]);
    }

    [ContractTheory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task List_refuses_a_limit_below_one(int limit) =>
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() =>
            Store.ListIncidentsAsync(WorkspaceKey, IncidentListFilter.All, limit, None));

    // ---- save ------------------------------------------------------------------------------------

    [ContractFact]
    public async Task Save_stores_the_change_and_bumps_the_version()
    {
        var created = await DeclareAsync();
        var changed = created with { Status = IncidentStatus.Identified, Commander = Bob, Summary = "Bad deploy" };

        var saved = await Store.SaveAsync(changed, [], None);

        saved.ShouldBe(changed with { Version = 2 });
        (await Store.FindByNumberAsync(WorkspaceKey, created.Number, None)).ShouldBe(saved);
    }

    [ContractFact]
    public async Task Save_can_clear_optional_fields()
    {
        var created = await DeclareAsync(AnIncident() with { Commander = Alice, Summary = "x", Times = new KeyTimes { DetectedAt = Noon } });

        await Store.SaveAsync(created with { Commander = null, Summary = null, Times = KeyTimes.Empty }, [], None);

        var found = await Store.FindByNumberAsync(WorkspaceKey, created.Number, None);
        found!.Commander.ShouldBeNull();
        found.Summary.ShouldBeNull();
        found.Times.ShouldBe(KeyTimes.Empty);
    }

    [ContractFact]
    public async Task Save_keeps_the_number_it_was_given_at_create()
    {
        var created = await DeclareAsync();

        var saved = await Store.SaveAsync(created with { Number = 99 }, [], None);

        saved.Number.ShouldBe(1);
        (await Store.FindByNumberAsync(WorkspaceKey, 1, None)).ShouldNotBeNull();
    }

    [ContractFact]
    public async Task Save_at_a_stale_version_fails_with_a_conflict_and_changes_nothing()
    {
        var created = await DeclareAsync();
        var firstWriter = await Store.SaveAsync(created with { Severity = Severity.Sev1 }, [], None);

        await Should.ThrowAsync<ConcurrencyConflictException>(() => Store.SaveAsync(
            created with { Title = "Stale write" },
            [ATimelineEvent() with { Kind = TimelineEventKind.SummaryUpdated, Text = "Stale event" }],
            None));

        (await Store.FindByNumberAsync(WorkspaceKey, 1, None)).ShouldBe(firstWriter);
        (await Store.GetTimelineAsync(WorkspaceKey, created.Id, TimelineQuery.Everything, None)).ShouldBeEmpty();
    }

    [ContractFact]
    public async Task Save_stores_the_incident_and_its_events_together()
    {
        var created = await DeclareAsync();

        await Store.SaveAsync(
            created with { Status = IncidentStatus.Resolved },
            [
                ATimelineEvent() with { Kind = TimelineEventKind.StatusChanged, Text = "Status: resolved" },
                ATimelineEvent(created.Id) with { Kind = TimelineEventKind.Resolved, Text = "Resolved", OccurredAt = Noon.AddSeconds(1) },
            ],
            None);

        var timeline = await Store.GetTimelineAsync(WorkspaceKey, created.Id, TimelineQuery.KeyEvents, None);
        timeline.Select(e => (e.Kind, e.IncidentId)).ShouldBe([
            (TimelineEventKind.StatusChanged, created.Id),
            (TimelineEventKind.Resolved, created.Id),
        ]);
    }

    [ContractFact]
    public async Task Save_that_fails_on_an_event_stores_neither_the_incident_nor_any_event()
    {
        var created = await DeclareAsync();
        await Store.AppendEventAsync(ATimelineEvent(created.Id) with { Kind = TimelineEventKind.Note, SourceId = "C1/1.0" }, None);

        await Should.ThrowAsync<InvalidOperationException>(() => Store.SaveAsync(
            created with { Title = "Renamed" },
            [
                ATimelineEvent() with { Kind = TimelineEventKind.SummaryUpdated, Text = "Would be stored first" },
                ATimelineEvent() with { Kind = TimelineEventKind.Note, SourceId = "C1/1.0", Text = "Duplicate source" },
            ],
            None));

        (await Store.FindByNumberAsync(WorkspaceKey, 1, None)).ShouldBe(created);
        (await Store.GetTimelineAsync(WorkspaceKey, created.Id, TimelineQuery.Everything, None)).ShouldHaveSingleItem();
    }

    [ContractFact]
    public async Task Save_refuses_events_of_another_incident()
    {
        var created = await DeclareAsync();
        var other = await DeclareAsync();

        await Should.ThrowAsync<ArgumentException>(() => Store.SaveAsync(created, [ATimelineEvent(other.Id)], None));

        (await Store.FindByNumberAsync(WorkspaceKey, created.Number, None))!.Version.ShouldBe(1);
    }

    [ContractFact]
    public async Task Save_of_an_incident_that_was_never_created_fails()
    {
        await Should.ThrowAsync<KeyNotFoundException>(() =>
            Store.SaveAsync(AnIncident() with { Id = 12345, Version = 1 }, [], None));
    }

    // ---- append ----------------------------------------------------------------------------------

    [ContractFact]
    public async Task Appending_the_same_source_twice_stores_one_event()
    {
        var incident = await DeclareAsync();
        var pin = APin(incident, "C1/1355517523.000005", "Error rate at 40%");

        var first = await Store.AppendEventAsync(pin, None);
        var second = await Store.AppendEventAsync(pin with { Text = "Redelivered" }, None);

        first.Added.ShouldBeTrue();
        first.Event.Id.ShouldBeGreaterThan(0);
        second.Added.ShouldBeFalse();
        second.Event.ShouldBe(first.Event);
        (await Store.GetTimelineAsync(WorkspaceKey, incident.Id, TimelineQuery.KeyEvents, None))
            .ShouldHaveSingleItem().Text.ShouldBe("Error rate at 40%");
    }

    [ContractFact]
    public async Task Appending_returns_the_event_as_stored()
    {
        var incident = await DeclareAsync();
        var pin = APin(incident, "C1/1.0", "Pinned") with
        {
            ThreadId = "C1/0.5",
            Link = "https://example.slack.com/archives/C1/p10",
            RecordedAt = Noon.AddMinutes(5),
        };

        var appended = await Store.AppendEventAsync(pin, None);

        appended.Event.ShouldBe(pin with { Id = appended.Event.Id });
        (await Store.FindBySourceAsync(WorkspaceKey, "C1/1.0", None)).ShouldHaveSingleItem().ShouldBe(appended.Event);
    }

    [ContractFact]
    public async Task The_same_source_may_be_appended_once_per_kind()
    {
        var incident = await DeclareAsync();

        var message = await Store.AppendEventAsync(APin(incident, "C1/1.0", "hello") with { Kind = TimelineEventKind.Message }, None);
        var pin = await Store.AppendEventAsync(APin(incident, "C1/1.0", "hello"), None);

        message.Added.ShouldBeTrue();
        pin.Added.ShouldBeTrue();
        (await Store.FindBySourceAsync(WorkspaceKey, "C1/1.0", None)).Count.ShouldBe(2);
    }

    [ContractFact]
    public async Task Appending_without_a_source_always_adds()
    {
        var incident = await DeclareAsync();
        var note = ATimelineEvent(incident.Id);

        var first = await Store.AppendEventAsync(note, None);
        var second = await Store.AppendEventAsync(note, None);

        first.Added.ShouldBeTrue();
        second.Added.ShouldBeTrue();
        second.Event.Id.ShouldNotBe(first.Event.Id);
        (await Store.GetTimelineAsync(WorkspaceKey, incident.Id, TimelineQuery.KeyEvents, None)).Count.ShouldBe(2);
    }

    [ContractFact]
    public async Task Appending_to_an_incident_that_does_not_exist_fails()
    {
        await Should.ThrowAsync<KeyNotFoundException>(() => Store.AppendEventAsync(ATimelineEvent(424242), None));
    }

    [ContractFact]
    public async Task Concurrent_appends_of_one_source_store_it_once()
    {
        var incident = await DeclareAsync();
        var pin = APin(incident, "C1/2.0", "Once");

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => Store.AppendEventAsync(pin, None))));

        results.Count(r => r.Added).ShouldBe(1);
        results.Select(r => r.Event.Id).Distinct().ShouldHaveSingleItem();
    }

    // ---- edit, withdraw, restore -----------------------------------------------------------------

    [ContractFact]
    public async Task Editing_updates_every_event_of_the_source_and_keeps_the_first_text()
    {
        var incident = await DeclareAsync();
        await Store.AppendEventAsync(APin(incident, "C1/1.0", "first") with { Kind = TimelineEventKind.Message }, None);
        await Store.AppendEventAsync(APin(incident, "C1/1.0", "first"), None);

        var firstEdit = await Store.EditBySourceAsync(WorkspaceKey, "C1/1.0", "second", Noon.AddMinutes(1), None);
        var secondEdit = await Store.EditBySourceAsync(WorkspaceKey, "C1/1.0", "third", Noon.AddMinutes(2), None);

        firstEdit.ShouldBe(2);
        secondEdit.ShouldBe(2);
        var events = await Store.FindBySourceAsync(WorkspaceKey, "C1/1.0", None);
        events.Count.ShouldBe(2);
        events.ShouldAllBe(e => e.Text == "third" && e.OriginalText == "first" && e.EditedAt == Noon.AddMinutes(2));
    }

    [ContractFact]
    public async Task Editing_to_the_same_text_changes_nothing()
    {
        var incident = await DeclareAsync();
        await Store.AppendEventAsync(APin(incident, "C1/1.0", "same"), None);

        var changed = await Store.EditBySourceAsync(WorkspaceKey, "C1/1.0", "same", Noon.AddMinutes(1), None);

        changed.ShouldBe(0);
        var stored = (await Store.FindBySourceAsync(WorkspaceKey, "C1/1.0", None)).ShouldHaveSingleItem();
        stored.EditedAt.ShouldBeNull();
        stored.OriginalText.ShouldBeNull();
    }

    [ContractFact]
    public async Task Editing_an_unknown_source_changes_nothing() =>
        (await Store.EditBySourceAsync(WorkspaceKey, "C1/unknown", "x", Noon, None)).ShouldBe(0);

    [ContractFact]
    public async Task Withdrawing_without_a_kind_hides_every_event_of_the_source()
    {
        var incident = await DeclareAsync();
        await Store.AppendEventAsync(APin(incident, "C1/1.0", "msg") with { Kind = TimelineEventKind.Message }, None);
        await Store.AppendEventAsync(APin(incident, "C1/1.0", "msg"), None);
        await Store.AppendEventAsync(APin(incident, "C1/2.0", "other"), None);

        var withdrawn = await Store.WithdrawBySourceAsync(WorkspaceKey, "C1/1.0", kind: null, Noon.AddMinutes(3), None);

        withdrawn.ShouldBe(2);
        (await Store.FindBySourceAsync(WorkspaceKey, "C1/1.0", None)).ShouldBeEmpty();
        (await Store.GetTimelineAsync(WorkspaceKey, incident.Id, TimelineQuery.Everything, None))
            .Select(e => e.SourceId).ShouldBe(["C1/2.0"]);
        var everything = await Store.GetTimelineAsync(WorkspaceKey, incident.Id, new TimelineQuery(TimelineScope.All, IncludeWithdrawn: true), None);
        everything.Where(e => e.SourceId == "C1/1.0").ShouldAllBe(e => e.WithdrawnAt == Noon.AddMinutes(3));
        everything.Count.ShouldBe(3);
    }

    [ContractFact]
    public async Task Withdrawing_one_kind_leaves_the_other_kinds_of_the_source()
    {
        var incident = await DeclareAsync();
        await Store.AppendEventAsync(APin(incident, "C1/1.0", "msg") with { Kind = TimelineEventKind.Message }, None);
        await Store.AppendEventAsync(APin(incident, "C1/1.0", "msg"), None);

        var withdrawn = await Store.WithdrawBySourceAsync(WorkspaceKey, "C1/1.0", TimelineEventKind.Pinned, Noon, None);

        withdrawn.ShouldBe(1);
        (await Store.FindBySourceAsync(WorkspaceKey, "C1/1.0", None)).ShouldHaveSingleItem().Kind.ShouldBe(TimelineEventKind.Message);
    }

    [ContractFact]
    public async Task Withdrawing_again_withdraws_nothing_more()
    {
        var incident = await DeclareAsync();
        await Store.AppendEventAsync(APin(incident, "C1/1.0", "msg"), None);
        await Store.WithdrawBySourceAsync(WorkspaceKey, "C1/1.0", kind: null, Noon.AddMinutes(1), None);

        var again = await Store.WithdrawBySourceAsync(WorkspaceKey, "C1/1.0", kind: null, Noon.AddMinutes(2), None);

        again.ShouldBe(0);
        var stored = await Store.GetTimelineAsync(WorkspaceKey, incident.Id, TimelineQuery.KeyEvents with { IncludeWithdrawn = true }, None);
        stored.ShouldHaveSingleItem().WithdrawnAt.ShouldBe(Noon.AddMinutes(1));
    }

    [ContractFact]
    public async Task Appending_a_withdrawn_source_again_brings_it_back()
    {
        var incident = await DeclareAsync();
        var pin = APin(incident, "C1/1.0", "pinned");
        var original = await Store.AppendEventAsync(pin, None);
        await Store.WithdrawBySourceAsync(WorkspaceKey, "C1/1.0", TimelineEventKind.Pinned, Noon.AddMinutes(1), None);

        var repinned = await Store.AppendEventAsync(pin, None);

        repinned.Added.ShouldBeTrue();
        repinned.Event.Id.ShouldBe(original.Event.Id);
        repinned.Event.WithdrawnAt.ShouldBeNull();
        (await Store.GetTimelineAsync(WorkspaceKey, incident.Id, TimelineQuery.KeyEvents, None))
            .ShouldHaveSingleItem().ShouldBe(original.Event);
        (await Store.AppendEventAsync(pin, None)).Added.ShouldBeFalse();
    }

    // ---- timeline markers: the pin and each person's timeline reaction ---------------------------------

    [ContractFact]
    public async Task A_marker_puts_a_copy_of_the_captured_message_on_the_key_timeline()
    {
        var incident = await DeclareAsync();
        var message = await CaptureAsync(incident, "C1/1.0", "Failover started");

        var added = await Store.AddTimelineMarkerAsync(WorkspaceKey, "C1/1.0", TimelineMarker.Reaction(Alice), Noon.AddMinutes(5), Noon.AddMinutes(6), None);

        (added.Captured, added.MarkerChanged, added.Markers, added.OnKeyTimeline).ShouldBe((true, true, 1, true));
        var entry = added.KeyEntry.ShouldNotBeNull();
        entry.ShouldBe(message with { Id = entry.Id, Kind = TimelineEventKind.Pinned, RecordedAt = Noon.AddMinutes(6) });
        entry.Id.ShouldNotBe(message.Id);
        (await Store.GetTimelineAsync(WorkspaceKey, incident.Id, TimelineQuery.KeyEvents, None)).ShouldHaveSingleItem().ShouldBe(entry);
    }

    [ContractFact]
    public async Task The_same_marker_twice_changes_nothing()
    {
        var incident = await DeclareAsync();
        await CaptureAsync(incident, "C1/1.0", "Failover started");
        var first = await Store.AddTimelineMarkerAsync(WorkspaceKey, "C1/1.0", TimelineMarker.Reaction(Alice), Noon.AddMinutes(5), Noon.AddMinutes(5), None);

        var again = await Store.AddTimelineMarkerAsync(WorkspaceKey, "C1/1.0", TimelineMarker.Reaction(Alice), Noon.AddMinutes(5), Noon.AddMinutes(9), None);
        var laterPin = await Store.AddTimelineMarkerAsync(WorkspaceKey, "C1/1.0", TimelineMarker.Pin(Bob), Noon.AddMinutes(6), Noon.AddMinutes(9), None);
        var pinnedAgain = await Store.AddTimelineMarkerAsync(WorkspaceKey, "C1/1.0", TimelineMarker.Pin(Alice), Noon.AddMinutes(7), Noon.AddMinutes(9), None);

        (again.MarkerChanged, again.Markers, again.KeyEntry).ShouldBe((false, 1, first.KeyEntry));
        (laterPin.MarkerChanged, laterPin.Markers, laterPin.KeyEntry).ShouldBe((true, 2, first.KeyEntry));
        (pinnedAgain.MarkerChanged, pinnedAgain.Markers, pinnedAgain.KeyEntry).ShouldBe((false, 2, first.KeyEntry));
        (await Store.GetTimelineAsync(WorkspaceKey, incident.Id, TimelineQuery.KeyEvents, None)).ShouldHaveSingleItem();
    }

    [ContractFact]
    public async Task The_entry_stays_while_any_marker_remains_and_goes_with_the_last()
    {
        var incident = await DeclareAsync();
        await CaptureAsync(incident, "C1/1.0", "Failover started");
        await Store.AddTimelineMarkerAsync(WorkspaceKey, "C1/1.0", TimelineMarker.Pin(Alice), Noon.AddMinutes(1), Noon, None);
        await Store.AddTimelineMarkerAsync(WorkspaceKey, "C1/1.0", TimelineMarker.Reaction(Alice), Noon.AddMinutes(2), Noon, None);
        await Store.AddTimelineMarkerAsync(WorkspaceKey, "C1/1.0", TimelineMarker.Reaction(Bob), Noon.AddMinutes(3), Noon, None);

        var alicesReactionGone = await Store.RemoveTimelineMarkerAsync(WorkspaceKey, "C1/1.0", TimelineMarker.Reaction(Alice), Noon.AddMinutes(4), None);
        var unpinnedByBob = await Store.RemoveTimelineMarkerAsync(WorkspaceKey, "C1/1.0", TimelineMarker.Pin(Bob), Noon.AddMinutes(5), None);
        var last = await Store.RemoveTimelineMarkerAsync(WorkspaceKey, "C1/1.0", TimelineMarker.Reaction(Bob), Noon.AddMinutes(6), None);

        (alicesReactionGone.MarkerChanged, alicesReactionGone.Markers, alicesReactionGone.OnKeyTimeline).ShouldBe((true, 2, true));
        (unpinnedByBob.MarkerChanged, unpinnedByBob.Markers, unpinnedByBob.OnKeyTimeline).ShouldBe((true, 1, true));
        (last.MarkerChanged, last.Markers, last.OnKeyTimeline).ShouldBe((true, 0, false));
        last.KeyEntry.ShouldNotBeNull().WithdrawnAt.ShouldBe(Noon.AddMinutes(6));
        (await Store.GetTimelineAsync(WorkspaceKey, incident.Id, TimelineQuery.KeyEvents, None)).ShouldBeEmpty();
        (await Store.GetTimelineAsync(WorkspaceKey, incident.Id, new TimelineQuery(TimelineScope.Transcript), None)).ShouldHaveSingleItem();
    }

    [ContractFact]
    public async Task A_marker_added_after_the_last_one_went_brings_back_the_same_entry_at_its_original_time()
    {
        var incident = await DeclareAsync();
        await CaptureAsync(incident, "C1/1.0", "Failover started");
        var first = await Store.AddTimelineMarkerAsync(WorkspaceKey, "C1/1.0", TimelineMarker.Pin(Alice), Noon.AddMinutes(1), Noon.AddMinutes(1), None);
        await Store.RemoveTimelineMarkerAsync(WorkspaceKey, "C1/1.0", TimelineMarker.Pin(Alice), Noon.AddMinutes(2), None);

        var restored = await Store.AddTimelineMarkerAsync(WorkspaceKey, "C1/1.0", TimelineMarker.Reaction(Bob), Noon.AddMinutes(3), Noon.AddMinutes(3), None);

        (restored.MarkerChanged, restored.Markers).ShouldBe((true, 1));
        restored.KeyEntry.ShouldBe(first.KeyEntry);
        (await Store.GetTimelineAsync(WorkspaceKey, incident.Id, TimelineQuery.KeyEvents with { IncludeWithdrawn = true }, None))
            .ShouldHaveSingleItem().ShouldBe(first.KeyEntry);
    }

    [ContractFact]
    public async Task Removing_a_marker_that_is_not_there_changes_nothing()
    {
        var incident = await DeclareAsync();
        await CaptureAsync(incident, "C1/1.0", "Failover started");
        await CaptureAsync(incident, "C1/2.0", "Rolled back");
        var kept = await Store.AddTimelineMarkerAsync(WorkspaceKey, "C1/2.0", TimelineMarker.Reaction(Alice), Noon.AddMinutes(1), Noon, None);

        var never = await Store.RemoveTimelineMarkerAsync(WorkspaceKey, "C1/1.0", TimelineMarker.Reaction(Alice), Noon.AddMinutes(2), None);
        var someoneElses = await Store.RemoveTimelineMarkerAsync(WorkspaceKey, "C1/2.0", TimelineMarker.Reaction(Bob), Noon.AddMinutes(2), None);
        var notPinned = await Store.RemoveTimelineMarkerAsync(WorkspaceKey, "C1/2.0", TimelineMarker.Pin(Alice), Noon.AddMinutes(2), None);
        await Store.RemoveTimelineMarkerAsync(WorkspaceKey, "C1/2.0", TimelineMarker.Reaction(Alice), Noon.AddMinutes(3), None);
        var twice = await Store.RemoveTimelineMarkerAsync(WorkspaceKey, "C1/2.0", TimelineMarker.Reaction(Alice), Noon.AddMinutes(4), None);

        (never.Captured, never.MarkerChanged, never.Markers, never.KeyEntry).ShouldBe((true, false, 0, null));
        (someoneElses.MarkerChanged, someoneElses.Markers, someoneElses.KeyEntry).ShouldBe((false, 1, kept.KeyEntry));
        (notPinned.MarkerChanged, notPinned.Markers, notPinned.KeyEntry).ShouldBe((false, 1, kept.KeyEntry));
        (twice.MarkerChanged, twice.Markers).ShouldBe((false, 0));
        twice.KeyEntry.ShouldNotBeNull().WithdrawnAt.ShouldBe(Noon.AddMinutes(3));
    }

    [ContractFact]
    public async Task Marker_changes_take_effect_in_the_order_they_happened_whatever_order_they_arrive_in()
    {
        var incident = await DeclareAsync();
        await CaptureAsync(incident, "C1/1.0", "Failover started");
        var reaction = TimelineMarker.Reaction(Alice);

        // Slack delivered the removal (at :02) before the add (at :01).
        var removal = await Store.RemoveTimelineMarkerAsync(WorkspaceKey, "C1/1.0", reaction, Noon.AddMinutes(2), None);
        var lateAdd = await Store.AddTimelineMarkerAsync(WorkspaceKey, "C1/1.0", reaction, Noon.AddMinutes(1), Noon.AddMinutes(3), None);
        var reactedAgain = await Store.AddTimelineMarkerAsync(WorkspaceKey, "C1/1.0", reaction, Noon.AddMinutes(4), Noon.AddMinutes(4), None);
        var staleRemoval = await Store.RemoveTimelineMarkerAsync(WorkspaceKey, "C1/1.0", reaction, Noon.AddMinutes(3), None);

        (removal.MarkerChanged, removal.Markers, removal.KeyEntry).ShouldBe((false, 0, null));
        (lateAdd.MarkerChanged, lateAdd.Markers, lateAdd.KeyEntry).ShouldBe((false, 0, null));
        (reactedAgain.MarkerChanged, reactedAgain.Markers, reactedAgain.OnKeyTimeline).ShouldBe((true, 1, true));
        (staleRemoval.MarkerChanged, staleRemoval.Markers, staleRemoval.OnKeyTimeline).ShouldBe((false, 1, true));
    }

    [ContractFact]
    public async Task A_removal_at_the_same_instant_as_the_add_takes_effect()
    {
        var incident = await DeclareAsync();
        await CaptureAsync(incident, "C1/1.0", "Failover started");

        await Store.AddTimelineMarkerAsync(WorkspaceKey, "C1/1.0", TimelineMarker.Pin(Alice), Noon, Noon, None);
        var removed = await Store.RemoveTimelineMarkerAsync(WorkspaceKey, "C1/1.0", TimelineMarker.Pin(Alice), Noon, None);

        (removed.MarkerChanged, removed.Markers, removed.OnKeyTimeline).ShouldBe((true, 0, false));
    }

    [ContractFact]
    public async Task Only_a_captured_message_that_was_not_deleted_takes_markers()
    {
        var incident = await DeclareAsync();
        await CaptureAsync(incident, "C1/1.0", "oops wrong channel");
        await Store.AddTimelineMarkerAsync(WorkspaceKey, "C1/1.0", TimelineMarker.Pin(Alice), Noon.AddMinutes(1), Noon, None);
        await Store.WithdrawBySourceAsync(WorkspaceKey, "C1/1.0", kind: null, Noon.AddMinutes(2), None);

        var afterDeletion = await Store.AddTimelineMarkerAsync(WorkspaceKey, "C1/1.0", TimelineMarker.Reaction(Bob), Noon.AddMinutes(3), Noon, None);
        var removalAfterDeletion = await Store.RemoveTimelineMarkerAsync(WorkspaceKey, "C1/1.0", TimelineMarker.Pin(Alice), Noon.AddMinutes(3), None);
        var unknown = await Store.AddTimelineMarkerAsync(WorkspaceKey, "C1/9.9", TimelineMarker.Pin(Alice), Noon, Noon, None);
        var keyEventOnly = await Store.AppendEventAsync(APin(incident, "C1/5.0", "a key event without a captured message"), None);
        var notAMessage = await Store.AddTimelineMarkerAsync(WorkspaceKey, "C1/5.0", TimelineMarker.Pin(Alice), Noon, Noon, None);

        afterDeletion.ShouldBe(TimelineMarkerResult.NotCaptured);
        removalAfterDeletion.ShouldBe(TimelineMarkerResult.NotCaptured);
        unknown.ShouldBe(TimelineMarkerResult.NotCaptured);
        notAMessage.ShouldBe(TimelineMarkerResult.NotCaptured);
        (await Store.GetTimelineAsync(WorkspaceKey, incident.Id, TimelineQuery.KeyEvents, None)).ShouldHaveSingleItem().ShouldBe(keyEventOnly.Event);
        (await Store.GetTimelineAsync(WorkspaceKey, incident.Id, TimelineQuery.KeyEvents with { IncludeWithdrawn = true }, None))
            .Single(e => e.SourceId == "C1/1.0").WithdrawnAt.ShouldBe(Noon.AddMinutes(2));
    }

    [ContractFact]
    public async Task An_edit_reaches_the_key_entry_and_one_withdrawn_meanwhile_comes_back_edited()
    {
        var incident = await DeclareAsync();
        await CaptureAsync(incident, "C1/1.0", "pool max is 10");
        await Store.AddTimelineMarkerAsync(WorkspaceKey, "C1/1.0", TimelineMarker.Pin(Alice), Noon.AddMinutes(1), Noon, None);
        await Store.EditBySourceAsync(WorkspaceKey, "C1/1.0", "pool max is 20", Noon.AddMinutes(2), None);
        var shown = (await Store.GetTimelineAsync(WorkspaceKey, incident.Id, TimelineQuery.KeyEvents, None)).ShouldHaveSingleItem();
        await Store.RemoveTimelineMarkerAsync(WorkspaceKey, "C1/1.0", TimelineMarker.Pin(Alice), Noon.AddMinutes(3), None);
        await Store.EditBySourceAsync(WorkspaceKey, "C1/1.0", "pool max is 30", Noon.AddMinutes(4), None);

        var restored = await Store.AddTimelineMarkerAsync(WorkspaceKey, "C1/1.0", TimelineMarker.Reaction(Bob), Noon.AddMinutes(5), Noon, None);

        (shown.Text, shown.OriginalText, shown.EditedAt).ShouldBe(("pool max is 20", "pool max is 10", Noon.AddMinutes(2)));
        var entry = restored.KeyEntry.ShouldNotBeNull();
        (entry.Id, entry.Text, entry.OriginalText, entry.EditedAt, entry.WithdrawnAt).ShouldBe((shown.Id, "pool max is 30", "pool max is 10", Noon.AddMinutes(4), null));
    }

    [ContractFact]
    public async Task Markers_are_per_workspace()
    {
        var ours = await DeclareAsync();
        var theirs = await DeclareAsync(AnIncident() with { Workspace = OtherWorkspace });
        await CaptureAsync(ours, "C1/1.0", "ours");
        await Store.AddTimelineMarkerAsync(WorkspaceKey, "C1/1.0", TimelineMarker.Reaction(Alice), Noon.AddMinutes(1), Noon, None);

        var theirRemoval = await Store.RemoveTimelineMarkerAsync(OtherWorkspace, "C1/1.0", TimelineMarker.Reaction(Alice), Noon.AddMinutes(2), None);
        var theirAdd = await Store.AddTimelineMarkerAsync(OtherWorkspace, "C1/1.0", TimelineMarker.Reaction(Bob), Noon.AddMinutes(2), Noon, None);
        await CaptureAsync(theirs, "C1/1.0", "theirs");
        var theirOwn = await Store.AddTimelineMarkerAsync(OtherWorkspace, "C1/1.0", TimelineMarker.Reaction(Bob), Noon.AddMinutes(3), Noon, None);
        var theirOwnRemoved = await Store.RemoveTimelineMarkerAsync(OtherWorkspace, "C1/1.0", TimelineMarker.Reaction(Bob), Noon.AddMinutes(4), None);

        theirRemoval.ShouldBe(TimelineMarkerResult.NotCaptured);
        theirAdd.ShouldBe(TimelineMarkerResult.NotCaptured);
        (theirOwn.Markers, theirOwn.KeyEntry!.Text).ShouldBe((1, "theirs"));
        theirOwnRemoved.Markers.ShouldBe(0);
        (await Store.GetTimelineAsync(WorkspaceKey, ours.Id, TimelineQuery.KeyEvents, None)).ShouldHaveSingleItem().Text.ShouldBe("ours");
    }

    [ContractFact]
    public async Task Concurrent_removals_of_the_last_two_markers_withdraw_the_entry_exactly_once()
    {
        var incident = await DeclareAsync();
        const int Messages = 20;
        for (var i = 0; i < Messages; i++)
        {
            await CaptureAsync(incident, $"C1/{i}.0", $"message {i}");
            await Store.AddTimelineMarkerAsync(WorkspaceKey, $"C1/{i}.0", TimelineMarker.Pin(Alice), Noon.AddMinutes(1), Noon, None);
            await Store.AddTimelineMarkerAsync(WorkspaceKey, $"C1/{i}.0", TimelineMarker.Reaction(Bob), Noon.AddMinutes(2), Noon, None);
        }

        var removals = await Task.WhenAll(Enumerable.Range(0, Messages).SelectMany(i => new[]
        {
            Task.Run(() => Store.RemoveTimelineMarkerAsync(WorkspaceKey, $"C1/{i}.0", TimelineMarker.Pin(Alice), Noon.AddMinutes(3), None)),
            Task.Run(() => Store.RemoveTimelineMarkerAsync(WorkspaceKey, $"C1/{i}.0", TimelineMarker.Reaction(Bob), Noon.AddMinutes(4), None)),
        }));

        removals.ShouldAllBe(r => r.Captured && r.MarkerChanged);
        for (var i = 0; i < Messages; i++)
        {
            var pair = removals.Skip(2 * i).Take(2).ToList();
            pair.Select(r => r.Markers).Order().ToArray().ShouldBe([0, 1], $"message {i}");
            var lastOne = pair.Single(r => r.Markers == 0);
            lastOne.KeyEntry.ShouldNotBeNull().WithdrawnAt.ShouldNotBeNull();
        }

        var keyEntries = await Store.GetTimelineAsync(WorkspaceKey, incident.Id, TimelineQuery.KeyEvents with { IncludeWithdrawn = true }, None);
        keyEntries.Count.ShouldBe(Messages);
        keyEntries.ShouldAllBe(e => e.WithdrawnAt == Noon.AddMinutes(3) || e.WithdrawnAt == Noon.AddMinutes(4));
        (await Store.GetTimelineAsync(WorkspaceKey, incident.Id, TimelineQuery.KeyEvents, None)).ShouldBeEmpty();
    }

    [ContractFact]
    public async Task A_deletion_racing_a_marker_leaves_nothing_on_the_key_timeline()
    {
        var incident = await DeclareAsync();
        const int Messages = 20;
        for (var i = 0; i < Messages; i++)
        {
            await CaptureAsync(incident, $"C1/{i}.0", $"message {i}");
        }

        await Task.WhenAll(Enumerable.Range(0, Messages).SelectMany(i => new Task[]
        {
            Task.Run(() => Store.AddTimelineMarkerAsync(WorkspaceKey, $"C1/{i}.0", TimelineMarker.Reaction(Alice), Noon.AddMinutes(1), Noon, None)),
            Task.Run(() => Store.WithdrawBySourceAsync(WorkspaceKey, $"C1/{i}.0", kind: null, Noon.AddMinutes(2), None)),
        }));

        (await Store.GetTimelineAsync(WorkspaceKey, incident.Id, TimelineQuery.Everything, None)).ShouldBeEmpty();
    }

    [ContractFact]
    public async Task An_edit_racing_a_marker_reaches_the_key_entry()
    {
        var incident = await DeclareAsync();
        const int Messages = 20;
        for (var i = 0; i < Messages; i++)
        {
            await CaptureAsync(incident, $"C1/{i}.0", "before");
        }

        await Task.WhenAll(Enumerable.Range(0, Messages).SelectMany(i => new Task[]
        {
            Task.Run(() => Store.AddTimelineMarkerAsync(WorkspaceKey, $"C1/{i}.0", TimelineMarker.Reaction(Alice), Noon.AddMinutes(1), Noon, None)),
            Task.Run(() => Store.EditBySourceAsync(WorkspaceKey, $"C1/{i}.0", "after", Noon.AddMinutes(2), None)),
        }));

        var keyEntries = await Store.GetTimelineAsync(WorkspaceKey, incident.Id, TimelineQuery.KeyEvents, None);
        keyEntries.Count.ShouldBe(Messages);
        keyEntries.ShouldAllBe(e => e.Text == "after" && e.OriginalText == "before");
    }

    [ContractFact]
    public async Task Concurrent_adds_of_markers_make_one_entry()
    {
        var incident = await DeclareAsync();
        await CaptureAsync(incident, "C1/1.0", "Failover started");

        var adds = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            Store.AddTimelineMarkerAsync(WorkspaceKey, "C1/1.0", TimelineMarker.Reaction(i % 2 == 0 ? Alice : Bob), Noon.AddMinutes(1), Noon, None))));

        adds.Count(r => r.MarkerChanged).ShouldBe(2);
        adds.Select(r => r.KeyEntry!.Id).Distinct().ShouldHaveSingleItem();
        adds.Max(r => r.Markers).ShouldBe(2);
        (await Store.GetTimelineAsync(WorkspaceKey, incident.Id, TimelineQuery.KeyEvents with { IncludeWithdrawn = true }, None)).ShouldHaveSingleItem();
    }

    // ---- timeline --------------------------------------------------------------------------------

    [ContractFact]
    public async Task Timeline_scopes_separate_key_events_from_the_transcript()
    {
        var incident = await DeclareAsync();
        await Store.AppendEventAsync(ATimelineEvent(incident.Id) with { Kind = TimelineEventKind.Note, Text = "note" }, None);
        await Store.AppendEventAsync(APin(incident, "C1/1.0", "chatter") with { Kind = TimelineEventKind.Message }, None);
        await Store.AppendEventAsync(APin(incident, "C1/1.0", "chatter"), None);

        var keyEvents = await Store.GetTimelineAsync(WorkspaceKey, incident.Id, TimelineQuery.KeyEvents, None);
        var transcript = await Store.GetTimelineAsync(WorkspaceKey, incident.Id, new TimelineQuery(TimelineScope.Transcript), None);
        var everything = await Store.GetTimelineAsync(WorkspaceKey, incident.Id, TimelineQuery.Everything, None);

        keyEvents.Select(e => e.Kind).ShouldBe([TimelineEventKind.Note, TimelineEventKind.Pinned]);
        transcript.Select(e => e.Kind).ShouldBe([TimelineEventKind.Message]);
        everything.Count.ShouldBe(3);
    }

    [ContractFact]
    public async Task Timeline_is_in_event_time_order_with_ties_in_recording_order()
    {
        var incident = await DeclareAsync();
        var late = await Append(incident, "14:05", Noon.AddHours(2).AddMinutes(5));
        var tieFirst = await Append(incident, "13:00 first recorded", Noon.AddHours(1));
        var early = await Append(incident, "11:40 back-dated", Noon.AddMinutes(-20));
        var tieSecond = await Append(incident, "13:00 second recorded", Noon.AddHours(1));
        var microsecondLater = await Append(incident, "13:00 and a microsecond", Noon.AddHours(1).AddTicks(10));

        var timeline = await Store.GetTimelineAsync(WorkspaceKey, incident.Id, TimelineQuery.KeyEvents, None);

        timeline.Select(e => e.Id).ShouldBe([early.Id, tieFirst.Id, tieSecond.Id, microsecondLater.Id, late.Id]);
        timeline.ShouldBe(timeline.Order(TimelineOrder.Instance));

        async Task<TimelineEvent> Append(Incident owner, string text, DateTimeOffset occurredAt) =>
            (await Store.AppendEventAsync(ATimelineEvent(owner.Id) with { Text = text, OccurredAt = occurredAt }, None)).Event;
    }

    [ContractFact]
    public async Task Timeline_holds_only_that_incidents_events()
    {
        var first = await DeclareAsync(AnIncident(), ATimelineEvent() with { Text = "first's" });
        await DeclareAsync(AnIncident(), ATimelineEvent() with { Text = "second's" });

        var timeline = await Store.GetTimelineAsync(WorkspaceKey, first.Id, TimelineQuery.Everything, None);

        timeline.ShouldHaveSingleItem().Text.ShouldBe("first's");
    }

    // ---- workspace isolation: one workspace never sees another's data --------------------------------

    [ContractFact]
    public async Task Another_workspace_finds_nothing_by_number_channel_or_list()
    {
        var incident = await DeclareAsync();

        (await Store.FindByNumberAsync(OtherWorkspace, incident.Number, None)).ShouldBeNull();
        (await Store.FindByChannelAsync(OtherWorkspace, incident.Channel.Id, None)).ShouldBeNull();
        (await Store.ListIncidentsAsync(OtherWorkspace, IncidentListFilter.All, 10, None)).ShouldBeEmpty();
        (await Store.ListIncidentsAsync(OtherWorkspace, IncidentListFilter.Open, 10, None)).ShouldBeEmpty();
    }

    [ContractFact]
    public async Task Another_workspace_with_the_same_numbers_and_channel_sees_only_its_own_incidents()
    {
        var ours = await DeclareAsync();
        var theirs = await DeclareAsync(AnIncident() with { Workspace = OtherWorkspace, Title = "Theirs" });

        (await Store.FindByNumberAsync(OtherWorkspace, 1, None))!.Id.ShouldBe(theirs.Id);
        (await Store.FindByChannelAsync(OtherWorkspace, ours.Channel.Id, None))!.Id.ShouldBe(theirs.Id);
        (await Store.ListIncidentsAsync(OtherWorkspace, IncidentListFilter.All, 10, None)).ShouldHaveSingleItem().Id.ShouldBe(theirs.Id);
        (await Store.FindByNumberAsync(WorkspaceKey, 1, None))!.Id.ShouldBe(ours.Id);
    }

    [ContractFact]
    public async Task Another_workspace_cannot_read_a_timeline_by_incident_id()
    {
        var incident = await DeclareAsync(AnIncident(), ATimelineEvent());

        (await Store.GetTimelineAsync(OtherWorkspace, incident.Id, new TimelineQuery(TimelineScope.All, IncludeWithdrawn: true), None)).ShouldBeEmpty();
    }

    [ContractFact]
    public async Task Another_workspace_cannot_append_to_an_incident_by_id()
    {
        var incident = await DeclareAsync();

        await Should.ThrowAsync<KeyNotFoundException>(() =>
            Store.AppendEventAsync(ATimelineEvent(incident.Id) with { Workspace = OtherWorkspace }, None));

        (await Store.GetTimelineAsync(WorkspaceKey, incident.Id, TimelineQuery.Everything, None)).ShouldBeEmpty();
    }

    [ContractFact]
    public async Task Another_workspace_cannot_save_over_an_incident_by_id()
    {
        var incident = await DeclareAsync();

        await Should.ThrowAsync<KeyNotFoundException>(() =>
            Store.SaveAsync(incident with { Workspace = OtherWorkspace, Title = "Hijacked" }, [], None));

        (await Store.FindByNumberAsync(WorkspaceKey, incident.Number, None)).ShouldBe(incident);
    }

    [ContractFact]
    public async Task Sources_are_per_workspace_for_find_edit_withdraw_and_append()
    {
        const string source = "C1/1.0";
        var ours = await DeclareAsync();
        var theirs = await DeclareAsync(AnIncident() with { Workspace = OtherWorkspace });
        var ourPin = (await Store.AppendEventAsync(APin(ours, source, "ours"), None)).Event;

        (await Store.FindBySourceAsync(OtherWorkspace, source, None)).ShouldBeEmpty();
        (await Store.EditBySourceAsync(OtherWorkspace, source, "edited by them", Noon, None)).ShouldBe(0);
        (await Store.WithdrawBySourceAsync(OtherWorkspace, source, kind: null, Noon, None)).ShouldBe(0);
        (await Store.WithdrawBySourceAsync(OtherWorkspace, source, TimelineEventKind.Pinned, Noon, None)).ShouldBe(0);
        var theirPin = await Store.AppendEventAsync(APin(theirs, source, "theirs") with { Workspace = OtherWorkspace }, None);

        theirPin.Added.ShouldBeTrue();
        theirPin.Event.Id.ShouldNotBe(ourPin.Id);
        (await Store.FindBySourceAsync(WorkspaceKey, source, None)).ShouldHaveSingleItem().ShouldBe(ourPin);
        (await Store.FindBySourceAsync(OtherWorkspace, source, None)).ShouldHaveSingleItem().Text.ShouldBe("theirs");
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private Task<Incident> DeclareAsync(Incident? incident = null, params TimelineEvent[] initialEvents)
    {
        var toCreate = incident ?? AnIncident();
        return Store.CreateIncidentAsync(
            toCreate,
            [.. initialEvents.Select(e => e with { Workspace = toCreate.Workspace })],
            None);
    }

    /// <summary>A channel message captured in the incident's transcript, as channel capture appends it.</summary>
    private async Task<TimelineEvent> CaptureAsync(Incident incident, string sourceId, string text) =>
        (await Store.AppendEventAsync(
            APin(incident, sourceId, text) with { Kind = TimelineEventKind.Message, ThreadId = "C1/0.5", Link = "https://example.slack.com/archives/C1/p10" },
            None)).Event;

    private static TimelineEvent APin(Incident incident, string sourceId, string text) =>
        ATimelineEvent(incident.Id) with
        {
            Workspace = incident.Workspace,
            Kind = TimelineEventKind.Pinned,
            SourceId = sourceId,
            Text = text,
            Author = Bob,
        };
}
