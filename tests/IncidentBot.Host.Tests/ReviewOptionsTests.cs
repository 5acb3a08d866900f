using IncidentBot.Core.Reviews;
using IncidentBot.Host.Options;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentBot.Host.Tests;

/// <summary>The <c>Reviews</c> section is validated at start-up; each bad value is reported with its key.</summary>
public sealed class ReviewOptionsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        new ReviewOptionsValidator().Validate(null, new ReviewOptions()).Succeeded.ShouldBeTrue();
    }

    [Theory]
    [InlineData("WorkdayEnd", "Reviews:WorkdayEnd '08:00:00' must be after Reviews:WorkdayStart")]
    [InlineData("Duration", "Reviews:ReviewDuration '09:00:00' must be at least 15 minutes and fit in the working day.")]
    [InlineData("Deadline", "Reviews:Deadlines:Sev2:Days '0' must be between 1 and 60.")]
    [InlineData("Poll", "Reviews:PollInterval '00:00:01' must be between 00:00:05 and 01:00:00.")]
    [InlineData("Lead", "Reviews:ReminderLeadTimes '-01:00:00' must each be more than zero")]
    [InlineData("Digest", "Reviews:DigestTime '1.00:00:00' is not a time of day")]
    [InlineData("Organizer", "Reviews:CalendarOrganizer 'not an address' is not an e-mail address.")]
    [InlineData("Days", "Reviews:ActionReminderDaysBefore '-1' must be between 0 and 30.")]
    [InlineData("AnswerWindow", "Reviews:FacilitatorAnswerWindow '00:00:00' must be more than zero and at most 14 days.")]
    public void A_bad_value_fails_naming_its_key(string which, string message)
    {
        var options = new ReviewOptions();
        switch (which)
        {
            case "WorkdayEnd": options.WorkdayEnd = TimeSpan.FromHours(8); break;
            case "Duration": options.ReviewDuration = TimeSpan.FromHours(9); break;
            case "Deadline": options.Deadlines.Sev2.Days = 0; break;
            case "Poll": options.PollInterval = TimeSpan.FromSeconds(1); break;
            case "Lead": options.ReminderLeadTimes.Add(TimeSpan.FromHours(-1)); break;
            case "Digest": options.DigestTime = TimeSpan.FromHours(24); break;
            case "Organizer": options.CalendarOrganizer = "not an address"; break;
            case "AnswerWindow": options.FacilitatorAnswerWindow = TimeSpan.Zero; break;
            default: options.ActionReminderDaysBefore = -1; break;
        }

        var result = new ReviewOptionsValidator().Validate(null, options);

        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldContain(message);
    }

    [Fact]
    public void The_host_does_not_start_with_a_bad_reviews_setting()
    {
        using var app = new IncidentBotApp(new Dictionary<string, string?>(StringComparer.Ordinal) { ["Reviews:WorkdayStart"] = "18:00" });

        var failure = Should.Throw<Exception>(() => app.CreateClient());

        Messages(failure).ShouldContain(m => m.Contains("Reviews:WorkdayEnd '17:00:00' must be after Reviews:WorkdayStart", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Configured_working_days_and_lead_times_are_bound()
    {
        using var app = new IncidentBotApp(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Reviews:WorkingDays:0"] = "Tuesday",
            ["Reviews:WorkingDays:1"] = "Thursday",
            ["Reviews:ReminderLeadTimes:0"] = "02:00:00",
            ["Reviews:Deadlines:Sev1:Days"] = "1",
        });
        using var client = app.CreateClient();

        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ReviewOptions>>().Value;

        options.EffectiveWorkingDays.ShouldBe([DayOfWeek.Tuesday, DayOfWeek.Thursday]);
        options.EffectiveLeadTimes.ShouldBe([TimeSpan.FromHours(2)]);
        options.Deadlines.Sev1.Days.ShouldBe(1);
        (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).IsSuccessStatusCode.ShouldBeTrue();
    }

    private static IEnumerable<string> Messages(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e.Message;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Messages))
                {
                    yield return inner;
                }
            }
        }
    }
}
