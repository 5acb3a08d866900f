using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Postmortems;
using IncidentBot.Storage.Tests.Postgres;
using static IncidentBot.TestKit.Builders;

namespace IncidentBot.Storage.Tests.Contracts;

/// <summary>
/// What every <see cref="IPostmortemStore"/> must do. Runs against SQLite on a real file, TestKit's in-memory
/// fake and PostgreSQL (when configured), so the fake cannot drift from the real thing. Incidents come from
/// the incident store that shares the postmortem store's database.
/// </summary>
public abstract class PostmortemStoreContract : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly string OtherWorkspace = Workspace.Key(Platform.Slack, "T-OTHER");
    private (IIncidentStore Incidents, IPostmortemStore Postmortems)? _stores;

    protected IPostmortemStore Store => Stores.Postmortems;

    private (IIncidentStore Incidents, IPostmortemStore Postmortems) Stores =>
        _stores ?? throw new InvalidOperationException("The stores are created in InitializeAsync.");

    public async Task InitializeAsync() => _stores = await CreateStoresAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A postmortem store and an incident store over the same (empty) data.</summary>
    protected abstract Task<(IIncidentStore Incidents, IPostmortemStore Postmortems)> CreateStoresAsync();

    // ---- notes -----------------------------------------------------------------------------------

    [ContractFact]
    public async Task Adding_a_note_returns_it_as_stored_with_an_id()
    {
        var incident = await DeclareAsync();
        var note = ANote(incident) with
        {
            Kind = PostmortemNoteKind.Lucky,
            Author = Bob,
            Text = "The on-call had just — by chance — looked at the 'p99' <graph> & saw it",
            SourceId = "C1/1.0",
        };

        var added = await Store.AddNoteAsync(note, None);

        added.Added.ShouldBeTrue();
        added.Note.Id.ShouldBeGreaterThan(0);
        added.Note.ShouldBe(note with { Id = added.Note.Id });
        (await Store.GetNotesAsync(WorkspaceKey, incident.Id, None)).ShouldHaveSingleItem().ShouldBe(added.Note);
    }

    [ContractFact]
    public async Task Instants_of_notes_are_kept_in_utc_to_the_microsecond_and_writes_return_them_as_reads_do()
    {
        var incident = await DeclareAsync();
        var berlin = new DateTimeOffset(2026, 11, 21, 13, 0, 0, TimeSpan.FromHours(1)).AddTicks(1_234_567);

        var added = await Store.AddNoteAsync(ANote(incident) with { CreatedAt = berlin }, None);

        added.Note.CreatedAt.ShouldBe(Noon.AddTicks(1_234_560));
        added.Note.CreatedAt.Offset.ShouldBe(TimeSpan.Zero);
        (await Store.GetNotesAsync(WorkspaceKey, incident.Id, None)).ShouldHaveSingleItem().ShouldBe(added.Note);
    }

    [ContractFact]
    public async Task Adding_the_same_source_twice_stores_one_note_and_returns_the_stored_one()
    {
        var incident = await DeclareAsync();
        var note = ANote(incident) with { SourceId = "C1/1355517523.000005", Text = "I saw the alert first" };

        var first = await Store.AddNoteAsync(note, None);
        var second = await Store.AddNoteAsync(note with { Text = "Redelivered", CreatedAt = Noon.AddMinutes(1) }, None);

        first.Added.ShouldBeTrue();
        second.Added.ShouldBeFalse();
        second.Note.ShouldBe(first.Note);
        (await Store.GetNotesAsync(WorkspaceKey, incident.Id, None)).ShouldHaveSingleItem().Text.ShouldBe("I saw the alert first");
    }

    [ContractFact]
    public async Task The_same_source_may_be_added_once_per_kind()
    {
        var incident = await DeclareAsync();

        var why = await Store.AddNoteAsync(ANote(incident) with { Kind = PostmortemNoteKind.Why, SourceId = "C1/1.0" }, None);
        var factor = await Store.AddNoteAsync(ANote(incident) with { Kind = PostmortemNoteKind.Factor, SourceId = "C1/1.0" }, None);

        why.Added.ShouldBeTrue();
        factor.Added.ShouldBeTrue();
        (await Store.GetNotesAsync(WorkspaceKey, incident.Id, None)).Count.ShouldBe(2);
    }

    [ContractFact]
    public async Task Notes_without_a_source_are_always_added()
    {
        var incident = await DeclareAsync();
        var note = ANote(incident);

        var first = await Store.AddNoteAsync(note, None);
        var second = await Store.AddNoteAsync(note, None);

        first.Added.ShouldBeTrue();
        second.Added.ShouldBeTrue();
        second.Note.Id.ShouldNotBe(first.Note.Id);
        (await Store.GetNotesAsync(WorkspaceKey, incident.Id, None)).Count.ShouldBe(2);
    }

    [ContractFact]
    public async Task Concurrent_adds_of_one_source_store_it_once()
    {
        var incident = await DeclareAsync();
        var note = ANote(incident) with { SourceId = "C1/2.0" };

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => Store.AddNoteAsync(note, None))));

        results.Count(r => r.Added).ShouldBe(1);
        results.Select(r => r.Note.Id).Distinct().ShouldHaveSingleItem();
        (await Store.GetNotesAsync(WorkspaceKey, incident.Id, None)).ShouldHaveSingleItem();
    }

    [ContractFact]
    public async Task Notes_are_listed_in_the_order_they_were_added_by_time_then_id()
    {
        var incident = await DeclareAsync();
        var late = await AddAsync(incident, "14:05", Noon.AddHours(2));
        var tieFirst = await AddAsync(incident, "13:00 first added", Noon.AddHours(1));
        var early = await AddAsync(incident, "11:40", Noon.AddMinutes(-20));
        var tieSecond = await AddAsync(incident, "13:00 second added", Noon.AddHours(1));
        var microsecondLater = await AddAsync(incident, "13:00 and a microsecond", Noon.AddHours(1).AddTicks(10));

        var notes = await Store.GetNotesAsync(WorkspaceKey, incident.Id, None);

        notes.Select(n => n.Id).ShouldBe([early.Id, tieFirst.Id, tieSecond.Id, microsecondLater.Id, late.Id]);
    }

    [ContractFact]
    public async Task Notes_are_listed_only_for_their_own_incident()
    {
        var first = await DeclareAsync();
        var second = await DeclareAsync();
        await Store.AddNoteAsync(ANote(first) with { Text = "first's" }, None);
        await Store.AddNoteAsync(ANote(second) with { Text = "second's" }, None);

        (await Store.GetNotesAsync(WorkspaceKey, first.Id, None)).ShouldHaveSingleItem().Text.ShouldBe("first's");
        (await Store.GetNotesAsync(WorkspaceKey, 424242, None)).ShouldBeEmpty();
    }

    [ContractFact]
    public async Task Adding_a_note_to_an_incident_that_does_not_exist_fails() =>
        await Should.ThrowAsync<KeyNotFoundException>(() => Store.AddNoteAsync(ANote(incidentId: 424242), None));

    // ---- withdraw --------------------------------------------------------------------------------

    [ContractFact]
    public async Task Withdrawing_a_note_hides_it_once_and_only_once()
    {
        var incident = await DeclareAsync();
        var kept = (await Store.AddNoteAsync(ANote(incident) with { Text = "kept" }, None)).Note;
        var withdrawnNote = (await Store.AddNoteAsync(ANote(incident) with { Text = "withdrawn" }, None)).Note;

        var first = await Store.WithdrawNoteAsync(WorkspaceKey, incident.Id, withdrawnNote.Id, Noon.AddMinutes(1), None);
        var again = await Store.WithdrawNoteAsync(WorkspaceKey, incident.Id, withdrawnNote.Id, Noon.AddMinutes(2), None);

        first.ShouldBeTrue();
        again.ShouldBeFalse();
        (await Store.GetNotesAsync(WorkspaceKey, incident.Id, None)).ShouldBe([kept]);
    }

    [ContractFact]
    public async Task Withdrawing_a_note_that_does_not_exist_or_belongs_to_another_incident_withdraws_nothing()
    {
        var incident = await DeclareAsync();
        var other = await DeclareAsync();
        var note = (await Store.AddNoteAsync(ANote(incident), None)).Note;

        (await Store.WithdrawNoteAsync(WorkspaceKey, incident.Id, note.Id + 1000, Noon, None)).ShouldBeFalse();
        (await Store.WithdrawNoteAsync(WorkspaceKey, other.Id, note.Id, Noon, None)).ShouldBeFalse();
        (await Store.WithdrawNoteAsync(WorkspaceKey, 424242, note.Id, Noon, None)).ShouldBeFalse();
        (await Store.GetNotesAsync(WorkspaceKey, incident.Id, None)).ShouldBe([note]);
    }

    [ContractFact]
    public async Task Re_delivering_a_withdrawn_notes_source_changes_nothing()
    {
        var incident = await DeclareAsync();
        var note = ANote(incident) with { SourceId = "C1/1.0" };
        var original = (await Store.AddNoteAsync(note, None)).Note;
        await Store.WithdrawNoteAsync(WorkspaceKey, incident.Id, original.Id, Noon.AddMinutes(1), None);

        var redelivered = await Store.AddNoteAsync(note, None);

        redelivered.Added.ShouldBeFalse();
        redelivered.Note.ShouldBe(original with { WithdrawnAt = Noon.AddMinutes(1) });
        (await Store.GetNotesAsync(WorkspaceKey, incident.Id, None)).ShouldBeEmpty();
    }

    // ---- drafts ----------------------------------------------------------------------------------

    [ContractFact]
    public async Task Saving_drafts_numbers_versions_from_one_and_returns_them_as_stored()
    {
        var incident = await DeclareAsync();
        var draft = ADraft(incident) with
        {
            Markdown = "# INC-1 — Checkout latency\n\n| time | event |\n|---|---|\n| 12:00 | 'quoted' <b>bold</b> & ünïcödé |\n",
            CreatedAt = new DateTimeOffset(2026, 11, 21, 13, 0, 0, TimeSpan.FromHours(1)).AddTicks(1_234_567),
            CreatedBy = Bob,
            Published = true,
            NamesReplaced = true,
        };

        var saved = new List<PostmortemDraft>();
        for (var i = 0; i < 3; i++)
        {
            saved.Add(await Store.SaveDraftAsync(draft, None));
        }

        saved.Select(d => d.Version).ShouldBe([1, 2, 3]);
        saved.Select(d => d.Id).ShouldBeUnique();
        saved[0].Id.ShouldBeGreaterThan(0);
        saved[0].ShouldBe(draft with { Id = saved[0].Id, Version = 1, CreatedAt = Noon.AddTicks(1_234_560) });
        saved[0].CreatedAt.Offset.ShouldBe(TimeSpan.Zero);
        (await Store.GetDraftAsync(WorkspaceKey, incident.Id, 1, None)).ShouldBe(saved[0]);
    }

    [ContractFact]
    public async Task The_store_assigns_ids_and_versions_whatever_the_draft_carries()
    {
        var incident = await DeclareAsync();

        var saved = await Store.SaveDraftAsync(ADraft(incident) with { Id = 999, Version = 7 }, None);

        saved.Version.ShouldBe(1);
        saved.Id.ShouldNotBe(999);
        (await Store.ListDraftsAsync(WorkspaceKey, incident.Id, None)).ShouldBe([saved]);
    }

    [ContractFact]
    public async Task Versions_are_numbered_per_incident()
    {
        var first = await DeclareAsync();
        var second = await DeclareAsync();

        var firstV1 = await Store.SaveDraftAsync(ADraft(first), None);
        var secondV1 = await Store.SaveDraftAsync(ADraft(second), None);
        var firstV2 = await Store.SaveDraftAsync(ADraft(first), None);

        (firstV1.Version, secondV1.Version, firstV2.Version).ShouldBe((1, 1, 2));
    }

    [ContractFact]
    public async Task Concurrent_saves_of_one_incident_get_versions_one_to_twenty_without_gaps_or_duplicates()
    {
        var incident = await DeclareAsync();
        var saves = Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            Store.SaveDraftAsync(ADraft(incident) with { Markdown = $"draft {i}" }, None)));

        var saved = await Task.WhenAll(saves);

        saved.Select(d => d.Version).Order().ShouldBe(Enumerable.Range(1, 20));
        var listed = await Store.ListDraftsAsync(WorkspaceKey, incident.Id, None);
        listed.Select(d => d.Version).ShouldBe(Enumerable.Range(1, 20).Reverse());
        listed.OrderBy(d => d.Version).ShouldBe(saved.OrderBy(d => d.Version));
    }

    [ContractFact]
    public async Task Saving_again_with_the_same_source_returns_the_stored_version_and_stores_nothing()
    {
        var incident = await DeclareAsync();
        var other = await DeclareAsync();
        var first = await Store.SaveDraftAsync(ADraft(incident) with { Markdown = "first run", SourceId = "trigger-1" }, None);

        var again = await Store.SaveDraftAsync(ADraft(incident) with { Markdown = "second run", SourceId = "trigger-1" }, None);
        var next = await Store.SaveDraftAsync(ADraft(incident) with { Markdown = "another command", SourceId = "trigger-2" }, None);
        var elsewhere = await Store.SaveDraftAsync(ADraft(other) with { SourceId = "trigger-1" }, None);

        again.ShouldBe(first);
        (first.Version, first.Markdown, first.SourceId).ShouldBe((1, "first run", "trigger-1"));
        next.Version.ShouldBe(2);
        elsewhere.Version.ShouldBe(1);
        (await Store.ListDraftsAsync(WorkspaceKey, incident.Id, None)).Select(d => d.Markdown).ShouldBe(["another command", "first run"]);
    }

    [ContractFact]
    public async Task Concurrent_saves_of_the_same_source_store_one_version()
    {
        var incident = await DeclareAsync();
        var saves = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Store.SaveDraftAsync(ADraft(incident) with { SourceId = "trigger-1" }, None)));

        var saved = await Task.WhenAll(saves);

        saved.Select(d => d.Id).Distinct().ShouldHaveSingleItem();
        (await Store.ListDraftsAsync(WorkspaceKey, incident.Id, None)).ShouldHaveSingleItem().Version.ShouldBe(1);
    }

    [ContractFact]
    public async Task Saving_a_draft_of_an_incident_that_does_not_exist_fails() =>
        await Should.ThrowAsync<KeyNotFoundException>(() => Store.SaveDraftAsync(ADraft(incidentId: 424242), None));

    [ContractFact]
    public async Task Get_draft_without_a_version_returns_the_latest()
    {
        var incident = await DeclareAsync();
        await Store.SaveDraftAsync(ADraft(incident) with { Markdown = "v1" }, None);
        var latest = await Store.SaveDraftAsync(ADraft(incident) with { Markdown = "v2" }, None);

        (await Store.GetDraftAsync(WorkspaceKey, incident.Id, version: null, None)).ShouldBe(latest);
    }

    [ContractFact]
    public async Task Get_draft_with_a_version_returns_that_version()
    {
        var incident = await DeclareAsync();
        var first = await Store.SaveDraftAsync(ADraft(incident) with { Markdown = "v1" }, None);
        await Store.SaveDraftAsync(ADraft(incident) with { Markdown = "v2" }, None);

        (await Store.GetDraftAsync(WorkspaceKey, incident.Id, 1, None)).ShouldBe(first);
    }

    [ContractFact]
    public async Task Get_draft_returns_null_for_a_version_or_incident_without_drafts()
    {
        var incident = await DeclareAsync();
        var withoutDrafts = await DeclareAsync();
        await Store.SaveDraftAsync(ADraft(incident), None);

        (await Store.GetDraftAsync(WorkspaceKey, incident.Id, 2, None)).ShouldBeNull();
        (await Store.GetDraftAsync(WorkspaceKey, incident.Id, 0, None)).ShouldBeNull();
        (await Store.GetDraftAsync(WorkspaceKey, withoutDrafts.Id, null, None)).ShouldBeNull();
        (await Store.GetDraftAsync(WorkspaceKey, 424242, null, None)).ShouldBeNull();
    }

    [ContractFact]
    public async Task List_drafts_returns_every_version_newest_first()
    {
        var incident = await DeclareAsync();
        var other = await DeclareAsync();
        var v1 = await Store.SaveDraftAsync(ADraft(incident) with { Markdown = "v1" }, None);
        await Store.SaveDraftAsync(ADraft(other) with { Markdown = "other's" }, None);
        var v2 = await Store.SaveDraftAsync(ADraft(incident) with { Markdown = "v2", Published = true }, None);
        var v3 = await Store.SaveDraftAsync(ADraft(incident) with { Markdown = "v3" }, None);

        (await Store.ListDraftsAsync(WorkspaceKey, incident.Id, None)).ShouldBe([v3, v2, v1]);
        (await Store.ListDraftsAsync(WorkspaceKey, 424242, None)).ShouldBeEmpty();
    }

    [ContractFact]
    public async Task Get_published_returns_the_newest_published_version_even_with_later_drafts()
    {
        var incident = await DeclareAsync();
        await Store.SaveDraftAsync(ADraft(incident) with { Markdown = "v1" }, None);
        await Store.SaveDraftAsync(ADraft(incident) with { Markdown = "v2 published", Published = true }, None);
        var newestPublished = await Store.SaveDraftAsync(ADraft(incident) with { Markdown = "v3 published", Published = true, NamesReplaced = true }, None);
        await Store.SaveDraftAsync(ADraft(incident) with { Markdown = "v4 draft after publishing" }, None);

        (await Store.GetPublishedAsync(WorkspaceKey, incident.Id, None)).ShouldBe(newestPublished);
    }

    [ContractFact]
    public async Task Get_published_returns_null_when_nothing_was_published()
    {
        var incident = await DeclareAsync();
        await Store.SaveDraftAsync(ADraft(incident), None);

        (await Store.GetPublishedAsync(WorkspaceKey, incident.Id, None)).ShouldBeNull();
        (await Store.GetPublishedAsync(WorkspaceKey, 424242, None)).ShouldBeNull();
    }

    // ---- workspace isolation: one workspace never sees another's data --------------------------------

    [ContractFact]
    public async Task Another_workspace_cannot_add_a_note_to_an_incident_by_id()
    {
        var incident = await DeclareAsync();

        await Should.ThrowAsync<KeyNotFoundException>(() =>
            Store.AddNoteAsync(ANote(incident) with { Workspace = OtherWorkspace }, None));

        (await Store.GetNotesAsync(WorkspaceKey, incident.Id, None)).ShouldBeEmpty();
        (await Store.GetNotesAsync(OtherWorkspace, incident.Id, None)).ShouldBeEmpty();
    }

    [ContractFact]
    public async Task Another_workspace_cannot_read_or_withdraw_notes_by_incident_id()
    {
        var incident = await DeclareAsync();
        var note = (await Store.AddNoteAsync(ANote(incident), None)).Note;

        (await Store.GetNotesAsync(OtherWorkspace, incident.Id, None)).ShouldBeEmpty();
        (await Store.WithdrawNoteAsync(OtherWorkspace, incident.Id, note.Id, Noon, None)).ShouldBeFalse();
        (await Store.GetNotesAsync(WorkspaceKey, incident.Id, None)).ShouldBe([note]);
    }

    [ContractFact]
    public async Task Sources_of_notes_are_per_workspace()
    {
        var ours = await DeclareAsync();
        var theirs = await DeclareAsync(AnIncident() with { Workspace = OtherWorkspace });
        var ourNote = (await Store.AddNoteAsync(ANote(ours) with { SourceId = "C1/1.0", Text = "ours" }, None)).Note;

        var theirNote = await Store.AddNoteAsync(ANote(theirs) with { SourceId = "C1/1.0", Text = "theirs" }, None);

        theirNote.Added.ShouldBeTrue();
        theirNote.Note.Id.ShouldNotBe(ourNote.Id);
        (await Store.GetNotesAsync(WorkspaceKey, ours.Id, None)).ShouldBe([ourNote]);
        (await Store.GetNotesAsync(OtherWorkspace, theirs.Id, None)).ShouldBe([theirNote.Note]);
    }

    [ContractFact]
    public async Task Another_workspace_cannot_save_a_draft_for_an_incident_by_id()
    {
        var incident = await DeclareAsync();

        await Should.ThrowAsync<KeyNotFoundException>(() =>
            Store.SaveDraftAsync(ADraft(incident) with { Workspace = OtherWorkspace }, None));

        (await Store.ListDraftsAsync(WorkspaceKey, incident.Id, None)).ShouldBeEmpty();
        (await Store.SaveDraftAsync(ADraft(incident), None)).Version.ShouldBe(1);
    }

    [ContractFact]
    public async Task Another_workspace_cannot_read_drafts_by_incident_id()
    {
        var incident = await DeclareAsync();
        await Store.SaveDraftAsync(ADraft(incident) with { Published = true }, None);

        (await Store.GetDraftAsync(OtherWorkspace, incident.Id, version: null, None)).ShouldBeNull();
        (await Store.GetDraftAsync(OtherWorkspace, incident.Id, 1, None)).ShouldBeNull();
        (await Store.ListDraftsAsync(OtherWorkspace, incident.Id, None)).ShouldBeEmpty();
        (await Store.GetPublishedAsync(OtherWorkspace, incident.Id, None)).ShouldBeNull();
    }

    [ContractFact]
    public async Task Each_workspace_numbers_its_own_incidents_drafts_from_one()
    {
        var ours = await DeclareAsync();
        var theirs = await DeclareAsync(AnIncident() with { Workspace = OtherWorkspace });
        await Store.SaveDraftAsync(ADraft(ours), None);
        await Store.SaveDraftAsync(ADraft(ours), None);

        var theirDraft = await Store.SaveDraftAsync(ADraft(theirs), None);

        theirDraft.Version.ShouldBe(1);
        (await Store.GetDraftAsync(OtherWorkspace, theirs.Id, null, None)).ShouldBe(theirDraft);
        (await Store.GetDraftAsync(WorkspaceKey, ours.Id, null, None))!.Version.ShouldBe(2);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private Task<Incident> DeclareAsync(Incident? incident = null) =>
        Stores.Incidents.CreateIncidentAsync(incident ?? AnIncident(), [], None);

    private async Task<PostmortemNote> AddAsync(Incident incident, string text, DateTimeOffset createdAt) =>
        (await Store.AddNoteAsync(ANote(incident) with { Text = text, CreatedAt = createdAt }, None)).Note;

    private static PostmortemNote ANote(Incident incident) => ANote(incident.Id) with { Workspace = incident.Workspace };

    private static PostmortemNote ANote(long incidentId) => new()
    {
        Workspace = WorkspaceKey,
        IncidentId = incidentId,
        Kind = PostmortemNoteKind.Perspective,
        Author = Alice,
        Text = "I assumed the cache was warm",
        CreatedAt = Noon,
    };

    private static PostmortemDraft ADraft(Incident incident) => ADraft(incident.Id) with { Workspace = incident.Workspace };

    private static PostmortemDraft ADraft(long incidentId) => new()
    {
        Workspace = WorkspaceKey,
        IncidentId = incidentId,
        Markdown = "# INC-1: Checkout latency\n",
        CreatedAt = Noon,
        CreatedBy = Alice,
    };
}
