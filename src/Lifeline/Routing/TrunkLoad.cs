namespace Lifeline.Routing;

/// <summary>
/// Live counters of one trunk against its limits (<c>limits.max_calls</c>, <c>limits.max_cps</c>). The proxy takes
/// a slot before it sends a call to the trunk and gives it back when the call's INVITE transaction ends without an
/// answer, or when an answered call ends; a full trunk refuses and the call overflows to the next. Thread-safe,
/// lock-free.
/// </summary>
internal sealed class TrunkLoad
{
    private readonly int? _maxCalls;
    private int _active;

    public TrunkLoad(int? maxCalls, double? maxCps, TimeProvider timeProvider)
    {
        _maxCalls = maxCalls;
        _ = maxCps;
        _ = timeProvider;
    }

    /// <summary>Calls holding a slot now.</summary>
    public int Active => Volatile.Read(ref _active);

    /// <summary>Takes a slot for one new call; false when the trunk is at its concurrent-call or calls-per-second limit.</summary>
    public bool TryAcquire()
    {
        // Placeholder until the routing capability lands: concurrent limit only.
        var now = Interlocked.Increment(ref _active);
        if (_maxCalls is { } max && now > max)
        {
            Interlocked.Decrement(ref _active);
            return false;
        }

        return true;
    }

    /// <summary>Gives back a slot taken by <see cref="TryAcquire"/>.</summary>
    public void Release() => Interlocked.Decrement(ref _active);
}
