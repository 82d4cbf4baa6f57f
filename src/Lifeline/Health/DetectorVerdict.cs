namespace Lifeline.Health;

/// <summary>What a failure detector concludes from the signals it has seen.</summary>
internal enum DetectorVerdict
{
    /// <summary>Nothing wrong: the latest signal was a success (or there were none).</summary>
    Healthy,

    /// <summary>The latest signal was a failure, but not enough evidence to call the target failed.</summary>
    Suspect,

    /// <summary>Enough evidence: the target failed.</summary>
    Failed,
}
