using Lifeline.Routing;

namespace Lifeline.Proxy;

/// <summary>Call counts of one trunk, kept as plain fields (an increment per event) and read by the API and metrics.</summary>
internal sealed class ProxyTrunkCounters(string trunk)
{
    public long Attempts;
    public long Answered;
    public long Failed;
    public long Overflowed;

    public string Trunk { get; } = trunk;

    /// <summary>The trunk's live concurrent-call counter, once the proxy has sent it a call.</summary>
    public TrunkLoad? Load { get; set; }

    /// <summary>A consistent-enough copy for readers.</summary>
    public ProxyTrunkSnapshot Snapshot() => new(
        Trunk,
        Load?.Active ?? 0,
        Interlocked.Read(ref Attempts),
        Interlocked.Read(ref Answered),
        Interlocked.Read(ref Failed),
        Interlocked.Read(ref Overflowed));
}
