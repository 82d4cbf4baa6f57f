namespace Lifeline.Health;

/// <summary>
/// A change of a target's published health, with its reason as an operator's sentence and the evidence behind
/// it: the unit of the journal and of events.
/// </summary>
/// <param name="TargetId">The target.</param>
/// <param name="From">Health before.</param>
/// <param name="To">Health after.</param>
/// <param name="At">When it changed.</param>
/// <param name="Reason">Why, e.g. "8 probes in a row timed out (last 200 ms)".</param>
/// <param name="Evidence">Last signals, smoothed RTT, flap penalty, deciding detector.</param>
internal sealed record Transition(string TargetId, TargetHealth From, TargetHealth To, DateTimeOffset At, string Reason, TransitionEvidence Evidence)
{
    /// <summary>
    /// Up ↔ Suspect: the target stays in service and only its probing speeds up or slows down. On a lossy link these
    /// are frequent; journal and event consumers may keep them at a lower level than the others.
    /// </summary>
    public bool IsSuspicionOnly => (From, To) is (TargetHealth.Up, TargetHealth.Suspect) or (TargetHealth.Suspect, TargetHealth.Up);
}
