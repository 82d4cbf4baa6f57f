namespace Lifeline.Health;

/// <summary>The built-in detectors, by the names config chooses them with.</summary>
internal static class FailureDetectors
{
    /// <summary>N failures in a row.</summary>
    public const string Consecutive = "consecutive";

    /// <summary>A failure ratio over a sliding window, with a minimum volume.</summary>
    public const string Ratio = "ratio";

    /// <summary>Phi accrual on probe answer intervals.</summary>
    public const string Phi = "phi";

    /// <summary>A fresh detector for one target. Options must have passed <see cref="HealthOptions.Validate"/>.</summary>
    public static IFailureDetector Create(DetectorOptions options) => options.Detector switch
    {
        Consecutive => new ConsecutiveFailuresDetector(options.Consecutive),
        Ratio => new FailureRatioDetector(options.Ratio),
        Phi => new PhiAccrualDetector(options.Phi),
        _ => throw new ArgumentException("unknown detector '" + options.Detector + "'", nameof(options)),
    };
}
