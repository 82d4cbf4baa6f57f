using FsCheck;
using FsCheck.Fluent;
using Lifeline.Config;
using Lifeline.Health;
using Lifeline.Monitoring;
using Lifeline.Routing;
using Lifeline.Testing;

namespace Lifeline.Tests.Routing;

/// <summary>
/// Random configurations, gateway health and dialed numbers: whatever they are, a plan never sends a call where the
/// rules forbid, leaves out no usable gateway, and keeps the documented order.
/// </summary>
public sealed class RoutePlannerPropertyTests
{
    private static readonly string[] Prefixes = ["1", "15", "155", "1555", "4", "44", "447", "9"];
    private static readonly decimal[] Rates = [0.005m, 0.010m, 0.0100m, 0.020m, 0.030m];
    private static readonly string[] Numbers = ["15551234567", "15559876543", "12125551234", "442079460000", "447700900123", "911", "33612345678", "alice", "*611"];
    private static readonly TargetHealth[] States = [TargetHealth.Up, TargetHealth.Up, TargetHealth.Suspect, TargetHealth.Down, TargetHealth.Recovering, TargetHealth.Drained, TargetHealth.Disabled];

    private static readonly Gen<TrunkSpec> Trunk =
        from gateways in Gen.ArrayOf(Gen.Elements(States)).Where(g => g.Length is >= 1 and <= 3)
        from priority in Gen.Choose(0, 3)
        from enabled in Gen.Frequency((5, Gen.Constant(true)), (1, Gen.Constant(false)))
        from priced in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
        from rates in Gen.ArrayOf(Gen.Zip(Gen.Elements(Prefixes), Gen.Elements(Rates))).Where(r => !priced || r.Length > 0)
        select new TrunkSpec(gateways, priority, enabled, priced ? rates : []);

    private static readonly Gen<Scenario> Scenarios =
        from trunks in Gen.ArrayOf(Trunk).Where(t => t.Length is >= 1 and <= 6)
        from pins in Gen.ArrayOf(Gen.Zip(Gen.Elements(Prefixes), Gen.ArrayOf(Gen.Choose(0, 5)).Where(p => p.Length is >= 1 and <= 3))).Where(p => p.Length <= 3)
        from numbers in Gen.ArrayOf(Gen.Elements(Numbers)).Where(n => n.Length is >= 1 and <= 5)
        from selfSuspect in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        select new Scenario(trunks, pins, numbers, selfSuspect);

    [Fact]
    public void Plan_RandomConfigurationsAndHealth_KeepsEveryRoutingRule()
    {
        var property = Prop.ForAll(Scenarios.ToArbitrary(), CheckScenario);

        Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(400), property);
    }

    private static void CheckScenario(Scenario scenario)
    {
        var config = Build(scenario);
        var clock = new ManualTimeProvider();
        var board = new HealthBoard(new HealthOptions { SelfHealth = new SelfHealthOptions { Enabled = false } }, clock);
        var health = new Dictionary<string, TargetHealth>(StringComparer.Ordinal);
        foreach (var trunk in config.Trunks)
        {
            var spec = scenario.Trunks[int.Parse(trunk.Name[1..], System.Globalization.CultureInfo.InvariantCulture)];
            for (var g = 0; g < trunk.Gateways.Count; g++)
            {
                var id = MonitoredTarget.IdOf(trunk.Name, trunk.Gateways[g]);
                Take(board, clock, id, spec.Gateways[g]);
                health[id] = board.Current.HealthOf(id)!.Value;
                health[id].ShouldBe(spec.Gateways[g]);
            }
        }

        if (scenario.SelfSuspect)
        {
            // Reported after every gateway is where it should be: a suspecting board holds gateways from going Down.
            var gated = new HealthBoard(new HealthOptions(), clock);
            gated.Restore(board.Capture());
            gated.ReportTimerLateness(TimeSpan.FromSeconds(5)).State.ShouldBe(SelfHealthState.Suspect);
            board = gated;
        }

        var planner = new RoutePlanner(config, board, clock, new Random(17));
        var normalizer = new NumberNormalizer([]);
        foreach (var dialed in scenario.Numbers)
        {
            var plan = planner.Plan(dialed);
            var number = normalizer.Normalize(dialed);
            Verify(config, health, scenario.SelfSuspect, plan, number);
        }
    }

    private static void Verify(LifelineConfig config, Dictionary<string, TargetHealth> health, bool selfSuspect, RoutePlan plan, NormalizedNumber number)
    {
        (plan.Refusal is null).ShouldBe(plan.HasAttempts);
        plan.Attempts.Select(a => a.Gateway.TargetId).ShouldBeUnique();

        var pin = config.Proxy!.Routes.Where(p => number.Text.StartsWith(p.Prefix, StringComparison.Ordinal)).MaxBy(p => p.Prefix.Length);
        var candidates = Candidates(config, pin, number);
        foreach (var attempt in plan.Attempts)
        {
            attempt.Trunk.Config.Enabled.ShouldBeTrue();
            var state = health[attempt.Gateway.TargetId];
            state.ShouldNotBe(TargetHealth.Drained);
            state.ShouldNotBe(TargetHealth.Disabled);
            if (!selfSuspect)
            {
                state.ShouldNotBe(TargetHealth.Down);
            }

            candidates.ShouldContain(attempt.Trunk.Name, $"{attempt.Trunk.Name} is not allowed for {number.Text} (pin {pin?.Prefix ?? "none"})");
        }

        // Nothing usable is left out.
        var usable = config.Trunks.Where(t => candidates.Contains(t.Name))
            .SelectMany(t => t.Gateways.Select(g => MonitoredTarget.IdOf(t.Name, g)))
            .Where(id => health[id] is TargetHealth.Up or TargetHealth.Suspect or TargetHealth.Recovering || (selfSuspect && health[id] == TargetHealth.Down));
        plan.Attempts.Select(a => a.Gateway.TargetId).ShouldBe(usable, ignoreOrder: true);

        // Up and Suspect gateways are never deferred: their trunks come in order, each trunk's together, Up before Suspect.
        var placed = plan.Attempts.Where(a => health[a.Gateway.TargetId] is TargetHealth.Up or TargetHealth.Suspect).ToList();
        var trunkSequence = new List<string>();
        foreach (var attempt in placed)
        {
            if (trunkSequence.Count == 0 || trunkSequence[^1] != attempt.Trunk.Name)
            {
                trunkSequence.Contains(attempt.Trunk.Name).ShouldBeFalse($"trunk {attempt.Trunk.Name} split in {plan.Normalized}");
                trunkSequence.Add(attempt.Trunk.Name);
            }
        }

        var expected = candidates.Where(trunkSequence.Contains).ToList();
        trunkSequence.ShouldBe(expected);
        for (var i = 1; i < placed.Count; i++)
        {
            if (placed[i].Trunk == placed[i - 1].Trunk && health[placed[i - 1].Gateway.TargetId] == TargetHealth.Suspect)
            {
                health[placed[i].Gateway.TargetId].ShouldBe(TargetHealth.Suspect, "an Up gateway after a Suspect one of the same trunk");
            }
        }
    }

    /// <summary>The trunks allowed for a number, in the documented order (the oracle: written plainly, not like the planner).</summary>
    private static List<string> Candidates(LifelineConfig config, RoutePin? pin, NormalizedNumber number)
    {
        var enabled = config.Trunks.Where(t => t.Enabled).ToList();
        if (pin is not null)
        {
            return [.. pin.Trunks.Distinct().Where(name => enabled.Any(t => t.Name == name))];
        }

        var anyRates = enabled.Any(t => !t.Rates.IsEmpty);
        if (!number.IsNumber || !anyRates)
        {
            return [.. enabled.OrderBy(t => t.Priority).Select(t => t.Name)];
        }

        var priced = new List<(TrunkConfig Trunk, decimal Rate)>();
        foreach (var trunk in enabled.Where(t => !t.Rates.IsEmpty))
        {
            var matches = trunk.Rates.Prefixes.Where(p => number.Text.StartsWith(p.Key, StringComparison.Ordinal)).ToList();
            if (matches.Count > 0)
            {
                priced.Add((trunk, matches.MaxBy(p => p.Key.Length).Value));
            }
        }

        return
        [
            .. priced.OrderBy(p => p.Rate).ThenBy(p => p.Trunk.Priority).Select(p => p.Trunk.Name),
            .. enabled.Where(t => t.Rates.IsEmpty).OrderBy(t => t.Priority).Select(t => t.Name),
        ];
    }

    private static void Take(HealthBoard board, ManualTimeProvider clock, string id, TargetHealth state)
    {
        switch (state)
        {
            case TargetHealth.Suspect:
                board.Apply(id, Signal.ProbeTimedOut(clock.GetUtcNow(), TimeSpan.FromMilliseconds(200)));
                break;
            case TargetHealth.Down:
            case TargetHealth.Recovering:
                for (var i = 0; i < 8; i++)
                {
                    board.Apply(id, Signal.ProbeTimedOut(clock.GetUtcNow(), TimeSpan.FromMilliseconds(200)));
                }

                if (state == TargetHealth.Recovering)
                {
                    board.Apply(id, Signal.ProbeAnswered(clock.GetUtcNow(), TimeSpan.FromMilliseconds(20)));
                }

                break;
            case TargetHealth.Drained:
                board.Drain(id);
                break;
            case TargetHealth.Disabled:
                board.Disable(id);
                break;
            default:
                board.Track(id);
                break;
        }
    }

    private static LifelineConfig Build(Scenario scenario)
    {
        var trunks = new List<TrunkConfig>();
        for (var t = 0; t < scenario.Trunks.Length; t++)
        {
            var spec = scenario.Trunks[t];
            var rates = new Dictionary<string, decimal>(StringComparer.Ordinal);
            foreach (var (prefix, rate) in spec.Rates)
            {
                rates[prefix] = rate;
            }

            trunks.Add(new TrunkConfig
            {
                Name = "t" + t.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Gateways = [.. spec.Gateways.Select((_, g) => $"sip:192.0.{t}.{g + 1}:5060")],
                Priority = spec.Priority,
                Enabled = spec.Enabled,
                EffectiveProbing = ProbingConfig.Default,
                EffectiveHealth = HealthConfig.Default,
                Rates = new RateTable { Prefixes = rates },
            });
        }

        var pins = new List<RoutePin>();
        foreach (var (prefix, indices) in scenario.Pins)
        {
            if (pins.All(p => p.Prefix != prefix))
            {
                pins.Add(new RoutePin { Prefix = prefix, Trunks = [.. indices.Where(i => i < trunks.Count).Select(i => trunks[i].Name)] });
            }
        }

        return new LifelineConfig
        {
            SourceFile = "property.yaml",
            Trunks = trunks,
            Proxy = new ProxyConfig { Allow = [], Routes = pins },
        };
    }

    private sealed record TrunkSpec(TargetHealth[] Gateways, int Priority, bool Enabled, (string Prefix, decimal Rate)[] Rates);

    private sealed record Scenario(TrunkSpec[] Trunks, (string Prefix, int[] Trunks)[] Pins, string[] Numbers, bool SelfSuspect);
}
