namespace IncidentBot.TestKit;

/// <summary>
/// A clock tests set and advance by hand (Microsoft.Extensions.TimeProvider.Testing is not on our feed).
/// By default timers are not simulated (they run on real time): jobs are driven directly with the time they should see.
/// With <see cref="DrivesTimers"/>, timers (<c>Task.Delay</c>, <c>new CancellationTokenSource(delay, provider)</c>) fire
/// only when <see cref="Advance"/> or <see cref="SetUtcNow"/> moves the clock past their due time, so a test decides
/// exactly when a deadline passes.
/// </summary>
public sealed class FakeTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start.ToUniversalTime();
    private TimeZoneInfo _localZone = TimeZoneInfo.Utc;

    public FakeTimeProvider()
        : this(new DateTimeOffset(2026, 11, 21, 14, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>True: timers fire when the clock is moved past their due time, never on their own.</summary>
    public bool DrivesTimers { get; init; }

    /// <summary>With <see cref="DrivesTimers"/>: how many timers are waiting to fire.</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count(timer => timer.DueAt is not null);
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override TimeZoneInfo LocalTimeZone => _localZone;

    public void SetLocalTimeZone(TimeZoneInfo zone) => _localZone = zone;

    public void SetUtcNow(DateTimeOffset now)
    {
        lock (_gate)
        {
            _now = now.ToUniversalTime();
        }

        FireDueTimers();
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _now += by;
        }

        FireDueTimers();
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (!DrivesTimers)
        {
            return base.CreateTimer(callback, state, dueTime, period);
        }

        var timer = new ManualTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Runs the callbacks of the timers that are due, on the calling thread, outside the lock.</summary>
    private void FireDueTimers()
    {
        while (true)
        {
            ManualTimer? due;
            lock (_gate)
            {
                due = _timers.Where(timer => timer.DueAt <= _now).OrderBy(timer => timer.DueAt).FirstOrDefault();
                if (due is null)
                {
                    return;
                }

                due.DueAt = due.Period > TimeSpan.Zero && due.Period != Timeout.InfiniteTimeSpan ? due.DueAt + due.Period : null;
            }

            due.Fire();
        }
    }

    private sealed class ManualTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        /// <summary>Guarded by the owner's lock; null when not scheduled.</summary>
        public DateTimeOffset? DueAt { get; set; }

        public TimeSpan Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                if (!owner._timers.Contains(this))
                {
                    return false;
                }

                Period = period;
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : owner._now + dueTime;
            }

            if (dueTime == TimeSpan.Zero)
            {
                // Due now: fired after the caller has its timer, as a real timer would.
                ThreadPool.QueueUserWorkItem(_ => owner.FireDueTimers());
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
