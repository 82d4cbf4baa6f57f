namespace Lifeline.Config;

/// <summary>
/// <c>health:</c> — how signals become health. The top-level section holds the defaults; a trunk's own
/// <c>health:</c> overrides any key, nested ones included (see <see cref="TrunkConfig.EffectiveHealth"/>).
/// </summary>
internal sealed record HealthConfig
{
    public static HealthConfig Default { get; } = new();

    public DetectorKind Detector { get; init; } = DetectorKind.Consecutive;

    /// <summary>Consecutive misses from Suspect to Down (consecutive detector).</summary>
    public int DownAfter { get; init; } = 8;

    public RatioConfig Ratio { get; init; } = RatioConfig.Default;

    public PhiConfig Phi { get; init; } = PhiConfig.Default;

    /// <summary>Consecutive successes from Down to Recovering and from Recovering to Up.</summary>
    public int RecoverAfter { get; init; } = 3;

    /// <summary>Minimum time without a failure before Recovering becomes Up.</summary>
    public TimeSpan StableTime { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Traffic shares (percent) in order during Recovering; the last is always 100. Empty = all at once.</summary>
    public IReadOnlyList<int> Ramp { get; init; } = [10, 25, 50, 100];

    /// <summary>Time spent at each ramp step.</summary>
    public TimeSpan RampStep { get; init; } = TimeSpan.FromSeconds(3);

    public DampingConfig Damping { get; init; } = DampingConfig.Default;

    public CallFailuresConfig CallFailures { get; init; } = CallFailuresConfig.Default;
}
