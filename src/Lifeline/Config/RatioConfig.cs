namespace Lifeline.Config;

/// <summary><c>health.ratio:</c> — the failure-ratio detector.</summary>
internal sealed record RatioConfig
{
    public static RatioConfig Default { get; } = new();

    /// <summary>Sliding window over which signals are counted.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Failure share (0..1] at or above which the target goes Down.</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Fewer signals than this in the window never decide: one bad call is not a trend.</summary>
    public int MinVolume { get; init; } = 10;
}
