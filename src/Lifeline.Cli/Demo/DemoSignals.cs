using Lifeline.Health;
using Lifeline.Monitoring;
using Lifeline.Probing;

namespace Lifeline.Cli.Demo;

/// <summary>
/// Where the demo's signals go — the prober's probe results and the proxy's call outcomes — as the daemon's
/// <see cref="HealthMonitor"/> takes them: straight into the board, under the trunk's <c>call_failures</c> rules,
/// every transition logged. A transition a call caused also reaches the prober, so the gateway is probed at its
/// new pace at once (a probe's own result reschedules its gateway already).
/// </summary>
internal sealed class DemoSignals(HealthBoard board, TargetCatalog catalog, DemoTransitionLog log) : ISignalSink
{
    private ProbingService? _probing;

    /// <summary>The prober to tell about health changes (it is created after this sink, which it reports to).</summary>
    public void Attach(ProbingService probing) => _probing = probing;

    public bool Report(string targetId, in Signal signal)
    {
        if (!catalog.Takes(targetId, signal, out var counts))
        {
            return false;
        }

        if (!counts)
        {
            return true;
        }

        var transitions = board.Apply(targetId, signal);
        log.Add(transitions);
        if (transitions.Count > 0 && signal.Kind == SignalKind.Call && _probing is { } probing)
        {
            foreach (var transition in transitions)
            {
                probing.HealthChanged(transition.TargetId);
            }
        }

        return true;
    }
}
