namespace Lifeline.Health;

/// <summary>
/// The immutable picture of every target's health that the proxy reads without a lock. The
/// <see cref="HealthBoard"/> builds a new one on each change and swaps it in atomically; a reader keeps the one it
/// took for the whole routing decision.
/// </summary>
/// <param name="Targets">Per target; a target missing here is unknown to the board.</param>
/// <param name="SelfHealth">Lifeline's judgement of itself.</param>
/// <param name="Recovery">The ramp the traffic shares follow.</param>
/// <param name="Version">Increases with every publish.</param>
/// <param name="At">When it was published.</param>
/// <param name="TargetRecovery">The ramp of targets that follow their own rules (their trunk's); null when none do.</param>
internal sealed record HealthBoardSnapshot(
    TargetTable Targets,
    SelfHealthReport SelfHealth,
    RecoveryOptions Recovery,
    long Version,
    DateTimeOffset At,
    IReadOnlyDictionary<string, RecoveryOptions>? TargetRecovery = null)
{
    /// <summary>The ramp a target's traffic share follows.</summary>
    public RecoveryOptions RecoveryFor(string targetId) =>
        TargetRecovery is not null && TargetRecovery.TryGetValue(targetId, out var own) ? own : Recovery;

    /// <summary>Published health of a target; null when unknown.</summary>
    public TargetHealth? HealthOf(string targetId) => Targets.TryGetPublished(targetId, out var t) ? t.Health : null;

    /// <summary>Published health of the target in a slot (<see cref="HealthBoard.SlotOf"/>); null when none.</summary>
    public TargetHealth? HealthAt(int slot) => Targets.TryGetPublished(slot, out var t) ? t.Health : null;

    /// <summary>Share of new calls for a target at <paramref name="now"/>; 0 when unknown.</summary>
    public double TrafficShare(string targetId, DateTimeOffset now) =>
        Targets.TryGetPublished(targetId, out var t) ? t.TrafficShare(now, RecoveryFor(targetId)) : 0.0;
}
