namespace Lifeline.Health;

/// <summary>
/// How often a target should be probed in each health state. The prober starts the next probe at
/// <c>max(previous start + interval for the current health, previous completion)</c>, so probes never overlap.
/// </summary>
internal sealed record ProbeIntervalOptions
{
    /// <summary>Interval while Up (and Drained, when the computed health is Up). Default 2 s: it bounds the worst-case detection time.</summary>
    public TimeSpan Up { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Interval while Suspect. Default 0.5 s: after a first miss, the remaining misses come fast.</summary>
    public TimeSpan Suspect { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Interval while Down. Default 1 s: notice a comeback quickly without hammering a dead carrier.</summary>
    public TimeSpan Down { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Interval while Recovering. Default 1 s: about ten answers over the default 10 s stable time.</summary>
    public TimeSpan Recovering { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The interval for a computed health. Operator states are resolved by the caller: Drained targets are
    /// probed at their computed health's interval, Disabled targets not at all (<see cref="Timeout.InfiniteTimeSpan"/>).
    /// </summary>
    public TimeSpan For(TargetHealth health) => health switch
    {
        TargetHealth.Up or TargetHealth.Drained => Up,
        TargetHealth.Suspect => Suspect,
        TargetHealth.Down => Down,
        TargetHealth.Recovering => Recovering,
        _ => Timeout.InfiniteTimeSpan,
    };
}
