using Lifeline.Health;

namespace Lifeline.Monitoring;

/// <summary>A signal as written in a transition's evidence in the journal.</summary>
internal sealed record JournalSignal(DateTimeOffset At, string Kind, string Outcome, double? RttMs, int? Code, string Text)
{
    public static JournalSignal From(in Signal signal) => new(
        signal.At,
        signal.Kind.ToString(),
        signal.Outcome.ToString(),
        signal.Rtt > TimeSpan.Zero ? Math.Round(signal.Rtt.TotalMilliseconds, 3) : null,
        signal.Code == 0 ? null : signal.Code,
        signal.Describe());
}
