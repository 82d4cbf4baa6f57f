namespace Lifeline.Health;

/// <summary>What a transition was decided on, kept with it in the journal.</summary>
/// <param name="LastSignals">The target's most recent signals, oldest first (at most 8).</param>
/// <param name="SmoothedRtt">Smoothed probe RTT at the time, when any probe was answered.</param>
/// <param name="FlapPenalty">Flap penalty at the time, after this transition's own penalty.</param>
/// <param name="Detector">What decided: a detector name (<c>consecutive</c>, <c>ratio</c>, <c>phi</c>), or <c>recovery</c>, <c>damping</c>, <c>operator</c>.</param>
internal sealed record TransitionEvidence(IReadOnlyList<Signal> LastSignals, TimeSpan? SmoothedRtt, double FlapPenalty, string Detector);
