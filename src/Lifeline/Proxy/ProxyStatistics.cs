using System.Collections.Concurrent;

namespace Lifeline.Proxy;

/// <summary>
/// The proxy's call counts, per trunk and in total. Thread-safe: the call path increments plain fields, the API and
/// the metrics read snapshots.
/// </summary>
internal sealed class ProxyStatistics
{
    private readonly ConcurrentDictionary<string, ProxyTrunkCounters> _trunks = new(StringComparer.Ordinal);
    private long _received;
    private long _answered;
    private long _failed;
    private long _refused;
    private long _forbidden;
    private long _failovers;

    /// <summary>The counters of <paramref name="trunk"/>, created on first use.</summary>
    public ProxyTrunkCounters Trunk(string trunk) =>
        _trunks.TryGetValue(trunk, out var counters) ? counters : _trunks.GetOrAdd(trunk, static name => new ProxyTrunkCounters(name));

    public ProxyTotals Totals => new(
        Interlocked.Read(ref _received),
        Interlocked.Read(ref _answered),
        Interlocked.Read(ref _failed),
        Interlocked.Read(ref _refused),
        Interlocked.Read(ref _forbidden),
        Interlocked.Read(ref _failovers));

    /// <summary>Every trunk that has counts, by name.</summary>
    public IReadOnlyList<ProxyTrunkSnapshot> Trunks()
    {
        var list = new List<ProxyTrunkSnapshot>(_trunks.Count);
        foreach (var pair in _trunks)
        {
            list.Add(pair.Value.Snapshot());
        }

        list.Sort(static (a, b) => string.CompareOrdinal(a.Trunk, b.Trunk));
        return list;
    }

    /// <summary>The counts of one trunk; zeros when it has none yet.</summary>
    public ProxyTrunkSnapshot TrunkSnapshot(string trunk) =>
        _trunks.TryGetValue(trunk, out var counters) ? counters.Snapshot() : new ProxyTrunkSnapshot(trunk, 0, 0, 0, 0, 0);

    internal void CallReceived() => Interlocked.Increment(ref _received);

    internal void CallAnswered() => Interlocked.Increment(ref _answered);

    internal void CallFailed() => Interlocked.Increment(ref _failed);

    internal void CallRefused() => Interlocked.Increment(ref _refused);

    internal void Forbidden() => Interlocked.Increment(ref _forbidden);

    internal void Failover() => Interlocked.Increment(ref _failovers);
}
