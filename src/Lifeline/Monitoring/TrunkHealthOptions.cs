using Lifeline.Config;
using Lifeline.Health;

namespace Lifeline.Monitoring;

/// <summary>
/// The one place where configuration becomes health rules: a trunk's <c>probing:</c> and <c>health:</c>
/// (already merged with the top-level defaults) and the top-level <c>self_health:</c> become the
/// <see cref="HealthOptions"/> its gateways follow. <c>lifeline check</c> computes its numbers from these options,
/// and the health board runs on them, so what is printed is what runs.
/// </summary>
internal static class TrunkHealthOptions
{
    /// <summary>The rules of one trunk's gateways.</summary>
    public static HealthOptions For(TrunkConfig trunk, SelfHealthConfig selfHealth) => Map(trunk.EffectiveHealth, trunk.EffectiveProbing, selfHealth);

    /// <summary>The board's own rules: the top-level sections (self-health is board-wide).</summary>
    public static HealthOptions Defaults(LifelineConfig config) => Map(config.Health, config.Probing, config.SelfHealth);

    /// <summary>
    /// The longest a probe waits for its answer under these settings: a fixed timeout, or the adaptive timeout's cap
    /// (a slow gateway's timeout grows up to it). Worst-case detection is computed with this.
    /// </summary>
    public static TimeSpan WorstCaseProbeTimeout(ProbingConfig probing) => probing.Timeout.IsAuto ? probing.TimeoutCap : probing.Timeout.Fixed;

    /// <summary>
    /// The shares of new calls while Recovering: the configured percentages below 100 (100 is Up). Each step lasts
    /// <c>ramp_step</c>, so Recovering lasts at least <c>ramp_step × steps</c>, and at least <c>stable_time</c>.
    /// </summary>
    public static HealthOptions Map(HealthConfig health, ProbingConfig probing, SelfHealthConfig selfHealth)
    {
        var ramp = new List<double>(health.Ramp.Count);
        foreach (var percent in health.Ramp)
        {
            if (percent < 100)
            {
                ramp.Add(percent / 100.0);
            }
        }

        var rampTime = health.RampStep * ramp.Count;
        var timeout = probing.Timeout.IsAuto
            ? new ProbeTimeoutOptions
            {
                Floor = probing.TimeoutFloor,
                Cap = probing.TimeoutCap,
                Initial = Clamp(new ProbeTimeoutOptions().Initial, probing.TimeoutFloor, probing.TimeoutCap),
            }
            : new ProbeTimeoutOptions { Floor = probing.Timeout.Fixed, Cap = probing.Timeout.Fixed, Initial = probing.Timeout.Fixed };

        var calls = health.CallFailures;
        return new HealthOptions
        {
            Probes = ProbeDetector(health, probing),
            Calls = new DetectorOptions
            {
                Detector = FailureDetectors.Ratio,
                Ratio = new FailureRatioOptions
                {
                    Window = calls.Window,
                    FailureRatio = calls.Threshold,
                    MinimumVolume = calls.MinCalls,
                    MaxSamples = Math.Max(new FailureRatioOptions().MaxSamples, calls.MinCalls),
                },
            },
            CallDownAfter = calls.Enabled ? calls.DownAfter : 0,
            Intervals = new ProbeIntervalOptions
            {
                Up = probing.Interval,
                Suspect = probing.FastInterval,
                Down = probing.FastInterval,
                Recovering = probing.FastInterval,
            },
            Timeout = timeout,
            Recovery = new RecoveryOptions
            {
                Successes = health.RecoverAfter,
                StableTime = health.StableTime > rampTime ? health.StableTime : rampTime,
                RampSteps = [.. ramp],
            },
            Damping = new FlapDampingOptions
            {
                Enabled = health.Damping.Enabled,
                Penalty = health.Damping.Penalty,
                HalfLife = health.Damping.HalfLife,
                SuppressLevel = health.Damping.Suppress,
                ReuseLevel = health.Damping.Reuse,
                MaxSuppressTime = health.Damping.MaxSuppress,
            },
            SelfHealth = new SelfHealthOptions
            {
                FailedShare = selfHealth.AllFailedShare,

                // With one target the rule cannot tell a local fault from a carrier's; two is the least it judges.
                MinimumTargets = Math.Max(2, selfHealth.MinTargets),
                CorrelationWindow = selfHealth.Window,
                LateTimerThreshold = selfHealth.TimerLateness,
            },
        };
    }

    private static DetectorOptions ProbeDetector(HealthConfig health, ProbingConfig probing) => health.Detector switch
    {
        DetectorKind.Ratio => new DetectorOptions
        {
            Detector = FailureDetectors.Ratio,
            Ratio = new FailureRatioOptions
            {
                Window = health.Ratio.Window,
                FailureRatio = health.Ratio.Threshold,
                MinimumVolume = health.Ratio.MinVolume,
                MaxSamples = Math.Max(new FailureRatioOptions().MaxSamples, health.Ratio.MinVolume),
            },
        },
        DetectorKind.Phi => new DetectorOptions
        {
            Detector = FailureDetectors.Phi,
            Phi = new PhiAccrualOptions
            {
                Threshold = health.Phi.Threshold,
                MaxSampleSize = health.Phi.MaxSamples,
                MinStdDeviation = health.Phi.MinStdDev,
                AcceptableHeartbeatPause = health.Phi.AcceptablePause,
                FirstHeartbeatEstimate = probing.Interval,
            },
        },
        _ => new DetectorOptions
        {
            Detector = FailureDetectors.Consecutive,
            Consecutive = new ConsecutiveFailuresOptions { Failures = health.DownAfter },
        },
    };

    private static TimeSpan Clamp(TimeSpan value, TimeSpan floor, TimeSpan cap) => value < floor ? floor : value > cap ? cap : value;
}
