namespace Lifeline.Cli.Demo;

/// <summary>
/// Every call of the demo's dialer, kept for the live view and the summary. Thread-safe: calls end on the SIP
/// stack's threads while the view reads.
/// </summary>
internal sealed class DemoCallLog
{
    /// <summary>A call whose setup took longer than this was delayed by a failover (a direct answer takes about a millisecond).</summary>
    public static readonly TimeSpan DelayedAfter = TimeSpan.FromMilliseconds(50);

    private readonly Lock _lock = new();
    private readonly List<DemoCall> _calls = [];
    private long _placed;

    /// <summary>Calls placed (INVITEs sent), ended or not.</summary>
    public long Placed => Interlocked.Read(ref _placed);

    public void CallPlaced() => Interlocked.Increment(ref _placed);

    public void Add(DemoCall call)
    {
        lock (_lock)
        {
            _calls.Add(call);
        }
    }

    /// <summary>Every call that ended, in the order they ended.</summary>
    public IReadOnlyList<DemoCall> Ended()
    {
        lock (_lock)
        {
            return [.. _calls];
        }
    }
}
