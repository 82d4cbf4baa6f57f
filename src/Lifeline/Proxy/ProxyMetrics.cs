using System.Diagnostics.Metrics;

namespace Lifeline.Proxy;

/// <summary>
/// The proxy's instruments on the <c>Lifeline</c> meter. Counts are read from <see cref="ProxyStatistics"/> when
/// scraped (a call costs increments, not measurements); the added setup delay is a histogram recorded per call.
/// </summary>
internal sealed class ProxyMetrics
{
    /// <summary>The meter every Lifeline instrument belongs to.</summary>
    public const string MeterName = "Lifeline";

    private static readonly double[] DelayBuckets = [0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 2, 5, 10, 30];

    private readonly ProxyStatistics _statistics;
    private readonly Histogram<double> _addedDelay;
    private readonly Counter<long> _forbidden;

    public ProxyMetrics(IMeterFactory meters, ProxyStatistics statistics)
    {
        _statistics = statistics;
        var meter = meters.Create(MeterName);
        _addedDelay = meter.CreateHistogram<double>(
            "lifeline.proxy.added_setup_delay",
            unit: "s",
            description: "Per call, how long failover delayed it: from the INVITE's arrival to the start of its last attempt (0 without failover)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DelayBuckets });
        _forbidden = meter.CreateCounter<long>("lifeline.proxy.forbidden", description: "Requests refused with 403: source not in proxy.allow");
        meter.CreateObservableCounter("lifeline.proxy.calls", ObserveCalls, description: "Calls by outcome: received, answered, failed (503 after every trunk failed), refused (no usable trunk)");
        meter.CreateObservableCounter("lifeline.proxy.failovers", () => _statistics.Totals.Failovers, description: "Times a call moved on to its next trunk after a carrier failure");
        meter.CreateObservableCounter("lifeline.proxy.trunk.attempts", () => PerTrunk(static t => t.Attempts), description: "Call attempts sent to each trunk");
        meter.CreateObservableCounter("lifeline.proxy.trunk.answered", () => PerTrunk(static t => t.Answered), description: "Call attempts each trunk answered");
        meter.CreateObservableCounter("lifeline.proxy.trunk.failed", () => PerTrunk(static t => t.Failed), description: "Call attempts each trunk failed (carrier failure: failover code, no response, transport error)");
        meter.CreateObservableCounter("lifeline.proxy.trunk.overflowed", () => PerTrunk(static t => t.Overflowed), description: "Calls that skipped a trunk at its limits");
        meter.CreateObservableGauge("lifeline.proxy.trunk.active", () => PerTrunk(static t => t.Active), description: "Calls holding a slot of each trunk (ringing or answered)");
    }

    public void RecordAddedDelay(TimeSpan delay) => _addedDelay.Record(delay.TotalSeconds);

    public void Forbidden() => _forbidden.Add(1);

    private IEnumerable<Measurement<long>> ObserveCalls()
    {
        var totals = _statistics.Totals;
        return
        [
            new Measurement<long>(totals.Received, new KeyValuePair<string, object?>("outcome", "received")),
            new Measurement<long>(totals.Answered, new KeyValuePair<string, object?>("outcome", "answered")),
            new Measurement<long>(totals.Failed, new KeyValuePair<string, object?>("outcome", "failed")),
            new Measurement<long>(totals.Refused, new KeyValuePair<string, object?>("outcome", "refused")),
        ];
    }

    private List<Measurement<long>> PerTrunk(Func<ProxyTrunkSnapshot, long> read)
    {
        var trunks = _statistics.Trunks();
        var result = new List<Measurement<long>>(trunks.Count);
        foreach (var trunk in trunks)
        {
            result.Add(new Measurement<long>(read(trunk), new KeyValuePair<string, object?>("trunk", trunk.Trunk)));
        }

        return result;
    }
}
