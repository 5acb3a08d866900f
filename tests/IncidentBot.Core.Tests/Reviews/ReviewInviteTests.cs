using System.Text;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Reviews;
using IncidentBot.TestKit;

namespace IncidentBot.Core.Tests.Reviews;

/// <summary>The review's calendar invite, checked against RFC 5545's rules for line endings, folding, escaping and the VEVENT.</summary>
public sealed class ReviewInviteTests
{
    private static readonly Incident Incident = Builders.AnIncident() with { Id = 7, Number = 4, Title = "Checkout; errors, again \\ déjà vu — 🔥" };

    private static readonly Review Review = new()
    {
        Id = 3,
        Workspace = Builders.WorkspaceKey,
        IncidentId = 7,
        At = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.FromHours(1)),
        Duration = TimeSpan.FromHours(1),
        Facilitator = Builders.Bob,
        FacilitatorState = FacilitatorState.Accepted,
        BookedBy = Builders.Alice,
        BookedAt = Builders.Noon,
    };

    private static string Render(Review review, string? organizer = null) =>
        ReviewInvite.Render(review, Incident, [Builders.Alice, Builders.Bob, new Person("U-Z", "Zoë Żółć-Ünïcödé the third of her name")], Builders.Noon, organizer);

    [Fact]
    public void Lines_end_in_crlf_and_are_folded_at_75_octets_without_splitting_a_character()
    {
        var ics = Render(Review);

        ics.ShouldEndWith("END:VCALENDAR\r\n");
        ics.Replace("\r\n", "", StringComparison.Ordinal).ShouldNotContain('\n');
        ics.Replace("\r\n", "", StringComparison.Ordinal).ShouldNotContain('\r');
        var lines = ics.Split("\r\n")[..^1];
        lines.ShouldAllBe(line => Encoding.UTF8.GetByteCount(line) <= 75);
        lines.Count(line => line.StartsWith(' ')).ShouldBeGreaterThan(0);
        Unfold(ics).ShouldContain("DESCRIPTION:Blameless review of INC-4 (SEV2): Checkout\\; errors\\, again \\\\ déjà vu — 🔥\\n");
        Unfold(ics).ShouldContain("Zoë Żółć-Ünïcödé the third of her name");
    }

    [Fact]
    public void The_event_has_a_stable_uid_utc_times_a_summary_and_is_published_and_confirmed()
    {
        var lines = Unfold(Render(Review)).Split("\r\n");

        lines[..6].ShouldBe(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//IncidentBot//Postmortem review//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "BEGIN:VEVENT"]);
        lines.ShouldContain(l => l == "UID:review-7-3.sandbox-t-acme@incidentbot");
        lines.ShouldContain(l => l == "SEQUENCE:0");
        lines.ShouldContain(l => l == "DTSTAMP:20261121T120000Z");
        lines.ShouldContain(l => l == "DTSTART:20261125T090000Z");
        lines.ShouldContain(l => l == "DTEND:20261125T100000Z");
        lines.ShouldContain(l => l == "STATUS:CONFIRMED");
        lines.ShouldContain(l => l.StartsWith("SUMMARY:Postmortem review: INC-4 Checkout\\; errors\\,", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("DESCRIPTION:", StringComparison.Ordinal) && l.Contains("Facilitator: bob", StringComparison.Ordinal));
        lines.ShouldNotContain(l => l.StartsWith("ORGANIZER", StringComparison.Ordinal));
        lines.Count(l => l == "BEGIN:VEVENT").ShouldBe(1);
    }

    [Fact]
    public void A_reschedule_keeps_the_uid_and_raises_the_sequence_and_a_cancellation_says_cancel()
    {
        var moved = Review with { At = Review.At.AddDays(1), Sequence = 1 };
        var cancelled = moved with { Sequence = 2, CancelledAt = Builders.Noon };

        var movedIcs = Unfold(Render(moved));
        var cancelledIcs = Unfold(Render(cancelled, organizer: "reviews@example.com"));

        ReviewInvite.Uid(moved).ShouldBe(ReviewInvite.Uid(Review));
        movedIcs.ShouldContain("SEQUENCE:1\r\n");
        movedIcs.ShouldContain("DTSTART:20261126T090000Z\r\n");
        cancelledIcs.ShouldContain("METHOD:CANCEL\r\n");
        cancelledIcs.ShouldContain("STATUS:CANCELLED\r\n");
        cancelledIcs.ShouldContain("SEQUENCE:2\r\n");
        cancelledIcs.ShouldContain("ORGANIZER;CN=IncidentBot:mailto:reviews@example.com\r\n");
        cancelledIcs.ShouldContain("UID:" + ReviewInvite.Uid(Review) + "\r\n");
    }

    [Fact]
    public void Folding_never_splits_a_multibyte_character_at_the_boundary()
    {
        for (var pad = 0; pad < 8; pad++)
        {
            var builder = new StringBuilder();
            var line = "DESCRIPTION:" + new string('x', pad) + string.Concat(Enumerable.Repeat("é🔥", 40));

            ReviewInvite.Fold(builder, line);

            var folded = builder.ToString();
            folded.Split("\r\n")[..^1].ShouldAllBe(l => Encoding.UTF8.GetByteCount(l) <= 75);
            Unfold(folded).ShouldBe(line + "\r\n");
        }
    }

    /// <summary>RFC 5545 §3.1: a CRLF followed by a single space is removed when reading.</summary>
    private static string Unfold(string ics) => ics.Replace("\r\n ", "", StringComparison.Ordinal);
}
