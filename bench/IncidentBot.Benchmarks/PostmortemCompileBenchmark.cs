using BenchmarkDotNet.Attributes;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Language;
using IncidentBot.Core.Postmortems;
using IncidentBot.Core.Timeline;

namespace IncidentBot.Benchmarks;

/// <summary>
/// Issue target: a draft for an incident with 10,000 timeline events and 100,000 transcript messages in under
/// 200 ms and under 200 MB allocated.
/// </summary>
[MemoryDiagnoser]
public class PostmortemCompileBenchmark
{
    private static readonly string[] NoteTexts =
    [
        "Rolled back deploy 4411 on orders-api",
        "p99 latency on checkout at 2.4 s, error rate 7%",
        "Paged the database on-call; they are joining the bridge",
        "Failover to the replica in eu-west-2 started",
        "The alert failed to fire because the threshold was set per host",
        "Customer support reports card declines in Germany",
    ];

    private PostmortemCompiler _compiler = null!;
    private PostmortemMaterial _material = null!;

    [Params(10_000)]
    public int KeyEvents { get; set; }

    [Params(100_000)]
    public int TranscriptMessages { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var clock = WorkspaceClock.For("Europe/Berlin");
        _compiler = new PostmortemCompiler(clock, new BlameReview(clock, new BlamelessLanguageAnalyzer()));
        _material = Material(KeyEvents, TranscriptMessages);
    }

    [Benchmark]
    public int CompileDraft() => _compiler.Compile(_material, new CompileOptions(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero))).Markdown.Length;

    [Benchmark]
    public int CompileWithRolesInsteadOfNames() => _compiler.Compile(_material, new CompileOptions(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero), ReplaceNames: true, Published: true)).Markdown.Length;

    internal static PostmortemMaterial Material(int keyEvents, int transcript)
    {
        var start = new DateTimeOffset(2026, 11, 20, 22, 0, 0, TimeSpan.Zero);
        var people = Enumerable.Range(0, 40).Select(i => new Person($"U{i:D4}", $"responder{i}")).ToArray();
        var incident = new Incident
        {
            Id = 1,
            Workspace = "slack:T1",
            Number = 1234,
            Title = "Checkout fails for EU customers",
            Severity = Severity.Sev1,
            Status = IncidentStatus.Resolved,
            Channel = new ChannelRef(Platform.Slack, "C1", "inc-1234-checkout"),
            DeclaredBy = people[0],
            DeclaredAt = start,
            Commander = people[1],
            Summary = "The orders database ran out of connections after a pool setting was lowered.",
            Impact = "61% of EU checkouts failed for 52 minutes.",
            Times = new KeyTimes { ImpactStartedAt = start.AddMinutes(-3), DetectedAt = start, AcknowledgedAt = start.AddMinutes(3), MitigatedAt = start.AddHours(30), ResolvedAt = start.AddHours(40) },
        };
        var events = new List<TimelineEvent>(keyEvents + transcript);
        for (var i = 0; i < keyEvents; i++)
        {
            events.Add(Event(incident, i, i % 10 == 0 ? TimelineEventKind.Pinned : TimelineEventKind.Note, start.AddSeconds(i * 13), people[i % people.Length], NoteTexts[i % NoteTexts.Length]));
        }

        for (var i = 0; i < transcript; i++)
        {
            events.Add(Event(incident, keyEvents + i, TimelineEventKind.Message, start.AddSeconds(i * 1.3), people[i % people.Length], "looking at the dashboards now, errors still climbing"));
        }

        var notes = Enumerable.Range(0, 200).Select(i => new PostmortemNote
        {
            Id = i + 1,
            Workspace = incident.Workspace,
            IncidentId = 1,
            Kind = (PostmortemNoteKind)(i % 6),
            Author = people[i % people.Length],
            Text = "Config review shows only the diff, not the effective value or the traffic it serves.",
            CreatedAt = start.AddDays(1),
        }).ToList();
        return new PostmortemMaterial(incident, events, notes, [], new ReviewBooking(start.AddDays(3), people[2]));
    }

    private static TimelineEvent Event(Incident incident, int id, TimelineEventKind kind, DateTimeOffset at, Person author, string text) => new()
    {
        Id = id + 1,
        Workspace = incident.Workspace,
        IncidentId = incident.Id,
        Kind = kind,
        OccurredAt = at,
        RecordedAt = at,
        Author = author,
        Text = text,
        SourceId = kind == TimelineEventKind.Note ? null : $"C1/{id}",
    };
}
