using IncidentBot.Core.Incidents;
using IncidentBot.Core.Language;
using IncidentBot.Core.Timeline;

namespace IncidentBot.Core.Postmortems;

/// <summary>Runs the blameless-language check over everything people wrote that the draft shows.</summary>
public sealed class BlameReview(WorkspaceClock clock, BlamelessLanguageAnalyzer analyzer)
{
    public IReadOnlyList<BlameFlag> Review(PostmortemMaterial material)
    {
        ArgumentNullException.ThrowIfNull(material);
        var flags = new List<BlameFlag>();
        var incident = material.Incident;
        Check(flags, "Summary", incident.DeclaredBy, incident.Summary);
        Check(flags, "Impact", incident.DeclaredBy, incident.Impact);
        foreach (var e in material.Timeline.Where(e => !e.IsWithdrawn && e.Kind is TimelineEventKind.Note or TimelineEventKind.Pinned or TimelineEventKind.Resolved or TimelineEventKind.StatusChanged).Order(TimelineOrder.Instance))
        {
            var place = e.Kind == TimelineEventKind.Pinned ? "Pinned message" : "Timeline entry";
            Check(flags, $"{place} at {clock.Format(e.OccurredAt, withDate: true)}", e.Author, e.Text);
        }

        var why = 0;
        foreach (var note in material.Notes.Where(n => n.WithdrawnAt is null))
        {
            var place = note.Kind switch
            {
                PostmortemNoteKind.Perspective => "Participant perspective",
                PostmortemNoteKind.Why => $"5 Whys step {++why}",
                PostmortemNoteKind.Factor => "Contributing factor",
                PostmortemNoteKind.WentWell => "Lesson (went well)",
                PostmortemNoteKind.WentWrong => "Lesson (went wrong)",
                _ => "Lesson (got lucky)",
            };
            Check(flags, place, note.Author, note.Text);
        }

        foreach (var item in material.ActionItems)
        {
            Check(flags, $"Action item {item.Reference}", item.CreatedBy, item.Title);
        }

        return flags;
    }

    /// <summary>Findings in one piece of text, for answering the person who just wrote it.</summary>
    public IReadOnlyList<BlameFinding> Check(string text) => analyzer.Analyze(text);

    private void Check(List<BlameFlag> flags, string place, Person author, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        foreach (var finding in analyzer.Analyze(text))
        {
            flags.Add(new BlameFlag(place, author, finding));
        }
    }
}

/// <summary>A blame finding and where in the postmortem it is.</summary>
public sealed record BlameFlag(string Place, Person Author, BlameFinding Finding);
