using System.Diagnostics.Metrics;
using Lifeline.Health;

namespace Lifeline.Monitoring;

/// <summary>
/// The health instruments of the <c>Lifeline</c> meter (exported on <c>/metrics</c>). Gauges are read from the
/// board's published snapshot when scraped; the transition counter and the tick lateness histogram are recorded by
/// the <see cref="HealthMonitor"/>. Probers add their own instruments to the same meter (<see cref="MeterName"/>).
/// Per-gateway series exist only up to <see cref="HealthMonitorOptions.PerTargetMetricsLimit"/> watched gateways;
/// the count of gateways per health per trunk is exported at any size.
/// </summary>
internal sealed class HealthMetrics
{
    /// <summary>The meter every Lifeline instrument belongs to.</summary>
    public const string MeterName = "Lifeline";

    private static readonly TargetHealth[] AllHealth = Enum.GetValues<TargetHealth>();
    private static readonly string[] HealthNames = Array.ConvertAll(AllHealth, h => h.ToString());

    private readonly HealthMonitor _monitor;
    private readonly bool _perTarget;
    private readonly Counter<long> _transitions;
    private readonly Histogram<double> _lateness;

    public HealthMetrics(IMeterFactory meterFactory, HealthMonitor monitor, int perTargetLimit)
    {
        _monitor = monitor;
        _perTarget = monitor.Catalog.Watched.Count <= perTargetLimit;
        var meter = meterFactory.Create(MeterName);
        _transitions = meter.CreateCounter<long>("lifeline.health.transitions", description: "Health transitions of targets, by from and to state");
        _lateness = meter.CreateHistogram<double>(
            "lifeline.monitor.tick_lateness",
            unit: "s",
            description: "How late the health monitor's once-a-second tick ran (self-health)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        meter.CreateObservableGauge("lifeline.trunk.gateways", ObserveTrunks, description: "Gateways of each enabled trunk in each health state");
        if (_perTarget)
        {
            meter.CreateObservableGauge("lifeline.target.health", ObserveHealth, description: "1 for the target's current health, 0 for the other states (only up to the per-target limit)");
            meter.CreateObservableGauge("lifeline.target.traffic_share", ObserveShare, description: "Share of new calls the target gets (0-1): 1 Up or Suspect, the ramp step while Recovering, 0 otherwise (only up to the per-target limit)");
            meter.CreateObservableGauge("lifeline.target.rtt.smoothed", ObserveRtt, unit: "s", description: "Smoothed probe round-trip time (RFC 6298 SRTT) (only up to the per-target limit)");
        }

        meter.CreateObservableGauge("lifeline.self_health.suspect", ObserveSelfHealth, description: "1 while Lifeline suspects itself (correlated failures, late timers), else 0");
        meter.CreateObservableGauge("lifeline.journal.queue_length", () => _monitor.Writer.QueueLength, description: "Journal rows waiting to be written");
        meter.CreateObservableGauge("lifeline.journal.write_failing", () => _monitor.Writer.LastFailure is null ? 0 : 1, description: "1 while journal writes fail (disk full, I/O error), else 0");
        meter.CreateObservableCounter("lifeline.journal.dropped", ObserveDropped, description: "Journal rows dropped because the queue was full, by kind");
        meter.CreateObservableGauge("lifeline.monitor.pending_targets", () => _monitor.Board.PendingCount, description: "Targets the health monitor's tick evaluates (rules that can move with time alone); the others wait for a signal");

        // What the process holds, without a diagnostics tool: the managed heap after the last collection and what
        // the GC has committed for it (the rest of the RSS is the runtime, native code and SQLite).
        meter.CreateObservableGauge("lifeline.process.gc.heap", static () => GC.GetGCMemoryInfo().HeapSizeBytes, unit: "By", description: "Managed heap size after the last garbage collection");
        meter.CreateObservableGauge("lifeline.process.gc.committed", static () => GC.GetGCMemoryInfo().TotalCommittedBytes, unit: "By", description: "Memory the garbage collector has committed");
    }

    public void RecordTransition(Transition transition, string trunk)
    {
        var from = new KeyValuePair<string, object?>("from", HealthNames[(int)transition.From]);
        var to = new KeyValuePair<string, object?>("to", HealthNames[(int)transition.To]);
        var onTrunk = new KeyValuePair<string, object?>("trunk", trunk);
        if (_perTarget)
        {
            _transitions.Add(1, new KeyValuePair<string, object?>("target", transition.TargetId), onTrunk, from, to);
        }
        else
        {
            _transitions.Add(1, onTrunk, from, to);
        }
    }

    public void RecordTickLateness(TimeSpan lateness) => _lateness.Record(lateness.TotalSeconds);

    private List<Measurement<int>> ObserveTrunks()
    {
        var current = _monitor.Board.Current;
        var trunks = _monitor.Catalog.Trunks;
        var result = new List<Measurement<int>>(trunks.Count * AllHealth.Length);
        Span<int> counts = stackalloc int[AllHealth.Length];
        foreach (var trunk in trunks)
        {
            if (!trunk.Watched)
            {
                continue;
            }

            counts.Clear();
            foreach (var gateway in trunk.Gateways)
            {
                if (current.Targets.TryGetPublished(gateway.Id, out var snapshot))
                {
                    counts[(int)snapshot.Health]++;
                }
            }

            var name = new KeyValuePair<string, object?>("trunk", trunk.Name);
            for (var i = 0; i < AllHealth.Length; i++)
            {
                result.Add(new Measurement<int>(counts[i], name, new KeyValuePair<string, object?>("health", HealthNames[i])));
            }
        }

        return result;
    }

    private List<Measurement<int>> ObserveHealth()
    {
        var current = _monitor.Board.Current;
        var result = new List<Measurement<int>>(current.Targets.Count * AllHealth.Length);
        foreach (var target in _monitor.Catalog.Watched)
        {
            if (!current.Targets.TryGetPublished(target.Id, out var snapshot))
            {
                continue;
            }

            for (var i = 0; i < AllHealth.Length; i++)
            {
                result.Add(new Measurement<int>(
                    snapshot.Health == AllHealth[i] ? 1 : 0,
                    new KeyValuePair<string, object?>("target", target.Id),
                    new KeyValuePair<string, object?>("trunk", target.Trunk.Name),
                    new KeyValuePair<string, object?>("health", HealthNames[i])));
            }
        }

        return result;
    }

    private List<Measurement<double>> ObserveShare()
    {
        var result = new List<Measurement<double>>(_monitor.Catalog.Watched.Count);
        foreach (var target in _monitor.Catalog.Watched)
        {
            result.Add(new Measurement<double>(
                _monitor.Board.TrafficShare(target.Id),
                new KeyValuePair<string, object?>("target", target.Id),
                new KeyValuePair<string, object?>("trunk", target.Trunk.Name)));
        }

        return result;
    }

    private List<Measurement<double>> ObserveRtt()
    {
        // Captured fresh: the published snapshot changes only on transitions, the smoothed RTT with every answer.
        var result = new List<Measurement<double>>(_monitor.Catalog.Watched.Count);
        foreach (var snapshot in _monitor.Board.Capture())
        {
            var target = _monitor.Catalog.Find(snapshot.TargetId);
            if (target is not null && snapshot.SmoothedRtt is { } rtt)
            {
                result.Add(new Measurement<double>(
                    rtt.TotalSeconds,
                    new KeyValuePair<string, object?>("target", target.Id),
                    new KeyValuePair<string, object?>("trunk", target.Trunk.Name)));
            }
        }

        return result;
    }

    private int ObserveSelfHealth() => _monitor.Board.SelfHealth.State == SelfHealthState.Suspect ? 1 : 0;

    private Measurement<long>[] ObserveDropped() =>
    [
        new(_monitor.Writer.DroppedProbeMinutes, new KeyValuePair<string, object?>("kind", "probe_minute")),
        new(_monitor.Writer.DroppedCalls, new KeyValuePair<string, object?>("kind", "call")),
    ];
}
