namespace Lifeline.Health;

/// <summary>What the <see cref="HealthRules"/> decide for one target at one moment.</summary>
/// <param name="Changes">Whether the computed health changes.</param>
/// <param name="To">The new computed health.</param>
/// <param name="Reason">Why, as an operator's sentence.</param>
/// <param name="Detector">What decided (a detector name, or <c>recovery</c>).</param>
/// <param name="Cause">For Down: which signals decided.</param>
/// <param name="HeldByCallOutcomes">A success would have started Recovering, but a Down decided by calls is still held.</param>
internal readonly record struct HealthDecision(bool Changes, TargetHealth To, string Reason, string Detector, DownCause Cause = DownCause.None, bool HeldByCallOutcomes = false)
{
    /// <summary>No change.</summary>
    public static HealthDecision Stay => default;

    /// <summary>No change, because of the call hold.</summary>
    public static HealthDecision HeldByCalls => new(false, default, string.Empty, string.Empty, DownCause.None, true);

    /// <summary>A change to <paramref name="to"/>.</summary>
    public static HealthDecision Move(TargetHealth to, string reason, string detector, DownCause cause = DownCause.None) => new(true, to, reason, detector, cause);
}
