namespace Lifeline.Testing;

/// <summary>
/// A clock for a stalled process: <see cref="Stall"/> moves time on without firing any timer (the process was
/// frozen), then <see cref="FireTimers"/> fires each armed timer once, late, the way timers come back after a pause.
/// </summary>
public sealed class StallingTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<StalledTimer> _timers = [];
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override long GetTimestamp()
    {
        lock (_lock)
        {
            return _ticks;
        }
    }

    /// <summary>Timers armed with this period.</summary>
    public int TimersWithPeriod(TimeSpan period)
    {
        lock (_lock)
        {
            return _timers.Count(t => t.Period == period);
        }
    }

    public void Stall(TimeSpan by)
    {
        lock (_lock)
        {
            _now += by;
            _ticks += by.Ticks;
        }
    }

    public void FireTimers()
    {
        StalledTimer[] timers;
        lock (_lock)
        {
            timers = [.. _timers];
        }

        foreach (var timer in timers)
        {
            timer.Fire();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new StalledTimer(this, callback, state, period);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        return timer;
    }

    private sealed class StalledTimer(StallingTimeProvider owner, TimerCallback callback, object? state, TimeSpan period) : ITimer
    {
        public TimeSpan Period { get; private set; } = period;

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Period = period;
            return true;
        }

        public void Dispose()
        {
            lock (owner._lock)
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
