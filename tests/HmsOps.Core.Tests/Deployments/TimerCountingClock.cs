namespace HmsOps.Core.Tests.Deployments;

/// <summary>
/// A fake clock's view that counts the one-shot timers armed and fired through it, so a test knows when a poller
/// is waiting on the clock (armed more than fired) and may move it on.
/// </summary>
internal sealed class TimerCountingClock(TimeProvider inner) : TimeProvider
{
    private int _armed;
    private int _fired;

    public bool SomeoneWaits => Volatile.Read(ref _armed) > Volatile.Read(ref _fired);

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = inner.CreateTimer(s =>
        {
            Interlocked.Increment(ref _fired);
            callback(s);
        }, state, dueTime, period);
        Interlocked.Increment(ref _armed);
        return timer;
    }
}
