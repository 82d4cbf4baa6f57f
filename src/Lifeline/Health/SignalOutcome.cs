namespace Lifeline.Health;

/// <summary>What a signal says about its target.</summary>
internal enum SignalOutcome : byte
{
    /// <summary>The target answered: a probe response, an answered call, a registration accepted, a process check passed.</summary>
    Success,

    /// <summary>
    /// A call ended with a callee result (486, 404, 480, 487, 603 …): never the carrier's fault, and proof that
    /// the carrier processed the call, so it counts as a success for the target.
    /// </summary>
    CalleeResult,

    /// <summary>No answer in time (probe timeout, call with no response, registration with no response).</summary>
    Timeout,

    /// <summary>The transport failed (ICMP unreachable, connection refused or reset, DNS failure).</summary>
    TransportError,

    /// <summary>The target answered with a failure: a carrier failure code (503, 500 …), a rejected registration, a failed process check.</summary>
    Failed,
}
