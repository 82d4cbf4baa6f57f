using Lifeline.Health;

namespace Lifeline.Monitoring;

/// <summary>
/// Where producers of signals (probers, the proxy's call outcomes, registrations, process checks) hand them in.
/// Reporting never blocks on I/O: the health decision is taken at once and its consequences (journal, logs,
/// metrics) follow in the background.
/// </summary>
internal interface ISignalSink
{
    /// <summary>Reports one signal about a target; false when the target is not watched (unknown, or its trunk is disabled).</summary>
    bool Report(string targetId, in Signal signal);

    /// <summary>
    /// <see cref="Report(string, in Signal)"/> from a producer that knows the target's slot on the sink's health board
    /// (the prober, once per probe): a sink on that board may skip looking the id up. -1 when unknown.
    /// </summary>
    bool Report(string targetId, int slot, in Signal signal) => Report(targetId, signal);
}
