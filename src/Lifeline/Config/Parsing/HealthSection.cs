namespace Lifeline.Config.Parsing;

/// <summary>Reads <c>health:</c>, at the top level (defaults) or in a trunk (overrides, nested sections merged key by key).</summary>
internal static class HealthSection
{
    public static readonly string[] Keys =
        ["detector", "down_after", "ratio", "phi", "recover_after", "stable_time", "ramp", "ramp_step", "damping", "call_failures"];

    private static readonly string[] RatioKeys = ["window", "threshold", "min_volume"];
    private static readonly string[] PhiKeys = ["threshold", "max_samples", "min_std_dev", "acceptable_pause"];
    private static readonly string[] DampingKeys = ["enabled", "penalty", "half_life", "suppress", "reuse", "max_suppress"];
    private static readonly string[] CallFailureKeys = ["enabled", "down_after", "window", "threshold", "min_calls", "successes_count"];

    public static HealthConfig Parse(MappingReader m, HealthConfig basis, bool global)
    {
        var ratio = m.Mapping("ratio", RatioKeys);
        var phi = m.Mapping("phi", PhiKeys);
        var damping = m.Mapping("damping", DampingKeys);
        var calls = m.Mapping("call_failures", CallFailureKeys);
        return basis with
        {
            Detector = m.Enum("detector", basis.Detector),
            DownAfter = m.Int("down_after", basis.DownAfter, 1, 1000),
            Ratio = ParseRatio(ratio, basis.Ratio),
            Phi = ParsePhi(phi, basis.Phi),
            RecoverAfter = m.Int("recover_after", basis.RecoverAfter, 1, 1000),
            StableTime = m.Duration("stable_time", basis.StableTime, TimeSpan.Zero, TimeSpan.FromDays(1)),
            Ramp = ParseRamp(m, basis.Ramp),
            RampStep = m.Duration("ramp_step", basis.RampStep, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
            Damping = ParseDamping(damping, basis.Damping, global),
            CallFailures = ParseCallFailures(calls, basis.CallFailures),
        };
    }

    private static RatioConfig ParseRatio(MappingReader m, RatioConfig basis) => basis with
    {
        Window = m.Duration("window", basis.Window, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
        Threshold = m.Number("threshold", basis.Threshold, 0, 1, minExclusive: true),
        MinVolume = m.Int("min_volume", basis.MinVolume, 1, 1_000_000),
    };

    private static PhiConfig ParsePhi(MappingReader m, PhiConfig basis) => basis with
    {
        Threshold = m.Number("threshold", basis.Threshold, 0, 1000, minExclusive: true),
        MaxSamples = m.Int("max_samples", basis.MaxSamples, 2, 100_000),
        MinStdDev = m.Duration("min_std_dev", basis.MinStdDev, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1)),
        AcceptablePause = m.Duration("acceptable_pause", basis.AcceptablePause, TimeSpan.Zero, TimeSpan.FromHours(1)),
    };

    private static DampingConfig ParseDamping(MappingReader m, DampingConfig basis, bool global)
    {
        var result = basis with
        {
            Enabled = m.Bool("enabled", basis.Enabled),
            Penalty = m.Number("penalty", basis.Penalty, 0, 1_000_000, minExclusive: true),
            HalfLife = m.Duration("half_life", basis.HalfLife, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
            Suppress = m.Number("suppress", basis.Suppress, 0, 1_000_000, minExclusive: true),
            Reuse = m.Number("reuse", basis.Reuse, 0, 1_000_000, minExclusive: true),
            MaxSuppress = m.Duration("max_suppress", basis.MaxSuppress, TimeSpan.FromSeconds(1), TimeSpan.FromDays(7)),
        };
        if ((global || m.Has("reuse") || m.Has("suppress")) && result.Reuse >= result.Suppress)
        {
            m.Error(m.Has("reuse") ? "reuse" : "suppress",
                $"reuse ({result.Reuse}) must be below suppress ({result.Suppress}): a suppressed target comes back once its penalty decays below reuse");
        }

        return result;
    }

    private static CallFailuresConfig ParseCallFailures(MappingReader m, CallFailuresConfig basis) => basis with
    {
        Enabled = m.Bool("enabled", basis.Enabled),
        DownAfter = m.Int("down_after", basis.DownAfter, 1, 1000),
        Window = m.Duration("window", basis.Window, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
        Threshold = m.Number("threshold", basis.Threshold, 0, 1, minExclusive: true),
        MinCalls = m.Int("min_calls", basis.MinCalls, 1, 1_000_000),
        SuccessesCount = m.Bool("successes_count", basis.SuccessesCount),
    };

    // [10, 25, 50, 100]: rising percentages ending at 100; off or [] sends all traffic at once.
    private static IReadOnlyList<int> ParseRamp(MappingReader m, IReadOnlyList<int> basis)
    {
        var node = m.Node("ramp");
        if (node is ConfigScalar scalar && m.Context.Text(scalar, m.PathOf("ramp")) is "off")
        {
            return [];
        }

        var steps = m.List("ramp", basis, "a percentage from 1 to 100", MappingReader.ParseInt, v => v is < 1 or > 100 ? "a percentage from 1 to 100" : null);
        if (ReferenceEquals(steps, basis) || steps.Count == 0)
        {
            return steps;
        }

        for (var i = 1; i < steps.Count; i++)
        {
            if (steps[i] <= steps[i - 1])
            {
                m.Error("ramp", $"ramp steps must rise: {steps[i]} follows {steps[i - 1]}");
                return basis;
            }
        }

        if (steps[^1] != 100)
        {
            m.Error("ramp", $"the last ramp step must be 100 (all traffic), got {steps[^1]}");
            return basis;
        }

        return steps;
    }
}
