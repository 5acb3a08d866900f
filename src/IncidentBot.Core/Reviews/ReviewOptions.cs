using IncidentBot.Core.Incidents;

namespace IncidentBot.Core.Reviews;

/// <summary>
/// How reviews are booked and follow-ups reminded (<c>Reviews</c> section). Times of day are wall-clock times in
/// the workspace zone (<c>Incidents:TimeZone</c>); the host validates every value at start-up.
/// </summary>
public sealed class ReviewOptions
{
    public const string SectionName = "Reviews";

    /// <summary>Start of the working day (<c>09:00</c>); <c>schedule auto</c> books inside working hours.</summary>
    public TimeSpan WorkdayStart { get; set; } = TimeSpan.FromHours(9);

    /// <summary>End of the working day (<c>17:00</c>); a review ends by then.</summary>
    public TimeSpan WorkdayEnd { get; set; } = TimeSpan.FromHours(17);

    /// <summary>Working days; empty means Monday to Friday.</summary>
    public IList<DayOfWeek> WorkingDays { get; set; } = new List<DayOfWeek>();

    public TimeSpan ReviewDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How soon after an incident its review should meet, per severity.</summary>
    public ReviewDeadlines Deadlines { get; set; } = new();

    /// <summary>
    /// <c>schedule auto</c> prefers a slot at least this far ahead, so people have time to write their accounts;
    /// it books sooner only when the deadline leaves no such slot.
    /// </summary>
    public TimeSpan MinimumNotice { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long someone asked to facilitate has to answer before the bot takes the silence as a pass and asks the
    /// next person (a day). The ask is handed on earlier when the review is close; see
    /// <see cref="Reminders.ReminderPolicy.AnswerDueAt"/>.
    /// </summary>
    public TimeSpan FacilitatorAnswerWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Before the review, the facilitator and attendees are reminded this long ahead; empty means 24 h and 1 h.</summary>
    public IList<TimeSpan> ReminderLeadTimes { get; set; } = new List<TimeSpan>();

    /// <summary>Participants who have not given their account are reminded this long before the review.</summary>
    public TimeSpan InputReminderLead { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Local time on working days for the overdue digest and action-item reminders.</summary>
    public TimeSpan DigestTime { get; set; } = TimeSpan.FromHours(9);

    /// <summary>Owners are reminded this many days before an action item's due date, and again on it.</summary>
    public int ActionReminderDaysBefore { get; set; } = 2;

    /// <summary>How often the reminder job looks for due reminders.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An e-mail address for the invite's ORGANIZER (some calendars want one); empty leaves it out.</summary>
    public string? CalendarOrganizer { get; set; }

    public IReadOnlyList<DayOfWeek> EffectiveWorkingDays =>
        WorkingDays.Count == 0 ? [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday] : [.. WorkingDays.Distinct()];

    public IReadOnlyList<TimeSpan> EffectiveLeadTimes =>
        ReminderLeadTimes.Count == 0 ? [TimeSpan.FromHours(24), TimeSpan.FromHours(1)] : [.. ReminderLeadTimes.Distinct().OrderDescending()];

    public ReviewDeadline DeadlineFor(Severity severity) => severity switch
    {
        Severity.Sev1 => Deadlines.Sev1,
        Severity.Sev2 => Deadlines.Sev2,
        Severity.Sev3 => Deadlines.Sev3,
        _ => Deadlines.Sev4,
    };
}

/// <summary>Review deadlines per severity: SEV1 within 3 calendar days, SEV2 within 5 business days, SEV3/4 within 10.</summary>
public sealed class ReviewDeadlines
{
    public ReviewDeadline Sev1 { get; set; } = new() { Days = 3, BusinessDays = false };
    public ReviewDeadline Sev2 { get; set; } = new() { Days = 5, BusinessDays = true };
    public ReviewDeadline Sev3 { get; set; } = new() { Days = 10, BusinessDays = true };
    public ReviewDeadline Sev4 { get; set; } = new() { Days = 10, BusinessDays = true };
}

/// <summary>Within <see cref="Days"/> days of the incident's resolution: working days when <see cref="BusinessDays"/>, else calendar days.</summary>
public sealed class ReviewDeadline
{
    public int Days { get; set; }
    public bool BusinessDays { get; set; }

    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Days} {(BusinessDays ? "business" : "calendar")} day{(Days == 1 ? "" : "s")}");
}
