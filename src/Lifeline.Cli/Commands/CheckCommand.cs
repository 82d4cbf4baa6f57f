using System.CommandLine;
using System.Globalization;
using Lifeline.Cli.Checking;
using Lifeline.Config;
using Lifeline.Health;
using Lifeline.Monitoring;

namespace Lifeline.Cli.Commands;

/// <summary>
/// <c>lifeline check -c FILE</c>: validates a configuration without running it (errors: exit 1), lints its timers
/// (warnings: exit 0), and prints per trunk how fast a silent gateway is detected and how fast it fails back.
/// </summary>
internal static class CheckCommand
{
    /// <summary>Exit code of a configuration with errors.</summary>
    public const int Invalid = 1;

    public static Command Create()
    {
        var config = ConfigOption.Create();
        var command = new Command("check", "Check a configuration file: errors, timer warnings, and each trunk's detection and fail-back times") { config };
        command.SetAction(parseResult => Run(parseResult.GetRequiredValue(config), parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error));
        return command;
    }

    public static int Run(string path, TextWriter output, TextWriter error)
    {
        var loaded = ConfigLoader.Load(path);
        if (!loaded.IsSuccess)
        {
            return Fail(loaded.Errors, error);
        }

        var built = TargetCatalog.FromConfig(loaded.Config);
        if (!built.IsSuccess)
        {
            return Fail(built.Errors, error);
        }

        var config = loaded.Config;
        var catalog = built.Catalog;
        var gateways = 0;
        foreach (var trunk in catalog.Trunks)
        {
            gateways += trunk.Gateways.Count;
        }

        output.WriteLine(Text($"{path}: OK: {Count(catalog.Trunks.Count, "trunk")}, {Count(gateways, "gateway")}"));
        var warnings = TimerLint.Check(config, catalog);
        if (warnings.Count > 0)
        {
            output.WriteLine();
            foreach (var warning in warnings)
            {
                output.WriteLine(warning.ToString());
            }
        }

        foreach (var trunk in catalog.Trunks)
        {
            output.WriteLine();
            WriteTiming(trunk, output);
        }

        output.WriteLine();
        output.WriteLine(warnings.Count == 0 ? "No warnings." : Count(warnings.Count, "warning") + ".");
        return 0;
    }

    private static void WriteTiming(MonitoredTrunk trunk, TextWriter output)
    {
        var config = trunk.Config;
        var probing = config.EffectiveProbing;
        // Every gateway of a trunk follows the trunk's rules; the loader guarantees at least one gateway.
        var options = trunk.Gateways[0].Options;

        var timing = TrunkTiming.For(config, options);
        var timeout = probing.Timeout.IsAuto
            ? Text($"timeout auto {D(probing.TimeoutFloor)}-{D(probing.TimeoutCap)}")
            : Text($"timeout {D(probing.Timeout.Fixed)}");
        output.WriteLine(Text($"trunk {config.Name}{(config.Enabled ? string.Empty : " (disabled: not probed, not used)")}: {Count(config.Gateways.Count, "gateway")}, detector {Detector(options)}"));
        if (!probing.Enabled)
        {
            output.WriteLine("  probing off: a silent gateway is marked Down by its calls' outcomes only (health.call_failures)");
        }
        else
        {
            output.WriteLine(Text($"  probes every {D(probing.Interval)} while Up, every {D(probing.FastInterval)} while in doubt, {timeout}"));
            output.WriteLine(timing.WorstCaseDetection is { } detection
                ? Text($"  worst-case detection of a silent gateway: {D(detection)} ({Ms(detection)} ms) after its last answer, {Count(timing.MissesToDown ?? 0, "missed probe")}")
                : "  worst-case detection of a silent gateway: never: the probe detector does not decide Down on silence with these settings");
            if (probing.Timeout.IsAuto && timing.WorstCaseDetection is { } atCap
                && HealthMath.WorstCaseDetection(options, probing.TimeoutFloor) is { } atFloor && atFloor < atCap)
            {
                // The adaptive timeout sits at its floor for any gateway answering within floor/3 (a LAN or
                // a nearby carrier); the figure above assumes one so slow that it reached the cap.
                output.WriteLine(Text($"    {D(atFloor)} ({Ms(atFloor)} ms) for a gateway answering within {D(probing.TimeoutFloor / 3)}, whose adaptive timeout stays at its {D(probing.TimeoutFloor)} floor"));
            }
        }

        var recovery = options.Recovery;
        var ramp = recovery.RampSteps.Length == 0
            ? "then all traffic at once"
            : "traffic ramping " + string.Join(" > ", recovery.RampSteps.Select(s => s.ToString("0%", CultureInfo.InvariantCulture))) + " > 100%";
        output.WriteLine(Text($"  shortest fail-back: {D(timing.ShortestFailBack)} ({Ms(timing.ShortestFailBack)} ms) from the first answer: {Count(recovery.Successes, "answer")} in a row and {D(recovery.StableTime)} stable, {ramp}"));
        if (probing.Enabled && !double.IsNaN(timing.FalseDownsPerDay))
        {
            output.WriteLine(Text($"  false Downs at {TrunkTiming.AssumedLoss:0%} random probe loss: {Rate(timing.FalseDownsPerDay)} per gateway"));
        }
    }

    private static string Detector(HealthOptions options) => options.Probes.Detector switch
    {
        FailureDetectors.Consecutive => Text($"consecutive ({Count(options.Probes.Consecutive.Failures, "miss", "misses")} in a row)"),
        FailureDetectors.Ratio => Text($"ratio ({options.Probes.Ratio.FailureRatio:0.##} of at least {options.Probes.Ratio.MinimumVolume} probes in {D(options.Probes.Ratio.Window)})"),
        FailureDetectors.Phi => Text($"phi (threshold {options.Probes.Phi.Threshold:0.##})"),
        var other => other,
    };

    private static string Rate(double perDay)
    {
        if (perDay <= 0)
        {
            return "none";
        }

        if (perDay >= 1)
        {
            return Text($"about {perDay:0.#} a day");
        }

        var days = 1 / perDay;
        return days < 365 ? Text($"about 1 every {days:0} days") : Text($"about 1 every {days / 365:0.#} years");
    }

    private static int Fail(IReadOnlyList<ConfigError> errors, TextWriter error)
    {
        foreach (var problem in errors)
        {
            error.WriteLine(problem.ToString());
        }

        error.WriteLine(Text($"{Count(errors.Count, "error")}."));
        return Invalid;
    }

    private static string Count(int n, string one, string? many = null) => Text($"{n} {(n == 1 ? one : many ?? one + "s")}");

    private static long Ms(TimeSpan value) => (long)Math.Round(value.TotalMilliseconds);

    private static string D(TimeSpan value) => HealthText.Duration(value);

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
