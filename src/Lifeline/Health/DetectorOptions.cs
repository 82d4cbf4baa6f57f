namespace Lifeline.Health;

/// <summary>
/// A detector chosen by name, with the options of each built-in. Only the options of the chosen one are used;
/// the others keep their defaults so switching names in config needs no other change.
/// </summary>
internal sealed record DetectorOptions
{
    /// <summary>The detector: <c>consecutive</c>, <c>ratio</c> or <c>phi</c> (phi only for probes: it needs heartbeats).</summary>
    public string Detector { get; init; } = FailureDetectors.Consecutive;

    /// <summary>Options of <c>consecutive</c>.</summary>
    public ConsecutiveFailuresOptions Consecutive { get; init; } = new();

    /// <summary>Options of <c>ratio</c>.</summary>
    public FailureRatioOptions Ratio { get; init; } = new();

    /// <summary>Options of <c>phi</c>.</summary>
    public PhiAccrualOptions Phi { get; init; } = new();
}
