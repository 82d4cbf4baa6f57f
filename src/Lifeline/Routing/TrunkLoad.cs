namespace Lifeline.Routing;

/// <summary>
/// Live counters of one trunk against its limits (<c>limits.max_calls</c>, <c>limits.max_cps</c>). The proxy takes
/// a slot before it sends a call to the trunk and gives it back when the call's INVITE transaction ends without an
/// answer, or when an answered call ends; a full trunk refuses and the call overflows to the next. Thread-safe,
/// lock-free.
/// </summary>
/// <remarks>
/// The calls-per-second limit is a token bucket holding one second of calls (<c>max(1, max_cps)</c> tokens),
/// kept as GCRA (the "virtual scheduling" form of a token bucket): one theoretical arrival time, advanced by
/// <c>1 / max_cps</c> per accepted call with a compare-and-swap, on <see cref="TimeProvider.GetTimestamp"/> ticks.
/// A call refused for the concurrent limit takes no token.
/// </remarks>
internal sealed class TrunkLoad
{
    private readonly int? _maxCalls;
    private readonly double? _maxCps;
    private readonly TimeProvider _time;

    // GCRA in timestamp ticks: each call moves the theoretical arrival time by _interval; a call is refused when that
    // time is more than _tolerance ahead of now (the bucket is empty).
    private readonly long _interval;
    private readonly long _tolerance;
    private long _arrival;

    private int _active;
    private int _peak;
    private long _attempts;
    private long _callLimitRefusals;
    private long _rateLimitRefusals;

    public TrunkLoad(int? maxCalls, double? maxCps, TimeProvider timeProvider)
    {
        _maxCalls = maxCalls is > 0 ? maxCalls : null;
        _maxCps = maxCps is > 0 and < double.PositiveInfinity ? maxCps : null;
        _time = timeProvider;
        if (_maxCps is { } cps)
        {
            var frequency = timeProvider.TimestampFrequency;
            _interval = Math.Max(1, (long)Math.Floor(frequency / cps));
            var burst = Math.Max(1.0, Math.Floor(cps));
            _tolerance = (long)Math.Round((burst - 1) * _interval);
            _arrival = timeProvider.GetTimestamp();
        }
    }

    /// <summary>The concurrent-call limit; null = unlimited.</summary>
    public int? MaxCalls => _maxCalls;

    /// <summary>The calls-per-second limit; null = unlimited.</summary>
    public double? MaxCps => _maxCps;

    /// <summary>Calls holding a slot now.</summary>
    public int Active => Volatile.Read(ref _active);

    /// <summary>The most calls that held a slot at once since start.</summary>
    public int Peak => Volatile.Read(ref _peak);

    /// <summary>Every <see cref="TryAcquire"/>, taken or refused.</summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    /// <summary>Attempts refused because the trunk was at <c>max_calls</c>.</summary>
    public long CallLimitRefusals => Interlocked.Read(ref _callLimitRefusals);

    /// <summary>Attempts refused because the trunk was at <c>max_cps</c>.</summary>
    public long RateLimitRefusals => Interlocked.Read(ref _rateLimitRefusals);

    /// <summary>Attempts refused by either limit: calls that overflowed to the next trunk.</summary>
    public long Overflows => CallLimitRefusals + RateLimitRefusals;

    /// <summary>
    /// Whether a call offered now would be refused (a cheap read that takes nothing: the answer may change before
    /// the call is sent, which is why the proxy still calls <see cref="TryAcquire"/>).
    /// </summary>
    public bool IsFull => IsAtCallLimit || IsAtRateLimit;

    /// <summary>Whether every concurrent-call slot is taken now.</summary>
    public bool IsAtCallLimit => _maxCalls is { } max && Volatile.Read(ref _active) >= max;

    /// <summary>Whether the calls-per-second bucket is empty now.</summary>
    public bool IsAtRateLimit => _maxCps is not null && Volatile.Read(ref _arrival) - _time.GetTimestamp() > _tolerance;

    /// <summary>Takes a slot for one new call; false when the trunk is at its concurrent-call or calls-per-second limit.</summary>
    public bool TryAcquire()
    {
        Interlocked.Increment(ref _attempts);
        var now = Interlocked.Increment(ref _active);
        if (_maxCalls is { } max && now > max)
        {
            Interlocked.Decrement(ref _active);
            Interlocked.Increment(ref _callLimitRefusals);
            return false;
        }

        if (_maxCps is not null && !TryTakeToken())
        {
            Interlocked.Decrement(ref _active);
            Interlocked.Increment(ref _rateLimitRefusals);
            return false;
        }

        RaisePeak(now);
        return true;
    }

    /// <summary>Gives back a slot taken by <see cref="TryAcquire"/>.</summary>
    public void Release()
    {
        // A release without a matching acquire is a caller's bug; it must not open a slot beyond the limit.
        if (Interlocked.Decrement(ref _active) < 0)
        {
            Interlocked.Increment(ref _active);
        }
    }

    private bool TryTakeToken()
    {
        var now = _time.GetTimestamp();
        while (true)
        {
            var arrival = Volatile.Read(ref _arrival);
            var start = arrival > now ? arrival : now;
            if (start - now > _tolerance)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _arrival, start + _interval, arrival) == arrival)
            {
                return true;
            }
        }
    }

    private void RaisePeak(int active)
    {
        var peak = Volatile.Read(ref _peak);
        while (active > peak)
        {
            var seen = Interlocked.CompareExchange(ref _peak, active, peak);
            if (seen == peak)
            {
                return;
            }

            peak = seen;
        }
    }
}
