using System.Globalization;
using Lifeline.Health;

namespace Lifeline.Benchmarks.Health;

/// <summary>
/// <c>health-sim --timelines</c>: the worked examples of docs/health.md, produced by the real board on simulated
/// traces: a silent gateway, a day at 10% loss, a gateway flapping every 5 s, and a fail-back ramp.
/// </summary>
internal static class HealthTimelines
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Run()
    {
        var options = new HealthOptions();
        SilentGateway(options);
        TenPercentLoss(options);
        Flapping(options);
        FailBack(options);
    }

    private static void SilentGateway(HealthOptions options)
    {
        Console.WriteLine("## A silent gateway (dies 30 ms after answering the probe sent at t = 60 s)");
        var death = TimeSpan.FromSeconds(60.03);
        var trace = new GatewayTrace(options, "lifeline", 0, 1) { Alive = t => t < death, Recorded = [] };
        trace.RunUntil(TimeSpan.FromSeconds(75));
        Print(trace, death, "death");
        Console.WriteLine(string.Create(Inv, $"worst case by HealthMath: {HealthMath.WorstCaseDetection(options, TimeSpan.FromMilliseconds(200))!.Value.TotalSeconds:0.0} s from the last answer"));
        Console.WriteLine();
    }

    private static void TenPercentLoss(HealthOptions options)
    {
        Console.WriteLine("## 10% random probe loss for a day");
        var trace = new GatewayTrace(options, "lifeline", 0.10, 3) { Recorded = [] };
        trace.RunUntil(TimeSpan.FromDays(1));
        var recorded = trace.Recorded!;
        Console.WriteLine(string.Create(Inv, $"{trace.Probes:N0} probes; Up→Suspect {recorded.Count(t => t.To == TargetHealth.Suspect):N0}, Suspect→Up {recorded.Count(t => t.From == TargetHealth.Suspect && t.To == TargetHealth.Up):N0}, Down {recorded.Count(t => t.To == TargetHealth.Down)}; longest run of lost probes {trace.LongestLossRun} (Down needs {options.Probes.Consecutive.Failures})"));
        var first = recorded.Take(2).ToList();
        foreach (var t in first)
        {
            Console.WriteLine(string.Create(Inv, $"  e.g. {t.From} → {t.To}: {t.Reason}"));
        }

        Console.WriteLine();
    }

    private static void Flapping(HealthOptions options)
    {
        Console.WriteLine("## A gateway flapping every 5 s (alive 60 s, then 5 s dead / 5 s alive until t = 175 s, then alive)");
        var flapFrom = TimeSpan.FromSeconds(60);
        var stopAt = TimeSpan.FromSeconds(175);
        var trace = new GatewayTrace(options, "lifeline", 0, 1)
        {
            Alive = t => t < flapFrom || t >= stopAt || (t - flapFrom).TotalSeconds % 10 >= 5,
            Recorded = [],
        };
        trace.RunUntil(stopAt);
        var atStop = trace.Board.Capture().Single();
        trace.RunUntil(stopAt + TimeSpan.FromMinutes(6));
        Print(trace, TimeSpan.Zero, "start", withPenalty: true);
        Console.WriteLine(string.Create(Inv, $"at t = {stopAt.TotalSeconds:0} s (flapping stops): penalty {atStop.Penalty:0}, {atStop.Counters.Downs} Downs counted (also while damped), suppressed until t = {(atStop.SuppressedUntil!.Value - trace.Start).TotalSeconds:0.0} s = t_stop + 60 s × log2({atStop.Penalty:0} / 750)"));
        Console.WriteLine();
    }

    private static void FailBack(HealthOptions options)
    {
        Console.WriteLine("## Fail-back ramp (dead from t = 60 s to t = 120 s)");
        var death = TimeSpan.FromSeconds(60.03);
        var revive = TimeSpan.FromSeconds(120);
        var trace = new GatewayTrace(options, "lifeline", 0, 1) { Alive = t => t < death || t >= revive, Recorded = [] };
        trace.RunUntil(TimeSpan.FromSeconds(140));
        Print(trace, revive, "revival");
        var recovering = trace.Recorded!.Single(t => t.To == TargetHealth.Recovering).At;
        var steps = options.Recovery.RampSteps;
        for (var i = 0; i < steps.Length; i++)
        {
            var from = recovering + TimeSpan.FromTicks((options.Recovery.StableTime.Ticks * i + steps.Length - 1) / steps.Length);
            Console.WriteLine(string.Create(Inv, $"  from t = {(from - trace.Start).TotalSeconds:0.00} s: {options.Recovery.ShareAfter(from - recovering):P0} of new calls"));
        }

        Console.WriteLine(string.Create(Inv, $"  from t = {(recovering + options.Recovery.StableTime - trace.Start).TotalSeconds:0.00} s: 100% (Up)"));
        Console.WriteLine();
    }

    private static void Print(GatewayTrace trace, TimeSpan origin, string originName, bool withPenalty = false)
    {
        foreach (var t in trace.Recorded!)
        {
            var at = (t.At - trace.Start).TotalSeconds;
            var rel = at - origin.TotalSeconds;
            var penalty = withPenalty ? string.Create(Inv, $" [penalty {t.Evidence.FlapPenalty:0}]") : string.Empty;
            var relText = origin == TimeSpan.Zero ? string.Empty : string.Create(Inv, $" ({originName} {(rel >= 0 ? "+" : string.Empty)}{rel:0.00} s)");
            Console.WriteLine(string.Create(Inv, $"  t = {at,7:0.00} s{relText}  {t.From,-10} → {t.To,-10} {t.Reason}{penalty}"));
        }
    }
}
