using FsCheck;
using FsCheck.Fluent;
using IncidentBot.Core.Postmortems;
using IncidentBot.Core.Timeline;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace IncidentBot.Core.Tests.Postmortems;

public sealed class PostmortemCompilerPropertyTests
{
    private static readonly TimelineEventKind[] Kinds = Enum.GetValues<TimelineEventKind>();

    [Fact]
    public void Every_visible_key_event_appears_once_in_time_order_and_no_withdrawn_or_transcript_entry_appears()
    {
        var baseMaterial = Scenarios.NoContributions();
        var incident = baseMaterial.Incident;

        // (minutes after declaration, kind index, withdrawn?) for up to 40 events, some at equal times.
        var entry =
            from minutes in Gen.Choose(-180, 2880)
            from kind in Gen.Choose(0, Kinds.Length - 1)
            from withdrawn in Gen.Elements(false, false, false, true)
            select (Minutes: minutes, Kind: kind, Withdrawn: withdrawn);
        var entries = entry
            .ListOf()
            .Select(list => list.Take(40).ToList());

        Prop.ForAll(entries.ToArbitrary(), generated =>
        {
            var events = generated
                .Select((entry, i) => Scenarios.Event(incident, Kinds[entry.Kind], incident.DeclaredAt.AddMinutes(entry.Minutes), Scenarios.Sam, $"event-{i}") with
                {
                    WithdrawnAt = entry.Withdrawn ? incident.DeclaredAt : null,
                })
                .ToList();
            var markdown = PostmortemCompilerTests.Compiler().Compile(baseMaterial with { Timeline = events }, new CompileOptions(incident.DeclaredAt.AddDays(3))).Markdown;

            var expected = events.Where(e => e.IsKeyEvent && !e.IsWithdrawn).Order(TimelineOrder.Instance).Select(e => e.Text).ToList();
            var rows = TimelineRows(markdown);
            var hidden = events.Where(e => !e.IsKeyEvent || e.IsWithdrawn).Select(e => e.Text);
            return rows.SequenceEqual(expected, StringComparer.Ordinal)
                && hidden.All(text => !markdown.Contains("| " + text + " |", StringComparison.Ordinal));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(150));
    }

    /// <summary>The Event column of the timeline table, or nothing when the draft has no timeline table.</summary>
    private static List<string> TimelineRows(string markdown)
    {
        var document = Markdown.Parse(markdown, new MarkdownPipelineBuilder().UseAdvancedExtensions().Build());
        var table = document.Descendants<Table>().FirstOrDefault(t => Cell(t, 0, 1) == "Event");
        return table is null ? [] : [.. Enumerable.Range(1, table.Count - 1).Select(row => Cell(table, row, 1))];
    }

    private static string Cell(Table table, int row, int column) =>
        string.Concat(((TableCell)((TableRow)table[row])[column]).Descendants<LiteralInline>().Select(l => l.Content.ToString())).Trim();
}
