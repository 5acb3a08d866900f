using IncidentBot.Core.Capture;
using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Language;
using IncidentBot.Core.Postmortems;
using IncidentBot.Core.Timeline;
using IncidentBot.TestKit;
using Microsoft.Extensions.Options;

namespace IncidentBot.Core.Tests.Postmortems;

public sealed class PostmortemServiceTests
{
    private readonly InMemoryIncidentStore _incidents;
    private readonly InMemoryPostmortemStore _postmortems;
    private readonly FakeTimeProvider _clock = new(Builders.Noon);
    private readonly ChannelRef _room = new(Platform.Sandbox, "inc-room", "inc-room");
    private readonly CommandService _service;

    public PostmortemServiceTests()
    {
        var core = new CoreServices(_clock);
        (_incidents, _postmortems, _service) = (core.Incidents, core.Postmortems, core.Commands);
    }

    private Task<CommandResult> RunAsync(string command, string text, ChannelRef? channel = null, Person? user = null, string? deliveryId = null) =>
        _service.HandleAsync(
            Builders.AnIncidentCommand(text) with { Command = command, Channel = channel ?? _room, User = user ?? Builders.Alice, DeliveryId = deliveryId, ReceivedAt = _clock.GetUtcNow() },
            CancellationToken.None);

    private Task<CommandResult> PostmortemAsync(string text, ChannelRef? channel = null, Person? user = null, string? deliveryId = null) =>
        RunAsync("postmortem", text, channel, user, deliveryId);

    private async Task<long> DeclareAsync()
    {
        await RunAsync("incident", "declare Checkout errors sev2");
        return (await _incidents.FindByNumberAsync(Builders.WorkspaceKey, 1, CancellationToken.None))!.Id;
    }

    [Fact]
    public async Task Contributions_whys_factors_and_lessons_are_recorded_privately()
    {
        var id = await DeclareAsync();
        (await PostmortemAsync("contribute I saw the 502s first and assumed the CDN", user: Builders.Bob)).Reply.FallbackText.ShouldContain("Your account is recorded for INC-1");
        await PostmortemAsync("why Checkout failed because the DB refused connections");
        var why = await PostmortemAsync("why The pool was lowered in a config change");
        why.Reply.Visibility.ShouldBe(ReplyVisibility.Private);
        why.Reply.Blocks.OfType<ListBlock>().First().Items.ShouldBe(["1. Checkout failed because the DB refused connections", "2. The pool was lowered in a config change"]);
        await PostmortemAsync("factor Config review shows only the diff");
        await PostmortemAsync("learned well The failover runbook worked");
        await PostmortemAsync("learned lucky Low traffic at night");

        var notes = await _postmortems.GetNotesAsync(Builders.WorkspaceKey, id, CancellationToken.None);
        notes.Select(n => n.Kind).ShouldBe([PostmortemNoteKind.Perspective, PostmortemNoteKind.Why, PostmortemNoteKind.Why, PostmortemNoteKind.Factor, PostmortemNoteKind.WentWell, PostmortemNoteKind.Lucky]);
        notes[0].Author.ShouldBe(Builders.Bob);
    }

    [Fact]
    public async Task A_blameful_contribution_is_kept_as_written_and_answered_privately_with_a_reframe()
    {
        var id = await DeclareAsync();
        var reply = (await PostmortemAsync("contribute Bob forgot to run the migration, classic human error")).Reply;

        reply.Visibility.ShouldBe(ReplyVisibility.Private);
        reply.FallbackText.ShouldContain("It's recorded as you wrote it.");
        reply.FallbackText.ShouldContain("“Bob forgot to run”");
        reply.FallbackText.ShouldContain("“human error”");
        (await _postmortems.GetNotesAsync(Builders.WorkspaceKey, id, CancellationToken.None)).Single().Text.ShouldBe("Bob forgot to run the migration, classic human error");
    }

    [Fact]
    public async Task A_draft_or_publish_run_again_with_the_same_delivery_stores_no_second_version()
    {
        var id = await DeclareAsync();
        await PostmortemAsync("contribute I saw the 502s first", deliveryId: "note-1");
        var first = await PostmortemAsync("draft", deliveryId: "trigger-draft");
        await PostmortemAsync("contribute The pool alarm was muted", deliveryId: "note-2");

        var again = await PostmortemAsync("draft", deliveryId: "trigger-draft");
        var next = await PostmortemAsync("draft", deliveryId: "trigger-next");

        var drafts = await _postmortems.ListDraftsAsync(Builders.WorkspaceKey, id, CancellationToken.None);
        drafts.Select(d => d.Version).ShouldBe([2, 1]);
        var firstFile = first.Reply.Blocks.OfType<AttachmentBlock>().Single();
        again.Reply.Blocks.OfType<AttachmentBlock>().Single().ShouldBe(firstFile);
        again.Reply.Blocks.OfType<HeadingBlock>().First().Text.ShouldContain("draft v1");
        firstFile.Content.ShouldNotContain("The pool alarm was muted");
        next.Reply.Blocks.OfType<AttachmentBlock>().Single().Content.ShouldContain("The pool alarm was muted");

        await RunAsync("incident", "resolve");
        var published = await PostmortemAsync("publish", deliveryId: "trigger-publish");
        var publishedAgain = await PostmortemAsync("publish", deliveryId: "trigger-publish");
        publishedAgain.Reply.Blocks.OfType<AttachmentBlock>().Single().ShouldBe(published.Reply.Blocks.OfType<AttachmentBlock>().Single());
        (await _postmortems.ListDraftsAsync(Builders.WorkspaceKey, id, CancellationToken.None)).Select(d => (d.Version, d.Published)).ShouldBe([(3, true), (2, false), (1, false)]);
    }

    [Fact]
    public async Task A_systemic_contribution_is_not_nagged()
    {
        await DeclareAsync();
        var reply = (await PostmortemAsync("factor The deploy should have been blocked by the pipeline, but the alert failed to fire")).Reply;
        reply.FallbackText.ShouldNotContain("recorded as you wrote it");
    }

    [Fact]
    public async Task A_redelivered_note_is_recorded_once()
    {
        var id = await DeclareAsync();
        await PostmortemAsync("factor No saturation alert", deliveryId: "d-1");
        (await PostmortemAsync("factor No saturation alert", deliveryId: "d-1")).Reply.FallbackText.ShouldContain("Already recorded");
        (await _postmortems.GetNotesAsync(Builders.WorkspaceKey, id, CancellationToken.None)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Draft_posts_a_versioned_markdown_document_in_the_incident_channel()
    {
        var id = await DeclareAsync();
        await PostmortemAsync("factor No saturation alert");

        var first = await PostmortemAsync("draft");
        first.Reply.Visibility.ShouldBe(ReplyVisibility.InChannel);
        first.Reply.FallbackText.ShouldContain("Postmortem draft v1: INC-1 Checkout errors");
        first.Reply.FallbackText.ShouldContain("Ready for review: 1 of 5 checks");
        first.Reply.FallbackText.ShouldContain("Compiled from 1 key event, 0 channel messages and 1 note from 1 person.");
        var attachment = first.Reply.Blocks.OfType<AttachmentBlock>().Single();
        attachment.FileName.ShouldBe("INC-1-postmortem-v1.md");
        attachment.MediaType.ShouldBe("text/markdown");
        attachment.Content.ShouldStartWith("# Postmortem: INC-1 Checkout errors");
        attachment.Content.ShouldContain("1. No saturation alert");
        attachment.PagePath.ShouldBe(PostmortemLinks.Page(Builders.WorkspaceKey, 1, 1));

        _clock.Advance(TimeSpan.FromMinutes(5));
        await PostmortemAsync("factor Review shows only diffs");
        var second = await PostmortemAsync("draft");
        second.Reply.Blocks.OfType<AttachmentBlock>().Single().FileName.ShouldBe("INC-1-postmortem-v2.md");

        var versions = await _postmortems.ListDraftsAsync(Builders.WorkspaceKey, id, CancellationToken.None);
        versions.Select(v => v.Version).ShouldBe([2, 1]);
        (await _postmortems.GetDraftAsync(Builders.WorkspaceKey, id, 1, CancellationToken.None))!.Markdown.ShouldNotContain("Review shows only diffs");
    }

    [Fact]
    public async Task A_message_with_several_markers_is_one_timeline_row_in_the_draft()
    {
        await DeclareAsync();
        var capture = new ChannelCapture(_incidents, _clock);
        await capture.CaptureAsync(Builders.AChannelMessage(_room, "m1", "Failover to eu-west started") with { SentAt = Builders.Noon.AddMinutes(3) }, CancellationToken.None);
        await capture.CaptureAsync(Builders.AChannelMessage(_room, "m2", "maybe the CDN?") with { SentAt = Builders.Noon.AddMinutes(4) }, CancellationToken.None);
        var at = Builders.Noon.AddMinutes(10);
        await capture.PromoteAsync(Platform.Sandbox, Builders.WorkspaceId, "m1", TimelineMarker.Pin(Builders.Alice), at, CancellationToken.None);
        await capture.PromoteAsync(Platform.Sandbox, Builders.WorkspaceId, "m1", TimelineMarker.Reaction(Builders.Alice), at.AddMinutes(1), CancellationToken.None);
        await capture.PromoteAsync(Platform.Sandbox, Builders.WorkspaceId, "m1", TimelineMarker.Reaction(Builders.Bob), at.AddMinutes(2), CancellationToken.None);
        await capture.PromoteAsync(Platform.Sandbox, Builders.WorkspaceId, "m2", TimelineMarker.Reaction(Builders.Bob), at.AddMinutes(3), CancellationToken.None);
        await capture.DemoteAsync(Platform.Sandbox, Builders.WorkspaceId, "m2", TimelineMarker.Reaction(Builders.Bob), at.AddMinutes(4), CancellationToken.None);

        var draft = (await PostmortemAsync("draft")).Reply.Blocks.OfType<AttachmentBlock>().Single().Content;

        var timeline = draft[draft.IndexOf("## Timeline", StringComparison.Ordinal)..];
        timeline = timeline[..timeline.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        timeline.Split('\n').Count(line => line.Contains("Failover to eu-west started", StringComparison.Ordinal)).ShouldBe(1);
        timeline.Split('\n').Count(line => line.Contains("| pinned message |", StringComparison.Ordinal)).ShouldBe(1);
        timeline.ShouldNotContain("maybe the CDN?");
    }

    [Fact]
    public async Task Draft_from_another_channel_needs_the_selector_and_is_announced_in_the_incident_channel()
    {
        await DeclareAsync();
        (await PostmortemAsync("draft", channel: Builders.OpsChannel)).Reply.FallbackText.ShouldContain("isn't an incident channel");

        var result = await PostmortemAsync("INC-1 draft", channel: Builders.OpsChannel);
        result.Reply.Visibility.ShouldBe(ReplyVisibility.Private);
        result.Announcements.ShouldHaveSingleItem().Channel.Id.ShouldBe("inc-room");
    }

    [Fact]
    public async Task Publish_waits_for_resolution_then_freezes_a_version_optionally_with_roles_instead_of_names()
    {
        var id = await DeclareAsync();
        await RunAsync("incident", "role commander <@U-BOB|bob>");
        var early = await PostmortemAsync("publish");
        early.Reply.FallbackText.ShouldContain("resolve it before publishing");
        (await _postmortems.ListDraftsAsync(Builders.WorkspaceKey, id, CancellationToken.None)).ShouldBeEmpty();

        await RunAsync("incident", "resolve");
        var published = await PostmortemAsync("publish --roles");
        published.Reply.FallbackText.ShouldContain("Postmortem published: INC-1 Checkout errors");
        var stored = await _postmortems.GetPublishedAsync(Builders.WorkspaceKey, id, CancellationToken.None);
        stored!.Published.ShouldBeTrue();
        stored.NamesReplaced.ShouldBeTrue();
        stored.Markdown.ShouldNotContain("bob");
        stored.Markdown.ShouldNotContain("alice");
        stored.Markdown.ShouldContain("Incident commander");
    }

    [Theory]
    [InlineData("contribute", "Tell us what you saw first")]
    [InlineData("why", "Why did the last step happen?")]
    [InlineData("learned", "Which kind of lesson?")]
    [InlineData("learned badly x", "isn't a kind of lesson")]
    [InlineData("publish now", "isn't a publish option")]
    [InlineData("draft please", "draft takes no arguments")]
    [InlineData("schedule someday", "isn't a date I understand")]
    [InlineData("action Add a pool saturation alert due:friday", "needs an owner")]
    [InlineData("done AI-x", "isn't an action item id")]
    [InlineData("frobnicate", "isn't a /postmortem command")]
    public async Task Usage_errors_explain_and_change_nothing(string text, string message)
    {
        var id = await DeclareAsync();
        var reply = (await PostmortemAsync(text)).Reply;
        reply.Visibility.ShouldBe(ReplyVisibility.Private);
        reply.Blocks.OfType<ErrorBlock>().ShouldHaveSingleItem().Message.ShouldContain(message);
        (await _postmortems.GetNotesAsync(Builders.WorkspaceKey, id, CancellationToken.None)).ShouldBeEmpty();
        (await _postmortems.ListDraftsAsync(Builders.WorkspaceKey, id, CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Help_lists_the_postmortem_verbs()
    {
        var help = (await PostmortemAsync("help")).Reply.FallbackText;
        foreach (var verb in new[] { "draft", "contribute", "why", "factor", "learned", "publish" })
        {
            help.ShouldContain("/postmortem " + verb);
        }
    }
}
