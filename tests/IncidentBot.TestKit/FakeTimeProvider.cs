namespace IncidentBot.TestKit;

/// <summary>
/// A clock tests set and advance by hand (Microsoft.Extensions.TimeProvider.Testing is not on our feed).
/// Timers are not simulated: jobs are driven directly with the time they should see.
/// </summary>
public sealed class FakeTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _now = start.ToUniversalTime();
    private TimeZoneInfo _localZone = TimeZoneInfo.Utc;

    public FakeTimeProvider()
        : this(new DateTimeOffset(2026, 11, 21, 14, 0, 0, TimeSpan.Zero))
    {
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
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _now += by;
        }
    }
}
