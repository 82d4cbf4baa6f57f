using System.Diagnostics;
using System.Globalization;
using Lifeline.Health;

namespace Lifeline.Benchmarks.Health;

/// <summary>
/// <c>dotnet run -c Release --project bench/Lifeline.Benchmarks -- health-sim [--days 7] [--kills 200] [--seed 1]</c>:
/// false Downs, time out of service, detection and fail-back times across probe loss rates, for Lifeline's
/// defaults (and its phi detector) against threshold-1 and threshold-3 rules on the same probe traces.
/// Prints a Markdown table for docs/benchmarks.md.
/// </summary>
internal static class HealthSimulation
{
    private static readonly double[] LossRates = [0, 0.05, 0.10, 0.20, 0.30];

    public static void Run(string[] args)
    {
        if (args.Contains("--timelines"))
        {
            HealthTimelines.Run();
            return;
        }

        var days = Arg(args, "--days", 7);
        var kills = Arg(args, "--kills", 200);
        var seed = Arg(args, "--seed", 1);
        var defaults = new HealthOptions();
        var phi = defaults with { Probes = new DetectorOptions { Detector = FailureDetectors.Phi } };
        var inv = CultureInfo.InvariantCulture;
        var timer = Stopwatch.StartNew();
        long probes = 0;

        Console.WriteLine(string.Create(inv, $"Simulated per loss rate: {days} days of a live gateway (false Downs), and {kills} kills (dead 60 s, then back) for detection and fail-back. RTT 20 ms, probe timeout 200 ms (adaptive floor), seed {seed}."));
        Console.WriteLine(string.Create(inv, $"Lifeline defaults: probe every {Secs(defaults.Intervals.Up)} Up, {Secs(defaults.Intervals.Suspect)} Suspect; Down after {defaults.Probes.Consecutive.Failures} misses in a row; worst-case detection {Secs(HealthMath.WorstCaseDetection(defaults, TimeSpan.FromMilliseconds(200))!.Value)}; fail-back ≥ {Secs(HealthMath.ShortestFailBack(defaults))}."));
        Console.WriteLine();
        Console.WriteLine("| probe loss | rule | false Downs in " + days.ToString(inv) + " days (predicted) | out of service while alive | detection median / max | fail-back median / max |");
        Console.WriteLine("|---|---|---|---|---|---|");

        foreach (var loss in LossRates)
        {
            foreach (var (options, name, withBaselines) in new[] { (defaults, "Lifeline defaults (consecutive, 8)", true), (phi, "Lifeline phi (threshold 8)", false) })
            {
                var day = new GatewayTrace(options, name, loss, seed);
                day.RunUntil(TimeSpan.FromDays(days));
                day.Close();
                probes += day.Probes;

                var detection = new Dictionary<string, List<double>>();
                var failBack = new Dictionary<string, List<double>>();
                var random = new Random(seed);
                for (var k = 0; k < kills; k++)
                {
                    var trace = new GatewayTrace(options, name, loss, seed * 100_003 + k);
                    var death = TimeSpan.FromSeconds(60 + random.NextDouble() * 2);
                    var revive = death + TimeSpan.FromSeconds(60);
                    trace.Alive = t => t < death || t >= revive;
                    trace.RunUntil(death);
                    var upAtDeath = trace.Rules.Where(r => !r.IsDown).ToList();
                    foreach (var rule in trace.Rules)
                    {
                        rule.Watch();
                    }

                    trace.RunUntil(revive);
                    foreach (var rule in upAtDeath)
                    {
                        if (rule.FirstDown is { } down)
                        {
                            Add(detection, rule.Name, (down - (trace.Start + death)).TotalSeconds);
                        }
                    }

                    var downAtRevive = trace.Rules.Where(r => r.IsDown).ToList();
                    foreach (var rule in trace.Rules)
                    {
                        rule.Watch();
                    }

                    trace.RunUntil(revive + TimeSpan.FromMinutes(15));
                    foreach (var rule in downAtRevive)
                    {
                        Add(failBack, rule.Name, rule.FirstUp is { } up ? (up - (trace.Start + revive)).TotalSeconds : double.PositiveInfinity);
                    }

                    probes += trace.Probes;
                }

                var rules = withBaselines ? day.Rules : [day.Lifeline];
                foreach (var rule in rules)
                {
                    var predicted = rule == day.Lifeline && options.Probes.Detector == FailureDetectors.Consecutive
                        ? string.Create(inv, $" ({HealthMath.ExpectedFalseDownsPerDay(options, loss, TimeSpan.FromMilliseconds(200)) * days:0.####})")
                        : string.Empty;
                    var outOfService = rule.DownTime / TimeSpan.FromDays(days);
                    Console.WriteLine(string.Create(
                        inv,
                        $"| {loss:P0} | {rule.Name} | {rule.Downs}{predicted} | {outOfService:P3} | {Stat(detection, rule.Name)} | {Stat(failBack, rule.Name)} |"));
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(inv, $"{probes:N0} simulated probes in {timer.Elapsed.TotalSeconds:0.0} s ({probes / timer.Elapsed.TotalSeconds:N0} probes/s through the health board)."));
    }

    private static void Add(Dictionary<string, List<double>> stats, string name, double value)
    {
        if (!stats.TryGetValue(name, out var list))
        {
            stats[name] = list = [];
        }

        list.Add(value);
    }

    private static string Stat(Dictionary<string, List<double>> stats, string name)
    {
        if (!stats.TryGetValue(name, out var list) || list.Count == 0)
        {
            return "–";
        }

        list.Sort();
        var median = list[list.Count / 2];
        var max = list[^1];
        return string.Create(CultureInfo.InvariantCulture, $"{Fmt(median)} / {Fmt(max)}");
    }

    private static string Fmt(double seconds) =>
        double.IsPositiveInfinity(seconds) ? "never (15 min)" : string.Create(CultureInfo.InvariantCulture, $"{seconds:0.0} s");

    private static string Secs(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.##} s");

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }
}
