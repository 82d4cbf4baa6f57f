using Lifeline.Config;
using Lifeline.Health;
using Lifeline.Monitoring;

namespace Lifeline.Cli.Checking;

/// <summary>
/// What a trunk's settings mean in time, computed with <see cref="HealthMath"/> from the same
/// <see cref="HealthOptions"/> the board runs on (<see cref="TrunkHealthOptions"/>).
/// </summary>
/// <param name="ProbeTimeout">The longest a probe waits: the fixed timeout, or the adaptive timeout's cap.</param>
/// <param name="WorstCaseDetection">Longest time from a gateway's last answer to Down when it goes silent; null when the detector never decides on silence.</param>
/// <param name="MissesToDown">Misses in a row that decide Down; null as above.</param>
/// <param name="ShortestFailBack">Shortest time from a Down gateway's first answer to Up.</param>
/// <param name="FalseDownsPerDay">Expected false Downs a day per gateway at 10% random probe loss (NaN for the ratio detector).</param>
internal sealed record TrunkTiming(
    TimeSpan ProbeTimeout,
    TimeSpan? WorstCaseDetection,
    int? MissesToDown,
    TimeSpan ShortestFailBack,
    double FalseDownsPerDay)
{
    /// <summary>The probe loss <see cref="FalseDownsPerDay"/> assumes.</summary>
    public const double AssumedLoss = 0.10;

    public static TrunkTiming For(TrunkConfig trunk, HealthOptions options)
    {
        var timeout = TrunkHealthOptions.WorstCaseProbeTimeout(trunk.EffectiveProbing);
        return new TrunkTiming(
            timeout,
            HealthMath.WorstCaseDetection(options, timeout),
            HealthMath.MissesToDown(options, timeout),
            HealthMath.ShortestFailBack(options),
            HealthMath.ExpectedFalseDownsPerDay(options, AssumedLoss, timeout));
    }
}
