using System.Globalization;

namespace Lifeline.Health;

/// <summary>
/// Every rule of trunk health an operator can change (YAML <c>health:</c>). The defaults are chosen so a silent
/// gateway is Down within 5.7 s while 10% random probe loss produces no false Down; docs/health.md shows the math.
/// </summary>
internal sealed record HealthOptions
{
    /// <summary>Detector for probes, registrations and process checks. Default <c>consecutive</c> with 8 misses.</summary>
    public DetectorOptions Probes { get; init; } = new();

    /// <summary>
    /// Detector for call outcomes. Default <c>ratio</c>: at least 5 calls in 30 s, half of them failed. Call outcomes
    /// outrank probes: a Down decided by calls is held against successful probes for <see cref="RecoveryOptions.CallHoldTime"/>.
    /// </summary>
    public DetectorOptions Calls { get; init; } = new() { Detector = FailureDetectors.Ratio };

    /// <summary>
    /// Carrier-failed calls in a row that take a Suspect target Down at once, whatever the ratio says (YAML
    /// <c>health.call_failures.down_after</c>); 0 = only the ratio decides. Under heavy traffic the ratio window is
    /// full of earlier answered calls, so without this rule a silent trunk would fail many calls before going Down.
    /// </summary>
    public int CallDownAfter { get; init; } = 5;

    /// <summary>Probe interval per health state.</summary>
    public ProbeIntervalOptions Intervals { get; init; } = new();

    /// <summary>The adaptive probe timeout.</summary>
    public ProbeTimeoutOptions Timeout { get; init; } = new();

    /// <summary>Fail-back: successes, stable time, ramp, relapse, call hold.</summary>
    public RecoveryOptions Recovery { get; init; } = new();

    /// <summary>Flap damping.</summary>
    public FlapDampingOptions Damping { get; init; } = new();

    /// <summary>The self-health gate.</summary>
    public SelfHealthOptions SelfHealth { get; init; } = new();

    /// <summary>The desired probe interval for a computed health (see <see cref="ProbeIntervalOptions.For"/>).</summary>
    public TimeSpan ProbeIntervalFor(TargetHealth health) => Intervals.For(health);

    /// <summary>Problems with these options, as sentences for <c>lifeline check</c>; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        CheckDetector(errors, "health.probes", Probes, allowPhi: true);
        CheckDetector(errors, "health.calls", Calls, allowPhi: false);
        Positive(errors, "health.intervals.up", Intervals.Up);
        Positive(errors, "health.intervals.suspect", Intervals.Suspect);
        Positive(errors, "health.intervals.down", Intervals.Down);
        Positive(errors, "health.intervals.recovering", Intervals.Recovering);
        Positive(errors, "health.timeout.floor", Timeout.Floor);
        Positive(errors, "health.timeout.initial", Timeout.Initial);
        if (Timeout.Cap < Timeout.Floor)
        {
            errors.Add("health.timeout.cap must not be below health.timeout.floor");
        }

        if (!(Timeout.Multiplier >= 1))
        {
            errors.Add("health.timeout.multiplier must be at least 1");
        }

        if (Recovery.Successes < 1)
        {
            errors.Add("health.recovery.successes must be at least 1");
        }

        if (Recovery.RelapseAfter < 1)
        {
            errors.Add("health.recovery.relapseAfter must be at least 1");
        }

        NotNegative(errors, "health.recovery.stableTime", Recovery.StableTime);
        NotNegative(errors, "health.recovery.callHoldTime", Recovery.CallHoldTime);
        var previous = 0.0;
        foreach (var step in Recovery.RampSteps)
        {
            if (!(step > 0 && step <= 1) || step < previous)
            {
                errors.Add("health.recovery.rampSteps must rise, each above 0 and at most 1");
                break;
            }

            previous = step;
        }

        if (Damping.Enabled)
        {
            Positive(errors, "health.damping.halfLife", Damping.HalfLife);
            Positive(errors, "health.damping.maxSuppressTime", Damping.MaxSuppressTime);
            if (!(Damping.Penalty > 0))
            {
                errors.Add("health.damping.penalty must be above 0");
            }

            if (!(Damping.ReuseLevel > 0 && Damping.ReuseLevel < Damping.SuppressLevel))
            {
                errors.Add("health.damping.reuseLevel must be above 0 and below health.damping.suppressLevel");
            }
        }

        if (SelfHealth.Enabled)
        {
            if (!(SelfHealth.FailedShare > 0 && SelfHealth.FailedShare <= 1))
            {
                errors.Add("health.selfHealth.failedShare must be above 0 and at most 1");
            }

            if (SelfHealth.MinimumTargets < 2)
            {
                errors.Add("health.selfHealth.minimumTargets must be at least 2");
            }

            NotNegative(errors, "health.selfHealth.correlationWindow", SelfHealth.CorrelationWindow);
            NotNegative(errors, "health.selfHealth.maxHold", SelfHealth.MaxHold);
        }

        return errors;
    }

    private static void CheckDetector(List<string> errors, string key, DetectorOptions options, bool allowPhi)
    {
        switch (options.Detector)
        {
            case FailureDetectors.Consecutive:
                if (options.Consecutive.Failures < 1)
                {
                    errors.Add(key + ".consecutive.failures must be at least 1");
                }

                break;
            case FailureDetectors.Ratio:
                var r = options.Ratio;
                Positive(errors, key + ".ratio.window", r.Window);
                if (r.MinimumVolume < 1)
                {
                    errors.Add(key + ".ratio.minimumVolume must be at least 1");
                }

                if (!(r.FailureRatio > 0 && r.FailureRatio <= 1))
                {
                    errors.Add(key + ".ratio.failureRatio must be above 0 and at most 1");
                }

                if (r.MaxSamples < r.MinimumVolume)
                {
                    errors.Add(key + ".ratio.maxSamples must be at least minimumVolume");
                }

                break;
            case FailureDetectors.Phi when allowPhi:
                var p = options.Phi;
                if (!(p.Threshold > 0))
                {
                    errors.Add(key + ".phi.threshold must be above 0");
                }

                if (p.MaxSampleSize < 2)
                {
                    errors.Add(key + ".phi.maxSampleSize must be at least 2");
                }

                Positive(errors, key + ".phi.minStdDeviation", p.MinStdDeviation);
                NotNegative(errors, key + ".phi.acceptableHeartbeatPause", p.AcceptableHeartbeatPause);
                Positive(errors, key + ".phi.firstHeartbeatEstimate", p.FirstHeartbeatEstimate);
                break;
            case FailureDetectors.Phi:
                errors.Add(key + ".detector: phi needs regular heartbeats; use it for probes, and consecutive or ratio for calls");
                break;
            default:
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key}.detector: unknown detector '{options.Detector}' (known: consecutive, ratio, phi)"));
                break;
        }
    }

    private static void Positive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add(key + " must be above zero");
        }
    }

    private static void NotNegative(List<string> errors, string key, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            errors.Add(key + " must not be negative");
        }
    }
}
