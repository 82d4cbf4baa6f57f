using Lifeline.Routing;

namespace Lifeline.Tests.Routing;

/// <summary>Which trunks a plan uses and in what order: rates, priority, pins, normalization and refusals.</summary>
public sealed class RoutePlannerTests
{
    [Fact]
    public void Plan_TrunksWithRates_CheapestFirst()
    {
        var h = new RoutingHarness($$"""
            trunks:
            {{RoutingHarness.Trunk("dear", 0, "priority: 1, rates: { \"1\": 0.0300 }")}}
            {{RoutingHarness.Trunk("cheap", 1, "priority: 3, rates: { \"1\": 0.0100 }")}}
            {{RoutingHarness.Trunk("middle", 2, "priority: 2, rates: { \"1\": 0.0200 }")}}
            """);

        h.Trunks("15551234567").ShouldBe(["cheap", "middle", "dear"]);
    }

    [Fact]
    public void Plan_EqualRates_LowerPriorityFirstThenConfigurationOrder()
    {
        var h = new RoutingHarness($$"""
            trunks:
            {{RoutingHarness.Trunk("c", 0, "priority: 2, rates: { \"1\": 0.01 }")}}
            {{RoutingHarness.Trunk("a", 1, "priority: 1, rates: { \"1\": 0.010 }")}}
            {{RoutingHarness.Trunk("b", 2, "priority: 2, rates: { \"1\": 0.0100 }")}}
            """);

        h.Trunks("15551234567").ShouldBe(["a", "c", "b"]);
    }

    [Fact]
    public void Plan_LongestPrefixPerTrunk_DecidesItsRate()
    {
        // a is cheap for the US in general but dear for 1555; b has one flat US rate.
        var h = new RoutingHarness($$"""
            trunks:
            {{RoutingHarness.Trunk("a", 0, "rates: { \"1\": 0.010, \"1555\": 0.030, \"15551\": 0.005 }")}}
            {{RoutingHarness.Trunk("b", 1, "rates: { \"1\": 0.020 }")}}
            """);

        h.Trunks("12125551234").ShouldBe(["a", "b"]);
        h.Trunks("15559876543").ShouldBe(["b", "a"]);
        h.Trunks("15551234567").ShouldBe(["a", "b"]);
        var plan = h.Planner.Plan("15559876543");
        plan.Attempts.Select(a => a.Rate).ShouldBe([0.020m, 0.030m]);
    }

    [Fact]
    public void Plan_RateTableWithoutTheNumber_TrunkCannotCarryIt()
    {
        var h = new RoutingHarness($$"""
            trunks:
            {{RoutingHarness.Trunk("us", 0, "rates: { \"1\": 0.010 }")}}
            {{RoutingHarness.Trunk("uk", 1, "rates: { \"44\": 0.015 }")}}
            """);

        h.Trunks("442079460000").ShouldBe(["uk"]);
        h.Trunks("15551234567").ShouldBe(["us"]);
    }

    [Fact]
    public void Plan_TrunkWithoutRateTable_CarriesEverythingAfterPricedTrunks()
    {
        var h = new RoutingHarness($$"""
            trunks:
            {{RoutingHarness.Trunk("flat", 0, "priority: 1")}}
            {{RoutingHarness.Trunk("us", 1, "priority: 50, rates: { \"1\": 0.010 }")}}
            {{RoutingHarness.Trunk("fallback", 2, "priority: 0")}}
            """);

        h.Trunks("15551234567").ShouldBe(["us", "fallback", "flat"]);
        h.Trunks("33612345678").ShouldBe(["fallback", "flat"]);
        h.Planner.Plan("33612345678").Attempts.ShouldAllBe(a => a.Rate == null);
    }

    [Fact]
    public void Plan_NoRatesAnywhere_PriorityOrder()
    {
        var h = new RoutingHarness($$"""
            trunks:
            {{RoutingHarness.Trunk("backup", 0, "priority: 2")}}
            {{RoutingHarness.Trunk("primary", 1, "priority: 1")}}
            {{RoutingHarness.Trunk("last", 2)}}
            """);

        h.Trunks("15551234567").ShouldBe(["primary", "backup", "last"]);
    }

    [Fact]
    public void Plan_UserPartIsNotANumber_PriorityOrderOverEveryTrunkWithoutRates()
    {
        var h = new RoutingHarness($$"""
            trunks:
            {{RoutingHarness.Trunk("us", 0, "priority: 2, rates: { \"1\": 0.010 }")}}
            {{RoutingHarness.Trunk("primary", 1, "priority: 1")}}
            """);

        var plan = h.Planner.Plan("alice");

        plan.Normalized.ShouldBe("alice");
        plan.Attempts.Select(a => a.Trunk.Name).ShouldBe(["primary", "us"]);
        plan.Attempts.ShouldAllBe(a => a.Rate == null);
    }

    [Fact]
    public void Plan_DisabledTrunk_NeverAppears()
    {
        var h = new RoutingHarness($$"""
            proxy:
              allow: [ 127.0.0.1/32 ]
              routes: [ { prefix: "911", trunks: [ off, on ] } ]
            trunks:
            {{RoutingHarness.Trunk("off", 0, "enabled: false, priority: 1, rates: { \"1\": 0.001 }")}}
            {{RoutingHarness.Trunk("on", 1, "priority: 2, rates: { \"1\": 0.010 }")}}
            """);

        h.Trunks("15551234567").ShouldBe(["on"]);
        h.Trunks("911").ShouldBe(["on"]);
        h.Planner.Trunks.Select(t => t.Name).ShouldBe(["on"]);
    }

    [Fact]
    public void Plan_NormalizationRules_ApplyBeforeRatesAndPins()
    {
        var h = new RoutingHarness($$"""
            proxy:
              allow: [ 127.0.0.1/32 ]
              normalize:
                - { match: "9", length: 11, strip: 1, prepend: "+1" }
                - { match: "", length: 10, prepend: "+1" }
            trunks:
            {{RoutingHarness.Trunk("us", 0, "rates: { \"1\": 0.010 }")}}
            {{RoutingHarness.Trunk("uk", 1, "rates: { \"44\": 0.015 }")}}
            """);

        var plan = h.Planner.Plan("95551234567");

        plan.Dialed.ShouldBe("95551234567");
        plan.Normalized.ShouldBe("15551234567");
        plan.Attempts.Select(a => a.Trunk.Name).ShouldBe(["us"]);
        h.Planner.Plan("5551234567").Normalized.ShouldBe("15551234567");
    }

    [Fact]
    public void Plan_PinnedPrefix_OverridesCostAndExcludesOtherTrunks()
    {
        var h = new RoutingHarness($$"""
            proxy:
              allow: [ 127.0.0.1/32 ]
              routes:
                - { prefix: "+1911", trunks: [ local, dear ] }
                - { prefix: "1", trunks: [ dear ] }
                - { prefix: "1212", trunks: [ cheap ] }
            trunks:
            {{RoutingHarness.Trunk("cheap", 0, "rates: { \"1\": 0.001 }")}}
            {{RoutingHarness.Trunk("dear", 1, "rates: { \"1\": 0.090 }")}}
            {{RoutingHarness.Trunk("local", 2, "rates: { \"44\": 0.01 }")}}
            """);

        h.Trunks("1911").ShouldBe(["local", "dear"]); // pinned even though local has no US rate
        h.Trunks("12125551234").ShouldBe(["cheap"]); // longest pin wins
        h.Trunks("15551234567").ShouldBe(["dear"]);
        h.Trunks("442079460000").ShouldBe(["local"]); // no pin: least cost
        h.Planner.Plan("1911").Attempts.Select(a => a.Rate).ShouldBe([null, 0.090m]);
    }

    [Fact]
    public void Plan_PinWithLength_MatchesOnlyNumbersOfThatLength()
    {
        var h = new RoutingHarness($$"""
            proxy:
              allow: [ 127.0.0.1/32 ]
              routes:
                - { prefix: "911", length: 3, trunks: [ local ] }
            trunks:
            {{RoutingHarness.Trunk("intl", 0, "rates: { \"91\": 0.020 }")}}
            {{RoutingHarness.Trunk("local", 1, "rates: { \"1\": 0.010 }")}}
            """);

        h.Trunks("911").ShouldBe(["local"]);
        h.Trunks("911123456789").ShouldBe(["intl"]); // +91 11 (New Delhi) is not an emergency call
    }

    [Fact]
    public void Plan_ServiceCode_MatchesAPinOnItsDialString()
    {
        var h = new RoutingHarness($$"""
            proxy:
              allow: [ 127.0.0.1/32 ]
              routes: [ { prefix: "*6", trunks: [ b ] } ]
            trunks:
            {{RoutingHarness.Trunk("a", 0, "priority: 1")}}
            {{RoutingHarness.Trunk("b", 1, "priority: 2")}}
            """);

        h.Trunks("*611").ShouldBe(["b"]);
        h.Trunks("611").ShouldBe(["a", "b"]);
    }

    [Fact]
    public void Plan_NoTrunkHasARate_RefusesSayingSo()
    {
        var h = new RoutingHarness($$"""
            trunks:
            {{RoutingHarness.Trunk("us", 0, "rates: { \"1\": 0.010 }")}}
            """);

        var plan = h.Planner.Plan("+442079460000");

        plan.HasAttempts.ShouldBeFalse();
        plan.Normalized.ShouldBe("442079460000");
        plan.Refusal.ShouldBe("no trunk has a rate for 442079460000");
    }

    [Fact]
    public void Plan_NothingDialed_Refuses()
    {
        var h = new RoutingHarness($$"""
            trunks:
            {{RoutingHarness.Trunk("a", 0)}}
            """);

        var plan = h.Planner.Plan(string.Empty);

        plan.HasAttempts.ShouldBeFalse();
        plan.Refusal.ShouldBe("nothing dialed: the Request-URI has no number");
    }

    [Fact]
    public void Plan_EveryTrunkDisabledInConfiguration_RefusesSayingSo()
    {
        var h = new RoutingHarness($$"""
            trunks:
            {{RoutingHarness.Trunk("a", 0, "enabled: false")}}
            """);

        h.Planner.Plan("15551234567").Refusal.ShouldBe("no trunk for 15551234567: every trunk is disabled in the configuration");
    }

    [Fact]
    public void Plan_HasAttempts_NoRefusal()
    {
        var h = new RoutingHarness($$"""
            trunks:
            {{RoutingHarness.Trunk("a", 0)}}
            """);

        var plan = h.Planner.Plan("15551234567");

        plan.HasAttempts.ShouldBeTrue();
        plan.Refusal.ShouldBeNull();
        plan.Attempts[0].Gateway.ShouldBe(new RouteGateway("a/sip:192.0.2.1:5060", "sip:192.0.2.1:5060"));
        plan.Attempts[0].Trunk.ShouldBeSameAs(h.Planner.FindTrunk("a"));
    }

    [Fact]
    public void Plan_TrunkAtMaxCalls_SkippedAndNamedInTheRefusal()
    {
        var h = new RoutingHarness($$"""
            trunks:
            {{RoutingHarness.Trunk("small", 0, "priority: 1, limits: { max_calls: 1 }")}}
            {{RoutingHarness.Trunk("big", 1, "priority: 2, limits: { max_calls: 2 }")}}
            """);
        var small = h.Planner.FindTrunk("small")!.Load;
        var big = h.Planner.FindTrunk("big")!.Load;

        small.TryAcquire().ShouldBeTrue();
        h.Trunks("15551234567").ShouldBe(["big"]);

        big.TryAcquire().ShouldBeTrue();
        big.TryAcquire().ShouldBeTrue();
        h.Planner.Plan("15551234567").Refusal.ShouldBe("no usable trunk for 15551234567: small at max_calls (1 of 1), big at max_calls (2 of 2)");

        small.Release();
        h.Trunks("15551234567").ShouldBe(["small"]);
    }

    [Fact]
    public void Plan_TrunkAtMaxCps_SkippedUntilTheBucketRefills()
    {
        var h = new RoutingHarness($$"""
            trunks:
            {{RoutingHarness.Trunk("a", 0, "priority: 1, limits: { max_cps: 1 }")}}
            {{RoutingHarness.Trunk("b", 1, "priority: 2")}}
            """);

        h.Planner.FindTrunk("a")!.Load.TryAcquire().ShouldBeTrue();
        h.Trunks("15551234567").ShouldBe(["b"]);

        h.Clock.Advance(TimeSpan.FromSeconds(1.01));
        h.Trunks("15551234567").ShouldBe(["a", "b"]);
    }

    [Fact]
    public void Create_WithPreviousPlanner_TrunkWithSameLimitsKeepsItsCalls()
    {
        var h = new RoutingHarness($$"""
            trunks:
            {{RoutingHarness.Trunk("same", 0, "limits: { max_calls: 1 }")}}
            {{RoutingHarness.Trunk("changed", 1, "limits: { max_calls: 1 }")}}
            """);
        h.Planner.FindTrunk("same")!.Load.TryAcquire().ShouldBeTrue();
        h.Planner.FindTrunk("changed")!.Load.TryAcquire().ShouldBeTrue();
        var reloaded = new RoutingHarness($$"""
            trunks:
            {{RoutingHarness.Trunk("same", 0, "limits: { max_calls: 1 }")}}
            {{RoutingHarness.Trunk("changed", 1, "limits: { max_calls: 2 }")}}
            """).Config;

        var planner = RoutePlanner.Create(reloaded, h.Board, h.Clock, previous: h.Planner);

        planner.FindTrunk("same")!.Load.ShouldBeSameAs(h.Planner.FindTrunk("same")!.Load);
        planner.FindTrunk("same")!.Load.IsFull.ShouldBeTrue();
        planner.FindTrunk("changed")!.Load.MaxCalls.ShouldBe(2);
        planner.Plan("15551234567").Attempts.Select(a => a.Trunk.Name).ShouldBe(["changed"]);
    }

    [Fact]
    public void Plan_ManyTrunksAndGateways_BeyondTheStackBuffers_StillOrdered()
    {
        var yaml = new System.Text.StringBuilder("trunks:\n");
        for (var t = 0; t < 150; t++)
        {
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"  - {{ name: t{t}, priority: {150 - t}, gateways: [ \"sip:10.0.{t}.1:5060\", \"sip:10.0.{t}.2:5060\" ] }}\n");
        }

        var h = new RoutingHarness(yaml.ToString());

        var trunks = h.Trunks("15551234567");

        trunks.Length.ShouldBe(300);
        trunks.Distinct().ShouldBe(Enumerable.Range(0, 150).Select(t => "t" + (149 - t)));
    }
}
