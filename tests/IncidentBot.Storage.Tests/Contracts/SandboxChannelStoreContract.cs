using IncidentBot.Core.Sandbox;
using IncidentBot.Storage.Tests.Postgres;
using static IncidentBot.TestKit.Builders;

namespace IncidentBot.Storage.Tests.Contracts;

/// <summary>What every <see cref="ISandboxChannelStore"/> must do; runs against SQLite and the in-memory fake.</summary>
public abstract class SandboxChannelStoreContract : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private ISandboxChannelStore? _store;

    protected ISandboxChannelStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected abstract Task<ISandboxChannelStore> CreateStoreAsync();

    /// <summary>The store as a restarted process sees it: a new store over the same database (the fake: itself).</summary>
    protected abstract Task<ISandboxChannelStore> ReopenAsync();

    [ContractFact]
    public async Task Posting_assigns_increasing_ids_and_keeps_every_field()
    {
        var first = await Store.PostAsync(AMessage("ops", "hello"), None);
        var reply = AMessage("ops", "**INC-1** declared") with
        {
            AuthorId = "incidentbot",
            AuthorName = "IncidentBot",
            FromBot = true,
            PostedAt = new DateTimeOffset(2026, 11, 21, 13, 0, 1, TimeSpan.FromHours(1)),
        };
        var second = await Store.PostAsync(reply, None);

        first.Id.ShouldBeGreaterThan(0);
        second.Id.ShouldBeGreaterThan(first.Id);
        second.ShouldBe(reply with { Id = second.Id, Revision = second.Revision });
        second.Revision.ShouldBeGreaterThan(first.Revision);
        var listed = await Store.ListAsync("ops", Alice.Id, afterId: 0, limit: 10, None);
        listed.ShouldBe([first, second]);
        listed[1].PostedAt.Offset.ShouldBe(TimeSpan.Zero);
    }

    [ContractFact]
    public async Task A_private_reply_is_listed_only_for_the_person_it_is_addressed_to()
    {
        var everyone = await Store.PostAsync(AMessage("ops", "for everyone"), None);
        var forAlice = await Store.PostAsync(AMessage("ops", "only alice") with { FromBot = true, VisibleTo = Alice.Id }, None);
        var forBob = await Store.PostAsync(AMessage("ops", "only bob") with { FromBot = true, VisibleTo = Bob.Id }, None);

        (await Store.ListAsync("ops", Alice.Id, 0, 10, None)).Select(m => m.Id).ShouldBe([everyone.Id, forAlice.Id]);
        (await Store.ListAsync("ops", Bob.Id, 0, 10, None)).Select(m => m.Id).ShouldBe([everyone.Id, forBob.Id]);
        (await Store.ListAsync("ops", "U-CAROL", 0, 10, None)).Select(m => m.Id).ShouldBe([everyone.Id]);
    }

    [ContractFact]
    public async Task Listing_pages_by_id_oldest_first()
    {
        var posted = new List<SandboxMessage>();
        for (var i = 0; i < 5; i++)
        {
            posted.Add(await Store.PostAsync(AMessage("ops", $"message {i}"), None));
        }

        var firstPage = await Store.ListAsync("ops", Alice.Id, afterId: 0, limit: 2, None);
        var secondPage = await Store.ListAsync("ops", Alice.Id, afterId: firstPage[^1].Id, limit: 2, None);
        var rest = await Store.ListAsync("ops", Alice.Id, afterId: secondPage[^1].Id, limit: 10, None);

        firstPage.Select(m => m.Body).ShouldBe(["message 0", "message 1"]);
        secondPage.Select(m => m.Body).ShouldBe(["message 2", "message 3"]);
        rest.Select(m => m.Body).ShouldBe(["message 4"]);
        (await Store.ListAsync("ops", Alice.Id, afterId: posted[^1].Id, limit: 10, None)).ShouldBeEmpty();
    }

    [ContractFact]
    public async Task Listing_shows_only_that_channels_messages()
    {
        await Store.PostAsync(AMessage("ops", "in ops"), None);
        await Store.PostAsync(AMessage("inc-1-checkout", "in the incident channel"), None);

        (await Store.ListAsync("ops", Alice.Id, 0, 10, None)).ShouldHaveSingleItem().Body.ShouldBe("in ops");
        (await Store.ListAsync("random", Alice.Id, 0, 10, None)).ShouldBeEmpty();
    }

    [ContractFact]
    public async Task Channels_are_listed_once_each_alphabetically()
    {
        await Store.PostAsync(AMessage("ops", "1"), None);
        await Store.PostAsync(AMessage("inc-2-db", "2"), None);
        await Store.PostAsync(AMessage("ops", "3"), None);
        await Store.PostAsync(AMessage("inc-10-cdn", "4"), None);

        (await Store.ListChannelsAsync(None)).ShouldBe(["inc-10-cdn", "inc-2-db", "ops"]);
    }

    [ContractFact]
    public async Task No_messages_means_no_channels() =>
        (await Store.ListChannelsAsync(None)).ShouldBeEmpty();

    [ContractFact]
    public async Task Get_returns_a_message_as_it_is_now_and_null_for_an_unknown_id()
    {
        var posted = await Store.PostAsync(AMessage("ops", "hello"), None);
        var edited = await Store.EditAsync(posted.Id, "hello, edited", Noon.AddMinutes(1), None);

        (await Store.GetAsync(posted.Id, None)).ShouldBe(edited);
        (await Store.GetAsync(posted.Id + 1000, None)).ShouldBeNull();
        (await Store.GetAsync(0, None)).ShouldBeNull();
    }

    [ContractFact]
    public async Task An_edit_replaces_the_text_records_when_and_takes_a_new_revision()
    {
        var posted = await Store.PostAsync(AMessage("ops", "DB failover at 14:05"), None);
        var editedAt = new DateTimeOffset(2026, 11, 21, 13, 2, 0, TimeSpan.FromHours(1));

        var edited = (await Store.EditAsync(posted.Id, "DB failover at 14:07", editedAt, None)).ShouldNotBeNull();

        edited.ShouldBe(posted with { Body = "DB failover at 14:07", EditedAt = editedAt.ToUniversalTime(), Revision = edited.Revision });
        edited.EditedAt!.Value.Offset.ShouldBe(TimeSpan.Zero);
        edited.Revision.ShouldBeGreaterThan(posted.Revision);
        (await Store.ListAsync("ops", Bob.Id, 0, 10, None)).ShouldBe([edited]);
    }

    [ContractFact]
    public async Task A_deletion_keeps_the_message_marks_it_deleted_and_unpins_it()
    {
        var posted = await Store.PostAsync(AMessage("ops", "wrong channel, sorry"), None);
        await Store.SetPinnedAsync(posted.Id, pinned: true, None);

        var deleted = (await Store.DeleteAsync(posted.Id, Noon.AddMinutes(3), None)).ShouldNotBeNull();

        deleted.DeletedAt.ShouldBe(Noon.AddMinutes(3));
        deleted.Pinned.ShouldBeFalse();
        deleted.Body.ShouldBe("wrong channel, sorry");
        (await Store.ListAsync("ops", Alice.Id, 0, 10, None)).ShouldBe([deleted]);
    }

    [ContractFact]
    public async Task A_deleted_message_cannot_be_edited_pinned_or_deleted_again()
    {
        var posted = await Store.PostAsync(AMessage("ops", "gone"), None);
        var deleted = (await Store.DeleteAsync(posted.Id, Noon.AddMinutes(1), None)).ShouldNotBeNull();

        (await Store.EditAsync(posted.Id, "back", Noon.AddMinutes(2), None)).ShouldBeNull();
        (await Store.SetPinnedAsync(posted.Id, pinned: true, None)).ShouldBeNull();
        (await Store.DeleteAsync(posted.Id, Noon.AddMinutes(2), None)).ShouldBeNull();
        (await Store.GetAsync(posted.Id, None)).ShouldBe(deleted);
    }

    [ContractFact]
    public async Task Changing_an_unknown_message_changes_nothing()
    {
        var posted = await Store.PostAsync(AMessage("ops", "one"), None);

        (await Store.EditAsync(posted.Id + 1000, "x", Noon, None)).ShouldBeNull();
        (await Store.DeleteAsync(posted.Id + 1000, Noon, None)).ShouldBeNull();
        (await Store.SetPinnedAsync(posted.Id + 1000, pinned: true, None)).ShouldBeNull();

        var changes = await Store.ListChangesAsync("ops", Alice.Id, sinceRevision: posted.Revision, upToId: posted.Id, limit: 10, None);
        changes.Messages.ShouldBeEmpty();
        changes.Revision.ShouldBe(posted.Revision);
    }

    [ContractFact]
    public async Task Pinning_and_unpinning_each_take_a_new_revision()
    {
        var posted = await Store.PostAsync(AMessage("ops", "Rolled back deploy 4711"), None);

        var pinned = (await Store.SetPinnedAsync(posted.Id, pinned: true, None)).ShouldNotBeNull();
        var unpinned = (await Store.SetPinnedAsync(posted.Id, pinned: false, None)).ShouldNotBeNull();

        pinned.Pinned.ShouldBeTrue();
        pinned.Revision.ShouldBeGreaterThan(posted.Revision);
        unpinned.Pinned.ShouldBeFalse();
        unpinned.Revision.ShouldBeGreaterThan(pinned.Revision);
    }

    [ContractFact]
    public async Task Changes_since_a_revision_are_the_shown_messages_that_changed_in_revision_order()
    {
        var first = await Store.PostAsync(AMessage("ops", "first"), None);
        var second = await Store.PostAsync(AMessage("ops", "second"), None);
        var third = await Store.PostAsync(AMessage("ops", "third"), None);
        await Store.PostAsync(AMessage("elsewhere", "other channel"), None);
        var seen = await Store.ListChangesAsync("ops", Bob.Id, sinceRevision: 0, upToId: third.Id, limit: 10, None);

        var pinned = await Store.SetPinnedAsync(second.Id, pinned: true, None);
        var edited = await Store.EditAsync(first.Id, "first, edited", Noon.AddMinutes(1), None);
        var deleted = await Store.DeleteAsync(third.Id, Noon.AddMinutes(2), None);
        var later = await Store.PostAsync(AMessage("ops", "posted after the page looked"), None);
        var elsewhere = await Store.PostAsync(AMessage("elsewhere", "x"), None);
        await Store.SetPinnedAsync(elsewhere.Id, pinned: true, None);

        // A page that shows messages up to `third` and has seen revision `seen`: the three changes, not the new message.
        var changes = await Store.ListChangesAsync("ops", Bob.Id, seen.Revision, upToId: third.Id, limit: 10, None);
        changes.Messages.ShouldBe([pinned!, edited!, deleted!]);
        changes.Revision.ShouldBeGreaterThanOrEqualTo(deleted!.Revision);
        changes.Revision.ShouldBeGreaterThan(later.Revision);

        var none = await Store.ListChangesAsync("ops", Bob.Id, changes.Revision, upToId: later.Id, limit: 10, None);
        none.Messages.ShouldBeEmpty();
        none.Revision.ShouldBe(changes.Revision);
    }

    [ContractFact]
    public async Task Changes_page_by_revision_when_there_are_more_than_the_limit()
    {
        var posted = new List<SandboxMessage>();
        for (var i = 0; i < 4; i++)
        {
            posted.Add(await Store.PostAsync(AMessage("ops", $"message {i}"), None));
        }

        var start = posted[^1].Revision;
        foreach (var message in posted)
        {
            await Store.EditAsync(message.Id, message.Body + " (edited)", Noon.AddMinutes(1), None);
        }

        var firstPage = await Store.ListChangesAsync("ops", Alice.Id, start, posted[^1].Id, limit: 3, None);
        var secondPage = await Store.ListChangesAsync("ops", Alice.Id, firstPage.Revision, posted[^1].Id, limit: 3, None);

        firstPage.Messages.Select(m => m.Body).ShouldBe(["message 0 (edited)", "message 1 (edited)", "message 2 (edited)"]);
        firstPage.Revision.ShouldBe(firstPage.Messages[^1].Revision);
        secondPage.Messages.Select(m => m.Body).ShouldBe(["message 3 (edited)"]);
    }

    [ContractFact]
    public async Task Changes_to_private_replies_are_listed_only_for_their_viewer()
    {
        var forAlice = await Store.PostAsync(AMessage("ops", "only alice") with { FromBot = true, VisibleTo = Alice.Id }, None);
        var edited = await Store.EditAsync(forAlice.Id, "only alice, edited", Noon, None);

        (await Store.ListChangesAsync("ops", Alice.Id, forAlice.Revision, forAlice.Id, 10, None)).Messages.ShouldBe([edited!]);
        (await Store.ListChangesAsync("ops", Bob.Id, forAlice.Revision, forAlice.Id, 10, None)).Messages.ShouldBeEmpty();
    }

    [ContractFact]
    public async Task Revisions_increase_with_every_change_whatever_the_channel()
    {
        var first = await Store.PostAsync(AMessage("ops", "a"), None);
        var revisions = new List<long>
        {
            first.Revision,
            (await Store.PostAsync(AMessage("inc-1-x", "b"), None)).Revision,
            (await Store.EditAsync(first.Id, "a2", Noon, None))!.Revision,
            (await Store.SetPinnedAsync(first.Id, pinned: true, None))!.Revision,
            (await Store.PostAsync(AMessage("ops", "c"), None)).Revision,
        };

        revisions.ShouldBe(revisions.Order().ToList());
        revisions.Distinct().Count().ShouldBe(revisions.Count);
    }

    [ContractFact]
    public async Task Edits_deletions_and_pins_survive_reopening_the_store()
    {
        var edited = await Store.PostAsync(AMessage("ops", "to edit"), None);
        var deleted = await Store.PostAsync(AMessage("ops", "to delete"), None);
        var pinned = await Store.PostAsync(AMessage("ops", "to pin"), None);
        var bot = await Store.PostAsync(
            AMessage("ops", "**draft**") with { FromBot = true },
            [new NewSandboxAttachment("INC-1-postmortem-v1.md", "INC-1 postmortem draft v1", "text/markdown", "# Postmortem: INC-1", "/incidents/sandbox%3Asandbox/1/postmortem?version=1")],
            None);
        await Store.EditAsync(edited.Id, "edited", Noon.AddMinutes(1), None);
        await Store.DeleteAsync(deleted.Id, Noon.AddMinutes(2), None);
        var last = await Store.SetPinnedAsync(pinned.Id, pinned: true, None);
        var before = await Store.ListAsync("ops", Alice.Id, 0, 10, None);

        var reopened = await ReopenAsync();

        (await reopened.ListAsync("ops", Alice.Id, 0, 10, None)).ShouldBe(before);
        before.Select(m => (m.Body, m.EditedAt is not null, m.DeletedAt is not null, m.Pinned)).ShouldBe(
            [("edited", true, false, false), ("to delete", false, true, false), ("to pin", false, false, true), ("**draft**", false, false, false)]);
        (await reopened.ListAttachmentsAsync([bot.Message.Id], None)).ShouldBe(bot.Attachments);
        var next = await reopened.PostAsync(AMessage("ops", "after the restart"), None);
        next.Revision.ShouldBeGreaterThan(last!.Revision);
    }

    [ContractFact]
    public async Task Attachments_are_stored_with_their_message_and_listed_without_content()
    {
        const string markdown = "# Postmortem: INC-1 Checkout — “slow” ✓\n\n| a | b |\n|---|---|\n";
        var post = await Store.PostAsync(
            AMessage("ops", "### Postmortem draft v1") with { FromBot = true },
            [
                new NewSandboxAttachment("INC-1-postmortem-v1.md", "INC-1 postmortem draft v1", "text/markdown", markdown, "/incidents/sandbox%3Asandbox/1/postmortem?version=1"),
                new NewSandboxAttachment("review.ics", "Review invite", "text/calendar", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", PagePath: null),
            ],
            None);
        var other = await Store.PostAsync(AMessage("ops", "no files"), None);

        post.Message.Id.ShouldBeGreaterThan(0);
        post.Attachments.Count.ShouldBe(2);
        post.Attachments[0].ShouldBe(new SandboxAttachment(post.Attachments[0].Id, post.Message.Id, "INC-1-postmortem-v1.md", "INC-1 postmortem draft v1", "text/markdown", System.Text.Encoding.UTF8.GetByteCount(markdown), "/incidents/sandbox%3Asandbox/1/postmortem?version=1"));
        post.Attachments[1].Id.ShouldBeGreaterThan(post.Attachments[0].Id);
        post.Attachments[1].PagePath.ShouldBeNull();
        (await Store.ListAttachmentsAsync([post.Message.Id, other.Id], None)).ShouldBe(post.Attachments);
        (await Store.ListAttachmentsAsync([other.Id], None)).ShouldBeEmpty();
        (await Store.ListAttachmentsAsync([], None)).ShouldBeEmpty();

        var file = (await Store.GetAttachmentAsync(post.Attachments[0].Id, Bob.Id, None)).ShouldNotBeNull();
        file.Attachment.ShouldBe(post.Attachments[0]);
        file.Content.ShouldBe(markdown);
        (await Store.GetAttachmentAsync(post.Attachments[1].Id, "", None)).ShouldNotBeNull().Content.ShouldBe("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
        (await Store.GetAttachmentAsync(post.Attachments[1].Id + 1000, Bob.Id, None)).ShouldBeNull();
    }

    [ContractFact]
    public async Task An_attachment_of_a_private_reply_is_only_for_its_viewer()
    {
        var post = await Store.PostAsync(
            AMessage("ops", "only alice") with { FromBot = true, VisibleTo = Alice.Id },
            [new NewSandboxAttachment("a.md", "A", "text/markdown", "secret", PagePath: null)],
            None);
        var id = post.Attachments.ShouldHaveSingleItem().Id;

        (await Store.GetAttachmentAsync(id, Alice.Id, None)).ShouldNotBeNull().Content.ShouldBe("secret");
        (await Store.GetAttachmentAsync(id, Bob.Id, None)).ShouldBeNull();
        (await Store.GetAttachmentAsync(id, "", None)).ShouldBeNull();
    }

    [ContractFact]
    public async Task An_attachment_of_a_deleted_message_is_gone()
    {
        var post = await Store.PostAsync(
            AMessage("ops", "with a file"),
            [new NewSandboxAttachment("a.txt", "A", "text/plain", "text", PagePath: null)],
            None);
        await Store.DeleteAsync(post.Message.Id, Noon.AddMinutes(1), None);

        (await Store.GetAttachmentAsync(post.Attachments[0].Id, Alice.Id, None)).ShouldBeNull();
    }

    private static SandboxMessage AMessage(string channel, string body) =>
        new(0, channel, Alice.Id, Alice.Name, FromBot: false, body, Noon, VisibleTo: null);
}
