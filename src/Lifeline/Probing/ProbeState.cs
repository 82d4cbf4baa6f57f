namespace Lifeline.Probing;

/// <summary>Where a target is in its probe cycle. Only the scheduler changes it, under its lock.</summary>
internal enum ProbeState : byte
{
    /// <summary>Waiting for its next probe to be due.</summary>
    Waiting,

    /// <summary>A probe is out (or its gateway is being looked up); no other probe may start.</summary>
    InFlight,

    /// <summary>Its probe ended; the signal is being reported and the next probe is about to be scheduled.</summary>
    Completing,

    /// <summary>Removed from probing; late answers are ignored.</summary>
    Removed,
}
