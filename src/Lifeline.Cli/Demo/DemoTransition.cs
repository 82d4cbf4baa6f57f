using Lifeline.Health;

namespace Lifeline.Cli.Demo;

/// <summary>A published transition as the demo shows it: when (since the start), which gateway, from → to, why.</summary>
/// <param name="At">Time since the demo started.</param>
/// <param name="Gateway">The gateway's name.</param>
/// <param name="From">Health before.</param>
/// <param name="To">Health after.</param>
/// <param name="Reason">The board's reason, as the journal would keep it.</param>
/// <param name="Penalty">Flap penalty after the transition.</param>
/// <param name="ProbeTimeout">The timeout of the probe whose miss decided it, when a miss did.</param>
internal sealed record DemoTransition(TimeSpan At, string Gateway, TargetHealth From, TargetHealth To, string Reason, double Penalty, TimeSpan? ProbeTimeout)
{
    public static DemoTransition Of(Transition transition, DemoTimeline timeline, string gateway)
    {
        var signals = transition.Evidence.LastSignals;
        TimeSpan? timeout = signals.Count > 0 && signals[^1] is { Kind: SignalKind.Probe, Outcome: SignalOutcome.Timeout } last ? last.Rtt : null;
        return new DemoTransition(
            timeline.Offset(transition.At),
            gateway,
            transition.From,
            transition.To,
            transition.Reason,
            transition.Evidence.FlapPenalty,
            timeout);
    }
}
