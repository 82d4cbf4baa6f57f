using System.Diagnostics.Metrics;

namespace Lifeline.Probing;

/// <summary>
/// The probing instruments of the <c>Lifeline</c> meter. Counts are kept in plain per-trunk fields
/// (<see cref="ProbeTrunkCounters"/>) and read when scraped, so a probe costs an increment, not a measurement;
/// labels are per trunk (a handful of series at any number of targets), with per-target counters added only
/// while there are at most <see cref="ProbingOptions.PerTargetMetricsLimit"/> targets. Histograms are recorded
/// as things happen: the RTT of each answer, the lateness and lag of each scheduler tick.
/// </summary>
internal sealed class ProbeMetrics
{
    /// <summary>The meter every Lifeline instrument belongs to.</summary>
    public const string MeterName = "Lifeline";

    private static readonly double[] RttBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5];
    private static readonly double[] LagBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly ProbeScheduler _scheduler;
    private readonly int _perTargetLimit;
    private readonly Histogram<double> _rtt;
    private readonly Histogram<double> _pongRtt;
    private readonly Histogram<double> _tickLateness;
    private readonly Histogram<double> _lag;

    public ProbeMetrics(IMeterFactory meters, ProbeScheduler scheduler, int perTargetLimit)
    {
        _scheduler = scheduler;
        _perTargetLimit = perTargetLimit;
        var meter = meters.Create(MeterName);
        _rtt = meter.CreateHistogram<double>(
            "lifeline.probe.rtt",
            unit: "s",
            description: "Round-trip time of answered OPTIONS probes, by trunk",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RttBuckets });
        _pongRtt = meter.CreateHistogram<double>(
            "lifeline.probe.keepalive.rtt",
            unit: "s",
            description: "Round-trip time of RFC 5626 CRLF pings on TCP connections, by trunk",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RttBuckets });
        _tickLateness = meter.CreateHistogram<double>(
            "lifeline.probe.scheduler.tick_lateness",
            unit: "s",
            description: "How late the probe scheduler's ticks ran (self-health: late ticks make Lifeline suspect itself)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LagBuckets });
        _lag = meter.CreateHistogram<double>(
            "lifeline.probe.scheduler.lag",
            unit: "s",
            description: "At each tick, how long the oldest due probe had been waiting for the rate cap (0 when none waits)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LagBuckets });
        meter.CreateObservableCounter("lifeline.probe.sent", () => PerTrunk(static c => Interlocked.Read(ref c.Sent)), description: "OPTIONS probes sent, by trunk");
        meter.CreateObservableCounter("lifeline.probe.answered", () => PerTrunk(static c => Interlocked.Read(ref c.Answered)), description: "OPTIONS probes answered (any response), by trunk");
        meter.CreateObservableCounter("lifeline.probe.lost", ObserveLost, description: "OPTIONS probes lost, by trunk and reason (timeout, or a transport error: refused, unreachable, connection closed, DNS)");
        meter.CreateObservableCounter("lifeline.probe.late", () => _scheduler.LateProbes, description: "Probes started later than their due time allows (the rate cap bound, or the loop stalled)");
        meter.CreateObservableCounter("lifeline.probe.keepalive.sent", () => PerTrunk(static c => Interlocked.Read(ref c.PingsSent)), description: "CRLF pings sent on TCP connections, by trunk");
        meter.CreateObservableCounter("lifeline.probe.keepalive.lost", () => PerTrunk(static c => Interlocked.Read(ref c.PongsLost)), description: "CRLF pings with no pong in time, by trunk");
        meter.CreateObservableGauge("lifeline.probe.targets", () => _scheduler.Count, description: "Targets being probed");
        meter.CreateObservableGauge("lifeline.probe.in_flight", () => _scheduler.InFlight, description: "Probes waiting for their answer");
        meter.CreateObservableCounter("lifeline.probe.target.sent", () => PerTarget(static t => t.Sent), description: "OPTIONS probes sent, by target (only while there are few targets)");
        meter.CreateObservableCounter("lifeline.probe.target.answered", () => PerTarget(static t => t.Answered), description: "OPTIONS probes answered, by target (only while there are few targets)");
        meter.CreateObservableCounter("lifeline.probe.target.lost", () => PerTarget(static t => t.Lost), description: "OPTIONS probes lost, by target (only while there are few targets)");
    }

    public void RecordRtt(string trunk, TimeSpan rtt) => _rtt.Record(rtt.TotalSeconds, new KeyValuePair<string, object?>("trunk", trunk));

    public void RecordPongRtt(string trunk, TimeSpan rtt) => _pongRtt.Record(rtt.TotalSeconds, new KeyValuePair<string, object?>("trunk", trunk));

    public void RecordTick(TimeSpan lateness, TimeSpan lag)
    {
        _tickLateness.Record(lateness.TotalSeconds);
        _lag.Record(lag.TotalSeconds);
    }

    private List<Measurement<long>> PerTrunk(Func<ProbeTrunkCounters, long> read)
    {
        var trunks = _scheduler.TrunkCounters();
        var result = new List<Measurement<long>>(trunks.Length);
        foreach (var counters in trunks)
        {
            result.Add(new Measurement<long>(read(counters), new KeyValuePair<string, object?>("trunk", counters.Trunk)));
        }

        return result;
    }

    private List<Measurement<long>> ObserveLost()
    {
        var trunks = _scheduler.TrunkCounters();
        var result = new List<Measurement<long>>(trunks.Length * 2);
        foreach (var counters in trunks)
        {
            var trunk = new KeyValuePair<string, object?>("trunk", counters.Trunk);
            result.Add(new Measurement<long>(Interlocked.Read(ref counters.TimedOut), trunk, new KeyValuePair<string, object?>("reason", "timeout")));
            result.Add(new Measurement<long>(Interlocked.Read(ref counters.Failed), trunk, new KeyValuePair<string, object?>("reason", "transport_error")));
        }

        return result;
    }

    private List<Measurement<long>> PerTarget(Func<ProbeTarget, long> read)
    {
        if (_scheduler.Count > _perTargetLimit)
        {
            return [];
        }

        var targets = _scheduler.Targets();
        var result = new List<Measurement<long>>(targets.Length);
        foreach (var target in targets)
        {
            result.Add(new Measurement<long>(
                read(target),
                new KeyValuePair<string, object?>("target", target.Id),
                new KeyValuePair<string, object?>("trunk", target.Spec.Trunk)));
        }

        return result;
    }
}
