using Lifeline.Config;
using Lifeline.Health;
using Lifeline.Monitoring;
using Lifeline.Routing;
using Lifeline.Testing;
using Lifeline.Tests.Monitoring;

namespace Lifeline.Tests.Routing;

/// <summary>
/// A route planner over a configuration written in YAML, with a real health board on a manual clock and a seeded
/// random source, and one-line helpers that take gateways through health states with real signals.
/// </summary>
internal sealed class RoutingHarness
{
    public RoutingHarness(string yaml, int seed = 1234, HealthOptions? health = null, RoutePlannerOptions? options = null)
    {
        Config = TestConfig.Load(yaml);
        Board = new HealthBoard(health ?? new HealthOptions { SelfHealth = new SelfHealthOptions { Enabled = false } }, Clock);
        foreach (var trunk in Config.Trunks)
        {
            foreach (var gateway in trunk.Gateways)
            {
                Board.Track(MonitoredTarget.IdOf(trunk.Name, gateway));
            }
        }

        Planner = new RoutePlanner(Config, Board, Clock, new Random(seed), options);
    }

    public ManualTimeProvider Clock { get; } = new();

    public LifelineConfig Config { get; }

    public HealthBoard Board { get; }

    public RoutePlanner Planner { get; }

    /// <summary>The YAML of a trunk with one gateway at 192.0.2.x, its index in the list.</summary>
    public static string Trunk(string name, int index, string extra = "") =>
        $"  - {{ name: {name}, gateways: [ \"sip:192.0.2.{index + 1}:5060\" ]{(extra.Length > 0 ? ", " + extra : string.Empty)} }}\n";

    /// <summary>The target id of a trunk's gateway (first by default).</summary>
    public string Id(string trunk, int gateway = 0) => MonitoredTarget.IdOf(trunk, Config.FindTrunk(trunk)!.Gateways[gateway]);

    public TargetHealth Health(string trunk, int gateway = 0) => Board.Current.HealthOf(Id(trunk, gateway))!.Value;

    /// <summary>The trunk names of a plan's attempts, in order.</summary>
    public string[] Trunks(string dialed) => [.. Planner.Plan(dialed).Attempts.Select(a => a.Trunk.Name)];

    /// <summary>The gateway URIs of a plan's attempts, in order.</summary>
    public string[] Gateways(string dialed) => [.. Planner.Plan(dialed).Attempts.Select(a => a.Gateway.Uri)];

    public void Answer(string trunk, int gateway = 0, double rttMs = 20) =>
        Board.Apply(Id(trunk, gateway), Signal.ProbeAnswered(Clock.GetUtcNow(), TimeSpan.FromMilliseconds(rttMs)));

    public void Miss(string trunk, int gateway = 0) =>
        Board.Apply(Id(trunk, gateway), Signal.ProbeTimedOut(Clock.GetUtcNow(), TimeSpan.FromMilliseconds(200)));

    /// <summary>One missed probe: Up → Suspect.</summary>
    public void Suspect(string trunk, int gateway = 0)
    {
        Miss(trunk, gateway);
        Health(trunk, gateway).ShouldBe(TargetHealth.Suspect);
    }

    /// <summary>Missed probes until Down (the default rule: 8 in a row).</summary>
    public void Down(string trunk, int gateway = 0)
    {
        for (var i = 0; i < 8; i++)
        {
            Miss(trunk, gateway);
        }

        Health(trunk, gateway).ShouldBe(TargetHealth.Down);
    }

    /// <summary>Down, then one answered probe: Recovering, at the first ramp step.</summary>
    public void Recovering(string trunk, int gateway = 0)
    {
        Down(trunk, gateway);
        Answer(trunk, gateway);
        Health(trunk, gateway).ShouldBe(TargetHealth.Recovering);
    }

    public void Drain(string trunk, int gateway = 0) => Board.Drain(Id(trunk, gateway));

    public void Disable(string trunk, int gateway = 0) => Board.Disable(Id(trunk, gateway));
}
