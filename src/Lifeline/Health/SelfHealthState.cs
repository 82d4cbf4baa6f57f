namespace Lifeline.Health;

/// <summary>Whether Lifeline trusts its own view of the network.</summary>
internal enum SelfHealthState
{
    /// <summary>Nothing suggests a local problem.</summary>
    Healthy,

    /// <summary>Lifeline suspects itself (correlated failures, late timers) and holds targets from going Down.</summary>
    Suspect,
}
