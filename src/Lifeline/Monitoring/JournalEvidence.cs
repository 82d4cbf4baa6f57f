using Lifeline.Health;

namespace Lifeline.Monitoring;

/// <summary>A transition's evidence as written to the journal's <c>evidence_json</c> and shown by <c>/api/events</c>.</summary>
internal sealed record JournalEvidence(string Detector, double? SmoothedRttMs, double FlapPenalty, IReadOnlyList<JournalSignal> LastSignals)
{
    public static JournalEvidence From(TransitionEvidence evidence)
    {
        var signals = new JournalSignal[evidence.LastSignals.Count];
        for (var i = 0; i < signals.Length; i++)
        {
            signals[i] = JournalSignal.From(evidence.LastSignals[i]);
        }

        return new JournalEvidence(
            evidence.Detector,
            evidence.SmoothedRtt is { } rtt ? Math.Round(rtt.TotalMilliseconds, 3) : null,
            evidence.FlapPenalty,
            signals);
    }
}
