namespace Lifeline.Health;

/// <summary>Options of the <c>ratio</c> detector: failed when a share of recent signals failed, given enough of them.</summary>
internal sealed record FailureRatioOptions
{
    /// <summary>Sliding window over which signals are counted. Default 30 s.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Signals needed in the window before the ratio is judged at all. Default 5: one bad call is never a verdict,
    /// a string of failures is.
    /// </summary>
    public int MinimumVolume { get; init; } = 5;

    /// <summary>Share of failures in the window (0–1) that marks the target failed. Default 0.5 (e.g. 3 of 5 calls).</summary>
    public double FailureRatio { get; init; } = 0.5;

    /// <summary>Most recent signals kept, bounding memory under heavy traffic. Default 256.</summary>
    public int MaxSamples { get; init; } = 256;
}
