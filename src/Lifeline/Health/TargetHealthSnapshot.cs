namespace Lifeline.Health;

/// <summary>
/// An immutable picture of one target's health: what the hot path reads (health, traffic share) and what the
/// journal persists and restores after a restart. Plain values only, so it serializes as is.
/// </summary>
internal sealed record TargetHealthSnapshot
{
    /// <summary>The target.</summary>
    public required string TargetId { get; init; }

    /// <summary>Published health (operator state, damping and computed health combined).</summary>
    public TargetHealth Health { get; init; }

    /// <summary>Since when <see cref="Health"/> holds.</summary>
    public DateTimeOffset Since { get; init; }

    /// <summary>Health computed from signals alone (Up, Suspect, Down, Recovering).</summary>
    public TargetHealth Computed { get; init; }

    /// <summary>Since when <see cref="Computed"/> holds (for Recovering: when the proof and the ramp began).</summary>
    public DateTimeOffset ComputedSince { get; init; }

    /// <summary>Operator override.</summary>
    public OperatorHold Operator { get; init; }

    /// <summary>Flap penalty at <see cref="PenaltyAt"/>.</summary>
    public double Penalty { get; init; }

    /// <summary>When <see cref="Penalty"/> was computed; it decays from there.</summary>
    public DateTimeOffset PenaltyAt { get; init; }

    /// <summary>Suppressed for flapping: out of service (Down, "damped") until the penalty decays below the reuse level.</summary>
    public bool Damped { get; init; }

    /// <summary>When a damped target will be reused if it flaps no more.</summary>
    public DateTimeOffset? SuppressedUntil { get; init; }

    /// <summary>Until when successful probes are ignored after a Down decided by call outcomes.</summary>
    public DateTimeOffset? CallHoldUntil { get; init; }

    /// <summary>Smoothed probe RTT.</summary>
    public TimeSpan? SmoothedRtt { get; init; }

    /// <summary>Running counts.</summary>
    public HealthCounters Counters { get; init; } = new();

    /// <summary>
    /// The share of new calls this target should get at <paramref name="now"/>: 1 when Up or Suspect, the ramp
    /// step when Recovering, 0 when Down, Drained or Disabled.
    /// </summary>
    public double TrafficShare(DateTimeOffset now, RecoveryOptions recovery) => Health switch
    {
        TargetHealth.Up or TargetHealth.Suspect => 1.0,
        TargetHealth.Recovering => recovery.ShareAfter(now - ComputedSince),
        _ => 0.0,
    };
}
