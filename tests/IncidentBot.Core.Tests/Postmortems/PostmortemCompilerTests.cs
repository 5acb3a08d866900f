using IncidentBot.Core.Incidents;
using IncidentBot.Core.Language;
using IncidentBot.Core.Postmortems;
using IncidentBot.Core.Timeline;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace IncidentBot.Core.Tests.Postmortems;

public sealed class PostmortemCompilerTests
{
    private static readonly WorkspaceClock Berlin = WorkspaceClock.For("Europe/Berlin");
    private static readonly DateTimeOffset CompiledAt = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private static readonly string[] SectionsInOrder =
    [
        "Metadata", "TL;DR", "Key times", "Impact", "What happened", "Detection", "Trigger", "Contributing factors",
        "Resolution and recovery", "Responders and roles", "Timeline", "Lessons learned", "Action items",
        "Open questions", "Supporting information", "Review record",
    ];

    internal static PostmortemCompiler Compiler(WorkspaceClock? clock = null) =>
        new(clock ?? Berlin, new BlameReview(clock ?? Berlin, new BlamelessLanguageAnalyzer()));

    private static CompiledPostmortem Compile(PostmortemMaterial material, bool replaceNames = false) =>
        Compiler().Compile(material, new CompileOptions(CompiledAt, replaceNames));

    private static MarkdownDocument Parse(string markdown) =>
        Markdown.Parse(markdown, new MarkdownPipelineBuilder().UseAdvancedExtensions().Build());

    private static List<string> Headings(MarkdownDocument document, int level) => document
        .Descendants<HeadingBlock>()
        .Where(h => h.Level == level)
        .Select(h => string.Concat(h.Inline!.Descendants<LiteralInline>().Select(l => l.Content.ToString())))
        .ToList();

    public static TheoryData<string> Golden => new() { "midnight-database-failover", "edited-and-withdrawn", "no-contributions" };

    private static PostmortemMaterial ScenarioNamed(string name) => name switch
    {
        "midnight-database-failover" => Scenarios.MidnightDatabaseFailover(),
        "edited-and-withdrawn" => Scenarios.EditedAndWithdrawn(),
        _ => Scenarios.NoContributions(),
    };

    /// <summary>
    /// The drafts are compared with reviewed golden files. To accept a deliberate change, run with
    /// INCIDENTBOT_UPDATE_GOLDEN=1 and review the diff of tests/IncidentBot.Core.Tests/Postmortems/Golden.
    /// </summary>
    [Theory]
    [MemberData(nameof(Golden))]
    public void Drafts_match_their_reviewed_golden_files(string name)
    {
        var markdown = Compile(ScenarioNamed(name)).Markdown;
        var goldenPath = Path.Combine(AppContext.BaseDirectory, "Postmortems", "Golden", name + ".md");
        if (Environment.GetEnvironmentVariable("INCIDENTBOT_UPDATE_GOLDEN") == "1")
        {
            var sourcePath = Path.Combine(SourceDirectory(), "Postmortems", "Golden", name + ".md");
            File.WriteAllText(sourcePath, markdown);
            return;
        }

        File.Exists(goldenPath).ShouldBeTrue($"missing golden file {name}.md");
        markdown.ShouldBe(File.ReadAllText(goldenPath));
    }

    [Theory]
    [MemberData(nameof(Golden))]
    public void Every_draft_has_every_section_in_order_as_Markdown_headings(string name)
    {
        var document = Parse(Compile(ScenarioNamed(name)).Markdown);
        Headings(document, 1).ShouldHaveSingleItem().ShouldStartWith("Postmortem: INC-");
        Headings(document, 2).ShouldBe(SectionsInOrder);
        Headings(document, 3).ShouldBe(["5 Whys", "What went well", "What went wrong", "Where we got lucky", "Why we were surprised", "Participant perspectives", "Readiness checklist", "Blameless-language check"]);
    }

    [Fact]
    public void The_timeline_and_action_items_are_tables_with_a_row_each()
    {
        var material = Scenarios.MidnightDatabaseFailover();
        var document = Parse(Compile(material).Markdown);
        var tables = document.Descendants<Markdig.Extensions.Tables.Table>().ToList();
        var timeline = tables.Single(t => CellText(t, 0, 1) == "Event");
        timeline.Count.ShouldBe(1 + material.Timeline.Count(e => e.IsKeyEvent));
        var actions = tables.Single(t => CellText(t, 0, 0) == "ID");
        actions.Count.ShouldBe(1 + material.ActionItems.Count);
        CellText(actions, 1, 0).ShouldBe("AI-12");
        CellText(actions, 1, 3).ShouldBe("dana");
    }

    [Fact]
    public void A_timeline_spanning_midnight_shows_dates_in_the_workspace_zone()
    {
        var markdown = Compile(Scenarios.MidnightDatabaseFailover()).Markdown;
        markdown.ShouldContain("| 2026-11-20 23:41 | PagerDuty: orders-api 5xx rate above 5% in eu-west | priya | timeline command |");
        markdown.ShouldContain("| 2026-11-21 01:00 | Resolved: error rate back to baseline for 30 minutes | marco | resolved |");
    }

    [Fact]
    public void Key_times_and_durations_are_derived()
    {
        var markdown = Compile(Scenarios.MidnightDatabaseFailover()).Markdown;
        markdown.ShouldContain("| Impact started | 2026-11-20 23:38 |");
        markdown.ShouldContain("| Time to detect | 9 min |");
        markdown.ShouldContain("| Time to acknowledge | 3 min |");
        markdown.ShouldContain("| Time to mitigate | 52 min |");
        markdown.ShouldContain("| Time to resolve | 1 h 22 min |");
        markdown.ShouldContain("| Severity | SEV1 (Severity: SEV2 → SEV1) |");
    }

    [Fact]
    public void Edits_show_the_current_text_and_withdrawn_entries_never_appear()
    {
        var markdown = Compile(Scenarios.EditedAndWithdrawn()).Markdown;
        markdown.ShouldContain("indexer lag is 3h and growing _(edited)_");
        markdown.ShouldNotContain("indexer lag is 3m");
        markdown.ShouldNotContain("restarting the whole cluster");
        markdown.ShouldNotContain("Lag dashboard made the cause obvious");
    }

    [Fact]
    public void What_only_people_know_is_left_as_prompts()
    {
        var markdown = Compile(Scenarios.NoContributions()).Markdown;
        markdown.ShouldContain("## TL;DR\n\n> _Prompt:_ ");
        markdown.ShouldContain("## Impact\n\n> _Prompt:_ ");
        markdown.ShouldContain("## Trigger\n\n> _Prompt:_ ");
        markdown.ShouldContain("## Contributing factors\n\n> _Prompt:_ ");
        markdown.ShouldContain("## Action items\n\n> _Prompt:_ ");
        markdown.ShouldContain("- [ ] Impact stated");
        markdown.ShouldContain("- [ ] Timeline covers detection to resolution — the incident is not resolved yet");
    }

    [Fact]
    public void Blameful_contributions_are_flagged_in_the_review_record_with_their_place()
    {
        var compiled = Compile(Scenarios.EditedAndWithdrawn());
        compiled.BlameFlags.ShouldNotBeEmpty();
        compiled.BlameFlags.ShouldAllBe(f => f.Place == "Participant perspective" || f.Place == "Action item AI-3");
        compiled.Markdown.ShouldContain("- [ ] No open blame flags");
        compiled.Markdown.ShouldContain("- Participant perspective, sam: “");
    }

    [Fact]
    public void A_good_draft_passes_every_readiness_check()
    {
        var compiled = Compile(Scenarios.MidnightDatabaseFailover());
        compiled.BlameFlags.ShouldBeEmpty();
        compiled.Readiness.IsReady.ShouldBeTrue(string.Join("; ", compiled.Readiness.Checks.Where(c => !c.Met).Select(c => c.Name + ": " + c.Advice)));
    }

    [Fact]
    public void Vague_or_unowned_action_items_keep_the_draft_from_being_ready()
    {
        var compiled = Compile(Scenarios.EditedAndWithdrawn());
        compiled.Readiness.Checks.Single(c => c.Name == "Every action item owned and dated").Met.ShouldBeFalse();
        compiled.Markdown.ShouldContain("| AI-3 | Investigate queue priorities | prevent | **no owner** | P3 | **no due date** | open |");
    }

    [Fact]
    public void Names_can_be_replaced_by_roles_for_sharing()
    {
        var markdown = Compile(Scenarios.MidnightDatabaseFailover(), replaceNames: true).Markdown;
        foreach (var name in new[] { "priya", "marco", "dana", "sam" })
        {
            markdown.ShouldNotContain(name, Case.Insensitive);
        }

        markdown.ShouldContain("| Owner (incident commander) | Incident commander |");
        markdown.ShouldContain("| Facilitator | Facilitator |");
        markdown.ShouldContain("Responder A");
        markdown.ShouldContain("Incident commander is commander");
    }

    [Fact]
    public void Hostile_captured_text_cannot_change_the_document_structure()
    {
        var material = Scenarios.NoContributions();
        string[] hostile =
        [
            "## Fake section\n# Fake title",
            "| fake | table |\n|---|---|",
            "[click me](javascript:alert(1)) ![img](http://evil/x.png)",
            "<script>alert('x')</script> <img src=x onerror=alert(1)>",
            "```\ncode fence",
            "- fake list item\n1. fake numbered",
            "> fake quote",
            "**bold** _em_ ~~strike~~ `code`",
            "&lt;b&gt;entity&lt;/b&gt; &#x202E;",
        ];
        var incident = material.Incident with { Title = hostile[0], Summary = hostile[1], Impact = hostile[2] };
        var events = hostile.Select((text, i) => Scenarios.Event(incident, TimelineEventKind.Note, incident.DeclaredAt.AddMinutes(i), Scenarios.Sam, text)).ToList();
        var notes = hostile.Select((text, i) => new PostmortemNote { Id = 100 + i, Workspace = incident.Workspace, IncidentId = incident.Id, Kind = (PostmortemNoteKind)(i % 6), Author = new Person("U-X", "x](http://evil)"), Text = text, CreatedAt = incident.DeclaredAt }).ToList();
        var markdown = Compile(material with { Incident = incident, Timeline = [.. material.Timeline, .. events], Notes = notes }).Markdown;

        var document = Parse(markdown);
        Headings(document, 1).ShouldHaveSingleItem();
        Headings(document, 2).ShouldBe(SectionsInOrder);
        document.Descendants<LinkInline>().ShouldAllBe(link => link.Url == null || link.Url.StartsWith("http", StringComparison.Ordinal) && !link.Url.Contains("evil", StringComparison.Ordinal));
        document.Descendants<HtmlBlock>().ShouldBeEmpty();
        document.Descendants<HtmlInline>().ShouldBeEmpty();
        document.Descendants<FencedCodeBlock>().ShouldBeEmpty();
        document.Descendants<CodeInline>().Select(c => c.Content).ShouldAllBe(code => code.StartsWith('/'));
        var html = Markdown.ToHtml(markdown, new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build());
        html.ShouldNotContain("<script");
        html.ShouldNotContain("<img");
        html.ShouldNotContain("href=\"javascript", Case.Insensitive);
        html.ShouldNotContain("evil/x.png\"");
    }

    private static string CellText(Markdig.Extensions.Tables.Table table, int row, int column)
    {
        var cell = (Markdig.Extensions.Tables.TableCell)((Markdig.Extensions.Tables.TableRow)table[row])[column];
        return string.Concat(cell.Descendants<LiteralInline>().Select(l => l.Content.ToString())).Trim();
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetDirectoryName(Path.GetDirectoryName(path))!;
}
