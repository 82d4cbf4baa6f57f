using Lifeline.Health;
using Lifeline.Routing;

namespace Lifeline.Tests.Routing;

/// <summary>How gateway health shapes a plan, with a real health board driven by signals on a manual clock.</summary>
public sealed class RoutePlannerHealthTests
{
    private const string Number = "15551234567";

    private static readonly string TwoTrunks = $$"""
        trunks:
        {{RoutingHarness.Trunk("primary", 0, "priority: 1")}}
        {{RoutingHarness.Trunk("backup", 1, "priority: 2")}}
        """;

    private static readonly string TwoGatewayTrunks = """
        trunks:
          - { name: primary, priority: 1, gateways: [ "sip:192.0.2.1:5060", "sip:192.0.2.2:5060", "sip:192.0.2.3:5060" ] }
          - { name: backup, priority: 2, gateways: [ "sip:198.51.100.1:5060" ] }
        """;

    [Theory]
    [InlineData("down")]
    [InlineData("drained")]
    [InlineData("disabled")]
    public void Plan_PrimaryOutOfService_GoesStraightToBackup(string state)
    {
        var h = new RoutingHarness(TwoTrunks);
        Action take = state switch
        {
            "down" => () => h.Down("primary"),
            "drained" => () => h.Drain("primary"),
            _ => () => h.Disable("primary"),
        };

        take();

        h.Trunks(Number).ShouldBe(["backup"]);
    }

    [Fact]
    public void Plan_DampedGateway_SkippedAndNamedAsDamped()
    {
        // Each Down adds 1000 to the penalty; the second within the half-life crosses the suppress level (2000).
        var h = new RoutingHarness(TwoTrunks);
        h.Down("primary");
        h.Answer("primary");
        for (var i = 0; i < 3; i++)
        {
            h.Miss("primary");
        }

        h.Down("backup");
        h.Answer("backup");
        for (var i = 0; i < 3; i++)
        {
            h.Miss("backup");
        }

        h.Board.Current.Targets[h.Id("primary")].Damped.ShouldBeTrue();
        h.Answer("primary");
        h.Health("primary").ShouldBe(TargetHealth.Down);

        h.Planner.Plan(Number).Refusal.ShouldBe("no usable trunk for 15551234567: primary Down (damped for flapping), backup Down (damped for flapping)");
    }

    [Fact]
    public void Plan_EveryTrunkOut_RefusesNamingEachTrunksState()
    {
        var h = new RoutingHarness(TwoTrunks);
        h.Down("primary");
        h.Drain("backup");

        var plan = h.Planner.Plan(Number);

        plan.HasAttempts.ShouldBeFalse();
        plan.Refusal.ShouldBe("no usable trunk for 15551234567: primary Down, backup Drained");
    }

    [Fact]
    public void Plan_PinnedTrunksOut_RefusalNamesThePin()
    {
        var h = new RoutingHarness($$"""
            proxy:
              allow: [ 127.0.0.1/32 ]
              routes: [ { prefix: "911", trunks: [ primary, gone ] } ]
            trunks:
            {{RoutingHarness.Trunk("primary", 0, "priority: 1")}}
            {{RoutingHarness.Trunk("backup", 1, "priority: 2")}}
            {{RoutingHarness.Trunk("gone", 2, "enabled: false")}}
            """);
        h.Disable("primary");

        h.Planner.Plan("911").Refusal.ShouldBe("no usable trunk for 911 (pinned by route 911 to primary, gone): gone disabled in configuration, primary Disabled");
    }

    [Fact]
    public void Plan_MixedGatewayStates_RefusalCountsThem()
    {
        var h = new RoutingHarness(TwoGatewayTrunks);
        h.Down("primary", 0);
        h.Drain("primary", 1);
        h.Down("primary", 2);
        h.Disable("backup");

        h.Planner.Plan(Number).Refusal.ShouldBe("no usable trunk for 15551234567: primary 2 Down, 1 Drained, backup Disabled");
    }

    [Fact]
    public void Plan_SuspectGateway_TriedAfterTheTrunksUpGatewaysBeforeTheNextTrunk()
    {
        var h = new RoutingHarness(TwoGatewayTrunks);
        h.Suspect("primary", 0);

        for (var call = 0; call < 6; call++)
        {
            var gateways = h.Gateways(Number);
            gateways.Length.ShouldBe(4);
            gateways[2].ShouldBe("sip:192.0.2.1:5060");
            gateways[3].ShouldBe("sip:198.51.100.1:5060");
        }
    }

    [Fact]
    public void Plan_WholeTrunkSuspect_KeepsItsPlaceBeforeDearerTrunks()
    {
        var h = new RoutingHarness(TwoTrunks);
        h.Suspect("primary");

        h.Trunks(Number).ShouldBe(["primary", "backup"]);
    }

    [Fact]
    public void Plan_SeveralUpGateways_EachCallStartsOneFurtherOn()
    {
        var h = new RoutingHarness(TwoGatewayTrunks);

        h.Gateways(Number).ShouldBe(["sip:192.0.2.1:5060", "sip:192.0.2.2:5060", "sip:192.0.2.3:5060", "sip:198.51.100.1:5060"]);
        h.Gateways(Number).ShouldBe(["sip:192.0.2.2:5060", "sip:192.0.2.3:5060", "sip:192.0.2.1:5060", "sip:198.51.100.1:5060"]);
        h.Gateways(Number).ShouldBe(["sip:192.0.2.3:5060", "sip:192.0.2.1:5060", "sip:192.0.2.2:5060", "sip:198.51.100.1:5060"]);
        h.Gateways(Number)[0].ShouldBe("sip:192.0.2.1:5060");
    }

    [Fact]
    public void Plan_GatewayBackUp_ReturnsToThePlan()
    {
        var h = new RoutingHarness(TwoTrunks);
        h.Down("primary");
        h.Trunks(Number).ShouldBe(["backup"]);

        h.Answer("primary");
        h.Answer("primary");
        h.Answer("primary");
        h.Clock.Advance(TimeSpan.FromSeconds(11));
        h.Board.Tick();

        h.Health("primary").ShouldBe(TargetHealth.Up);
        h.Trunks(Number).ShouldBe(["primary", "backup"]);
    }

    [Fact]
    public void Plan_RecoveringGateway_GetsItsShareOfFirstAttemptsAndIsLastResortOtherwise()
    {
        var h = new RoutingHarness(TwoTrunks, seed: 42);
        h.Recovering("primary");
        h.Board.Current.TrafficShare(h.Id("primary"), h.Clock.GetUtcNow()).ShouldBe(0.10);

        var first = 0;
        const int Calls = 20_000;
        for (var call = 0; call < Calls; call++)
        {
            var trunks = h.Trunks(Number);
            trunks.Length.ShouldBe(2);
            if (trunks[0] == "primary")
            {
                first++;
            }
            else
            {
                trunks.ShouldBe(["backup", "primary"]);
            }
        }

        // 10% ± 5 standard deviations (σ = √(n p (1-p)) ≈ 42 calls).
        first.ShouldBeInRange(1790, 2210);
    }

    [Fact]
    public void Plan_RecoveringGatewayLater_RampsUpItsShare()
    {
        var h = new RoutingHarness(TwoTrunks, seed: 7);
        h.Recovering("primary");

        // The default ramp: 10%, 25%, 50% in equal steps over the 10 s stable time.
        h.Clock.Advance(TimeSpan.FromSeconds(7));
        h.Board.Current.TrafficShare(h.Id("primary"), h.Clock.GetUtcNow()).ShouldBe(0.50);

        var first = 0;
        for (var call = 0; call < 10_000; call++)
        {
            if (h.Trunks(Number)[0] == "primary")
            {
                first++;
            }
        }

        first.ShouldBeInRange(4750, 5250);
    }

    [Fact]
    public void Plan_OnlyARecoveringGateway_StillRoutesRatherThanRefuse()
    {
        var h = new RoutingHarness(TwoTrunks);
        h.Recovering("primary");
        h.Drain("backup");

        for (var call = 0; call < 100; call++)
        {
            h.Trunks(Number).ShouldBe(["primary"]);
        }
    }

    [Fact]
    public void Plan_LifelineSuspectsItself_DownGatewaysBecomeLastResortsInsteadOfRefusing()
    {
        var health = new HealthOptions();
        var h = new RoutingHarness(TwoGatewayTrunks, health: health);
        h.Down("primary", 0);
        h.Down("primary", 1);
        h.Drain("primary", 2);
        h.Down("backup");
        h.Planner.Plan(Number).HasAttempts.ShouldBeFalse();

        // The scheduler's timers ran 2 s late: the machine, not the carriers, is the likelier fault.
        h.Board.ReportTimerLateness(TimeSpan.FromSeconds(2)).State.ShouldBe(SelfHealthState.Suspect);

        var gateways = h.Gateways(Number);
        gateways.ShouldBe(["sip:192.0.2.1:5060", "sip:192.0.2.2:5060", "sip:198.51.100.1:5060"], ignoreOrder: true);
        gateways[^1].ShouldBe("sip:198.51.100.1:5060"); // still in trunk order
        gateways.ShouldNotContain("sip:192.0.2.3:5060"); // the operator's drain stands
    }

    [Fact]
    public void Plan_LifelineSuspectsItself_HealthyGatewaysStillFirst()
    {
        var h = new RoutingHarness(TwoTrunks, health: new HealthOptions());
        h.Down("primary");
        h.Board.ReportTimerLateness(TimeSpan.FromSeconds(2));

        h.Trunks(Number).ShouldBe(["backup", "primary"]);
    }

    [Fact]
    public void Plan_GatewayDownByItsCallsWhileItsProbesAnswer_LastResortOnlyDuringItsCallHold()
    {
        var h = new RoutingHarness(TwoTrunks, health: new HealthOptions());
        h.Answer("primary");
        for (var i = 0; i < 5; i++)
        {
            h.Board.Apply(h.Id("primary"), Signal.CallTimedOut(h.Clock.GetUtcNow(), TimeSpan.FromMilliseconds(400)));
        }

        h.Health("primary").ShouldBe(TargetHealth.Down);
        h.Board.Current.SelfHealth.State.ShouldBe(SelfHealthState.Healthy);

        // The backup first; the primary (it answers OPTIONS) only for a call the backup fails too.
        h.Trunks(Number).ShouldBe(["backup", "primary"]);

        // After the call hold (60 s), a Down gateway is no last resort: its probes decide when it comes back.
        h.Clock.Advance(TimeSpan.FromSeconds(61));
        h.Trunks(Number).ShouldBe(["backup"]);
    }

    [Fact]
    public void Plan_GatewayDownByItsProbes_NoLastResort()
    {
        var h = new RoutingHarness(TwoTrunks, health: new HealthOptions());
        h.Down("primary");

        h.Trunks(Number).ShouldBe(["backup"]);
    }
}
