namespace IncidentBot.Core.Timeline;

/// <summary>The one ordering every timeline uses: event time, then recording order for equal times.</summary>
public sealed class TimelineOrder : IComparer<TimelineEvent>
{
    public static readonly TimelineOrder Instance = new();

    public int Compare(TimelineEvent? x, TimelineEvent? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var byTime = x.OccurredAt.UtcTicks.CompareTo(y.OccurredAt.UtcTicks);
        return byTime != 0 ? byTime : x.Id.CompareTo(y.Id);
    }
}
