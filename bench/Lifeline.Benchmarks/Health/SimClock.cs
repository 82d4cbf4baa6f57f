namespace Lifeline.Benchmarks.Health;

/// <summary>A clock that only moves when the simulation says so.</summary>
internal sealed class SimClock(DateTimeOffset start) : TimeProvider
{
    private readonly DateTimeOffset _start = start;
    private DateTimeOffset _now = start;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => _now;

    public override long GetTimestamp() => (_now - _start).Ticks;

    public void AdvanceTo(DateTimeOffset to)
    {
        if (to > _now)
        {
            _now = to;
        }
    }
}
