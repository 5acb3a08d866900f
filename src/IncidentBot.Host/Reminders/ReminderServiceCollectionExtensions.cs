using IncidentBot.Core.Reviews;
using IncidentBot.Host.Options;
using Microsoft.Extensions.Options;
using Quartz;

namespace IncidentBot.Host.Reminders;

internal static class ReminderServiceCollectionExtensions
{
    /// <summary>
    /// The <c>Reviews</c> options (validated at start-up) and the Quartz scheduler that runs <see cref="DueRemindersJob"/>
    /// every <see cref="ReviewOptions.PollInterval"/> and once when the host starts, so reminders that fell due while
    /// it was down go out straight away. The in-memory job store is enough: the reminders themselves are rows.
    /// </summary>
    public static IServiceCollection AddReminders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReviewOptions>()
            .Bind(configuration.GetSection(ReviewOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReviewOptions>, ReviewOptionsValidator>();

        var interval = configuration.GetSection(ReviewOptions.SectionName).GetValue<TimeSpan?>(nameof(ReviewOptions.PollInterval))
            ?? new ReviewOptions().PollInterval;
        services.AddQuartz(quartz =>
        {
            quartz.AddJob<DueRemindersJob>(job => job.WithIdentity(DueRemindersJob.Key).StoreDurably());
            quartz.AddTrigger(trigger => trigger
                .ForJob(DueRemindersJob.Key)
                .WithIdentity("due-reminders-poll", "reminders")
                .StartNow()
                .WithSimpleSchedule(ReviewOptionsValidator.IsValidPollInterval(interval) ? interval : new ReviewOptions().PollInterval));
            quartz.RunAtStartup(DueRemindersJob.Key);
        });
        services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
        return services;
    }
}
