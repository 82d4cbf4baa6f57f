namespace Lifeline.Routing;

/// <summary>How a final response (or its absence) from a carrier is judged.</summary>
internal enum OutcomeClass : byte
{
    /// <summary>2xx: the call is up.</summary>
    Answered,

    /// <summary>The callee's answer (486, 600, 603, 404, 480, 487 …): passed back to the dialer, never the carrier's fault.</summary>
    CalleeResult,

    /// <summary>The carrier failed (a failover code, no response in time, a transport error): try the next trunk.</summary>
    CarrierFailure,
}
