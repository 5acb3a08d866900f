using System.Globalization;
using System.Net.Mail;
using IncidentBot.Core.Reviews;
using Microsoft.Extensions.Options;

namespace IncidentBot.Host.Options;

/// <summary>Fails start-up on a <c>Reviews</c> setting that cannot work, naming the key and the bad value.</summary>
internal sealed class ReviewOptionsValidator : IValidateOptions<ReviewOptions>
{
    private const string Section = ReviewOptions.SectionName;

    public static bool IsValidPollInterval(TimeSpan interval) => interval >= TimeSpan.FromSeconds(5) && interval <= TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, ReviewOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        void Check(bool ok, string key, object? value, string rule)
        {
            if (!ok)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{Section}:{key} '{value}' {rule}"));
            }
        }

        Check(IsTimeOfDay(options.WorkdayStart), nameof(ReviewOptions.WorkdayStart), options.WorkdayStart, "is not a time of day (00:00 to 23:59).");
        Check(IsTimeOfDay(options.WorkdayEnd) || options.WorkdayEnd == TimeSpan.FromHours(24), nameof(ReviewOptions.WorkdayEnd), options.WorkdayEnd, "is not a time of day (00:00 to 24:00).");
        Check(options.WorkdayEnd > options.WorkdayStart, nameof(ReviewOptions.WorkdayEnd), options.WorkdayEnd, $"must be after {Section}:{nameof(ReviewOptions.WorkdayStart)} ({options.WorkdayStart}).");
        Check(options.WorkingDays.All(Enum.IsDefined), nameof(ReviewOptions.WorkingDays), string.Join(",", options.WorkingDays), "must list days like Monday, Tuesday ….");
        Check(options.ReviewDuration >= TimeSpan.FromMinutes(15) && options.ReviewDuration <= options.WorkdayEnd - options.WorkdayStart, nameof(ReviewOptions.ReviewDuration), options.ReviewDuration, "must be at least 15 minutes and fit in the working day.");
        CheckDeadline(options.Deadlines.Sev1, "Sev1", failures);
        CheckDeadline(options.Deadlines.Sev2, "Sev2", failures);
        CheckDeadline(options.Deadlines.Sev3, "Sev3", failures);
        CheckDeadline(options.Deadlines.Sev4, "Sev4", failures);
        Check(options.MinimumNotice >= TimeSpan.Zero && options.MinimumNotice <= TimeSpan.FromDays(14), nameof(ReviewOptions.MinimumNotice), options.MinimumNotice, "must be between 00:00:00 and 14.00:00:00.");
        Check(options.FacilitatorAnswerWindow > TimeSpan.Zero && options.FacilitatorAnswerWindow <= TimeSpan.FromDays(14), nameof(ReviewOptions.FacilitatorAnswerWindow), options.FacilitatorAnswerWindow, "must be more than zero and at most 14 days.");
        Check(options.ReminderLeadTimes.All(lead => lead > TimeSpan.Zero && lead <= TimeSpan.FromDays(14)), nameof(ReviewOptions.ReminderLeadTimes), string.Join(",", options.ReminderLeadTimes), "must each be more than zero and at most 14 days.");
        Check(options.InputReminderLead > TimeSpan.Zero && options.InputReminderLead <= TimeSpan.FromDays(14), nameof(ReviewOptions.InputReminderLead), options.InputReminderLead, "must be more than zero and at most 14 days.");
        Check(IsTimeOfDay(options.DigestTime), nameof(ReviewOptions.DigestTime), options.DigestTime, "is not a time of day (00:00 to 23:59).");
        Check(options.ActionReminderDaysBefore is >= 0 and <= 30, nameof(ReviewOptions.ActionReminderDaysBefore), options.ActionReminderDaysBefore, "must be between 0 and 30.");
        Check(IsValidPollInterval(options.PollInterval), nameof(ReviewOptions.PollInterval), options.PollInterval, "must be between 00:00:05 and 01:00:00.");
        Check(string.IsNullOrWhiteSpace(options.CalendarOrganizer) || MailAddress.TryCreate(options.CalendarOrganizer, out _), nameof(ReviewOptions.CalendarOrganizer), options.CalendarOrganizer, "is not an e-mail address.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckDeadline(ReviewDeadline deadline, string severity, List<string> failures)
    {
        if (deadline.Days is < 1 or > 60)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{Section}:Deadlines:{severity}:Days '{deadline.Days}' must be between 1 and 60."));
        }
    }

    private static bool IsTimeOfDay(TimeSpan value) => value >= TimeSpan.Zero && value < TimeSpan.FromHours(24);
}
