using System.Globalization;
using BenchmarkDotNet.Attributes;
using Lifeline.Config;
using Lifeline.Health;
using Lifeline.Monitoring;
using Lifeline.Routing;

namespace Lifeline.Benchmarks.Routing;

/// <summary>
/// One call's route plan on a large least-cost configuration: 10 trunks of 2 gateways, each with a 50,000-prefix rate
/// table (country codes followed by up to 6 digits, as carriers' rate decks are), a US dial plan and two pins. The
/// dialed numbers are a fixed corpus of 1,024 (mostly US, some international, some with the dial prefix 9), cycled.
/// <c>LeastCost</c>: every gateway Up. <c>WithHealth</c>: one trunk Down, one Suspect, one Recovering (the random
/// share draw included). <c>Pinned</c>: an emergency number on its pin.
/// <code>dotnet run -c Release --project bench/Lifeline.Benchmarks -- --filter *RoutePlanning* --job short</code>
/// </summary>
[MemoryDiagnoser]
public class RoutePlanningBenchmarks
{
    private const int Trunks = 10;
    private const int PrefixesPerTrunk = 50_000;
    private static readonly string[] CountryCodes = ["1", "1", "1", "1", "44", "33", "49", "52", "55", "61", "81", "86", "91", "234", "63", "34", "39", "7"];

    private RoutePlanner _healthy = null!;
    private RoutePlanner _mixed = null!;
    private string[] _numbers = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20260101);
        var config = BuildConfig(random);
        _numbers = [.. Enumerable.Range(0, 1024).Select(_ => Number(random))];

        var healthyBoard = new HealthBoard(new HealthOptions(), TimeProvider.System);
        var started = TimeProvider.System.GetTimestamp();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        _healthy = new RoutePlanner(config, healthyBoard, TimeProvider.System, new Random(1));
        var built = TimeProvider.System.GetElapsedTime(started);
        var held = GC.GetTotalMemory(forceFullCollection: true) - before;
        Console.WriteLine(FormattableString.Invariant($"// planner built in {built.TotalMilliseconds:0} ms, holding {held / 1048576.0:0.0} MiB for {Trunks * PrefixesPerTrunk:N0} prefixes"));

        var options = new HealthOptions { SelfHealth = new SelfHealthOptions { Enabled = false } };
        var board = new HealthBoard(options, TimeProvider.System);
        var now = TimeProvider.System.GetUtcNow();
        foreach (var trunk in config.Trunks)
        {
            foreach (var gateway in trunk.Gateways)
            {
                board.Track(MonitoredTarget.IdOf(trunk.Name, gateway));
            }
        }

        for (var i = 0; i < 8; i++)
        {
            board.Apply(MonitoredTarget.IdOf("t0", config.Trunks[0].Gateways[0]), Signal.ProbeTimedOut(now, TimeSpan.FromMilliseconds(200)));
            board.Apply(MonitoredTarget.IdOf("t0", config.Trunks[0].Gateways[1]), Signal.ProbeTimedOut(now, TimeSpan.FromMilliseconds(200)));
            board.Apply(MonitoredTarget.IdOf("t2", config.Trunks[2].Gateways[0]), Signal.ProbeTimedOut(now, TimeSpan.FromMilliseconds(200)));
        }

        board.Apply(MonitoredTarget.IdOf("t1", config.Trunks[1].Gateways[0]), Signal.ProbeTimedOut(now, TimeSpan.FromMilliseconds(200)));
        board.Apply(MonitoredTarget.IdOf("t2", config.Trunks[2].Gateways[0]), Signal.ProbeAnswered(now, TimeSpan.FromMilliseconds(20)));
        _mixed = new RoutePlanner(config, board, TimeProvider.System, new Random(1));
    }

    [Benchmark(Baseline = true)]
    public int LeastCost() => _healthy.Plan(NextNumber()).Attempts.Count;

    [Benchmark]
    public int WithHealth() => _mixed.Plan(NextNumber()).Attempts.Count;

    [Benchmark]
    public int Pinned() => _healthy.Plan("911").Attempts.Count;

    private string NextNumber() => _numbers[_next++ & 1023];

    private static LifelineConfig BuildConfig(Random random)
    {
        var trunks = new List<TrunkConfig>(Trunks);
        for (var t = 0; t < Trunks; t++)
        {
            var rates = new Dictionary<string, decimal>(PrefixesPerTrunk, StringComparer.Ordinal);
            while (rates.Count < PrefixesPerTrunk)
            {
                var prefix = random.GetItems(CountryCodes, 1)[0] + Digits(random, random.Next(0, 7));
                rates[prefix] = Math.Round((decimal)random.NextDouble() * 0.2m + 0.001m, 4);
            }

            var name = "t" + t.ToString(CultureInfo.InvariantCulture);
            trunks.Add(new TrunkConfig
            {
                Name = name,
                Gateways = [$"sip:198.51.100.{t + 1}:5060", $"sip:203.0.113.{t + 1}:5060"],
                Priority = t % 3,
                EffectiveProbing = ProbingConfig.Default,
                EffectiveHealth = HealthConfig.Default,
                Rates = new RateTable { Prefixes = rates },
            });
        }

        return new LifelineConfig
        {
            SourceFile = "bench.yaml",
            Trunks = trunks,
            Proxy = new ProxyConfig
            {
                Allow = [],
                Normalize =
                [
                    new NormalizeRule { Match = "9", Length = 11, Strip = 1, Prepend = "+1" },
                    new NormalizeRule { Match = "1", Length = 11, Prepend = "+" },
                    new NormalizeRule { Match = string.Empty, Length = 10, Prepend = "+1" },
                    new NormalizeRule { Match = "011", Strip = 3, Prepend = "+" },
                ],
                Routes =
                [
                    new RoutePin { Prefix = "911", Trunks = ["t3", "t4"] },
                    new RoutePin { Prefix = "1800", Trunks = ["t5"] },
                ],
            },
        };
    }

    private static string Number(Random random) => random.Next(10) switch
    {
        < 6 => "1" + Digits(random, 10),
        6 => "9" + Digits(random, 10),
        7 => Digits(random, 10),
        8 => "011" + random.GetItems(CountryCodes, 1)[0] + Digits(random, 9),
        _ => "+" + random.GetItems(CountryCodes, 1)[0] + Digits(random, 9),
    };

    private static string Digits(Random random, int count) => string.Create(count, random, (span, r) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = (char)('0' + r.Next(10));
        }
    });
}
