using IncidentBot.Core.Reminders;
using Quartz;

namespace IncidentBot.Host.Reminders;

/// <summary>
/// Quartz is only the clock (STYLE #12): this job hands the current time to Core's reminder delivery, which reads
/// what is due from our own tables and claims each reminder in the database. It never runs twice at once in this
/// process; across replicas the database claims keep each reminder to one sender.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class DueRemindersJob(ReminderDelivery delivery, TimeProvider timeProvider) : IJob
{
    public static readonly JobKey Key = new("due-reminders", "reminders");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await delivery.DeliverDueAsync(timeProvider.GetUtcNow(), cancellationToken);
}
