using System.Globalization;
using System.Text;
using IncidentBot.Core.Incidents;

namespace IncidentBot.Core.Reviews;

/// <summary>
/// The review as an iCalendar invite (RFC 5545) to add to a calendar: one VEVENT whose UID stays the same for the
/// review's whole life, so a reschedule (a higher SEQUENCE) updates the entry people already have and a
/// cancellation (METHOD:CANCEL, STATUS:CANCELLED) removes it. Times are UTC. Lines end in CRLF and are folded at
/// 75 octets without splitting a UTF-8 character.
/// </summary>
public static class ReviewInvite
{
    public const string MediaType = "text/calendar";
    private const int MaxLineOctets = 75;

    public static string FileName(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return incident.Reference + "-review.ics";
    }

    /// <summary>The calendar UID of the review: the same for every version of the invite.</summary>
    public static string Uid(Review review)
    {
        ArgumentNullException.ThrowIfNull(review);
        var workspace = new string([.. review.Workspace.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-')]);
        return string.Create(CultureInfo.InvariantCulture, $"review-{review.IncidentId}-{review.Id}.{workspace}@incidentbot");
    }

    /// <param name="attendees">Named in the description: chat platforms do not give the bot e-mail addresses for ATTENDEE lines.</param>
    /// <param name="stamp">When this version of the invite was made (DTSTAMP).</param>
    /// <param name="organizerEmail">An ORGANIZER address, when the workspace configured one.</param>
    public static string Render(Review review, Incident incident, IReadOnlyList<Person> attendees, DateTimeOffset stamp, string? organizerEmail)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(attendees);
        var cancelled = review.IsCancelled;
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//IncidentBot//Postmortem review//EN",
            "CALSCALE:GREGORIAN",
            cancelled ? "METHOD:CANCEL" : "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            "UID:" + Text(Uid(review)),
            "SEQUENCE:" + review.Sequence.ToString(CultureInfo.InvariantCulture),
            "DTSTAMP:" + Utc(stamp),
            "DTSTART:" + Utc(review.At),
            "DTEND:" + Utc(review.EndsAt),
            "SUMMARY:" + Text($"Postmortem review: {incident.Reference} {incident.Title}"),
            "DESCRIPTION:" + Text(Description(review, incident, attendees)),
            "LOCATION:" + Text("#" + incident.Channel.Name),
            cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED",
            "TRANSP:OPAQUE",
        };
        if (!string.IsNullOrWhiteSpace(organizerEmail))
        {
            lines.Add("ORGANIZER;CN=IncidentBot:mailto:" + organizerEmail.Trim());
        }

        lines.Add("END:VEVENT");
        lines.Add("END:VCALENDAR");

        var calendar = new StringBuilder();
        foreach (var line in lines)
        {
            Fold(calendar, line);
        }

        return calendar.ToString();
    }

    private static string Description(Review review, Incident incident, IReadOnlyList<Person> attendees)
    {
        var text = new StringBuilder();
        text.Append("Blameless review of ").Append(incident.Reference).Append(" (").Append(IncidentLifecycle.Name(incident.Severity)).Append("): ").Append(incident.Title).Append('\n');
        text.Append("Facilitator: ").Append(review.HasFacilitator ? review.Facilitator!.Name : "to be confirmed").Append('\n');
        if (attendees.Count > 0)
        {
            text.Append("Participants: ").AppendJoin(", ", attendees.Select(a => a.Name)).Append('\n');
        }

        text.Append("Incident channel: #").Append(incident.Channel.Name).Append('\n');
        text.Append("Before the review, add your own account: /postmortem ").Append(incident.Reference).Append(" contribute <what you saw first, assumed, what surprised you, what helped>.");
        return text.ToString();
    }

    private static string Utc(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>TEXT values (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, line breaks as \n, no other controls.</summary>
    internal static string Text(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value.Replace("\r\n", "\n", StringComparison.Ordinal))
        {
            switch (c)
            {
                case '\\':
                    text.Append(@"\\");
                    break;
                case ';':
                    text.Append(@"\;");
                    break;
                case ',':
                    text.Append(@"\,");
                    break;
                case '\n':
                    text.Append(@"\n");
                    break;
                case var control when char.IsControl(control):
                    text.Append(' ');
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        return text.ToString();
    }

    /// <summary>Appends one content line, folded (RFC 5545 §3.1): at most 75 octets a line, continuations start with a space.</summary>
    internal static void Fold(StringBuilder calendar, string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        var start = 0;
        var limit = MaxLineOctets;
        while (bytes.Length - start > limit)
        {
            var end = start + limit;
            while ((bytes[end] & 0b1100_0000) == 0b1000_0000)
            {
                end--; // never split a UTF-8 sequence: back off to the start of the character
            }

            calendar.Append(Encoding.UTF8.GetString(bytes, start, end - start)).Append("\r\n ");
            start = end;
            limit = MaxLineOctets - 1; // the leading space counts
        }

        calendar.Append(Encoding.UTF8.GetString(bytes, start, bytes.Length - start)).Append("\r\n");
    }
}
