namespace Lifeline.Health;

/// <summary>
/// Self-health before blame (Orleans' LocalSiloHealthMonitor idea): when nearly every target fails at the same
/// moment, or the process's own timers run late, Lifeline suspects itself and holds targets from going Down.
/// </summary>
internal sealed record SelfHealthOptions
{
    /// <summary>Whether the gate applies. Default on.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Share of watched targets (0–1) that must start failing together. Default 0.8.</summary>
    public double FailedShare { get; init; } = 0.8;

    /// <summary>Fewest targets failing together for the gate to judge at all (with one or two it cannot tell). Default 3.</summary>
    public int MinimumTargets { get; init; } = 3;

    /// <summary>
    /// How close together the failures must begin. Default 5 s: longer than the Up probe interval plus a probe
    /// timeout, so a local outage's first misses, spread over one probe round, all fall inside it.
    /// </summary>
    public TimeSpan CorrelationWindow { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Timer lateness (reported by the scheduler) from which Lifeline suspects itself. Default 1 s.</summary>
    public TimeSpan LateTimerThreshold { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a late-timer report keeps Lifeline suspecting itself: probes in flight during the stall were judged unfairly. Default 10 s.</summary>
    public TimeSpan LateTimerHold { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Longest one episode of self-suspicion holds targets; after that Lifeline believes its detectors again
    /// (several carriers can share a failed upstream). Default 60 s.
    /// </summary>
    public TimeSpan MaxHold { get; init; } = TimeSpan.FromSeconds(60);
}
