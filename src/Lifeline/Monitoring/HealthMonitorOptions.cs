namespace Lifeline.Monitoring;

/// <summary>How often the <see cref="HealthMonitor"/> does its periodic work.</summary>
internal sealed record HealthMonitorOptions
{
    /// <summary>How often the board re-evaluates time-based rules and timer lateness is measured. Default 1 s.</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a one-line summary of every target's health is logged. Default 5 min.</summary>
    public TimeSpan SummaryInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often every target's state (counters, decaying flap penalty) is saved to the journal when anything on the
    /// board changed. The save is spread over the interval, a slice every tick (100,000 states at once would hold up
    /// the journal for seconds). States are also saved on every transition and at shutdown. Default 1 min.
    /// </summary>
    public TimeSpan SnapshotInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Up to this many watched gateways, <c>/metrics</c> has per-gateway series (health, traffic share, smoothed RTT,
    /// transitions by target). Beyond it only per-trunk ones: 100,000 gateways would be 800,000 series a scrape.
    /// The count of gateways per health per trunk (<c>lifeline_trunk_gateways</c>) is there at any size. Default 1,000.
    /// </summary>
    public int PerTargetMetricsLimit { get; init; } = 1000;
}
