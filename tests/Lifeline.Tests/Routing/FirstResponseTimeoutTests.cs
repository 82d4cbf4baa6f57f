using Lifeline.Routing;

namespace Lifeline.Tests.Routing;

/// <summary>
/// The first-response timeout of an attempt: <c>clamp(probe timeout + 200 ms, 200 ms, 1 s)</c> for
/// <c>invite_timeout: auto</c>, where the probe timeout is the gateway's adaptive one.
/// </summary>
public sealed class FirstResponseTimeoutTests
{
    private static readonly string Config = $$"""
        trunks:
        {{RoutingHarness.Trunk("auto", 0)}}
        {{RoutingHarness.Trunk("fixed", 1, "invite_timeout: 300ms")}}
        """;

    [Fact]
    public void FirstResponseTimeout_NoRttMeasuredYet_OneSecond()
    {
        var h = new RoutingHarness(Config);

        h.Planner.FirstResponseTimeout(Attempt(h, "auto")).ShouldBe(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void FirstResponseTimeout_LanGateway_ProbeFloorPlusAllowance()
    {
        var h = new RoutingHarness(Config);
        for (var i = 0; i < 10; i++)
        {
            h.Answer("auto", rttMs: 2);
        }

        // 3 × 2 ms is below the probe floor of 200 ms; a carrier may take 200 ms more before its 100 Trying.
        h.Planner.FirstResponseTimeout(Attempt(h, "auto")).ShouldBe(TimeSpan.FromMilliseconds(400));
    }

    [Fact]
    public void FirstResponseTimeout_DistantGateway_FollowsTheSmoothedRtt()
    {
        var h = new RoutingHarness(Config);
        for (var i = 0; i < 50; i++)
        {
            h.Answer("auto", rttMs: 150);
        }

        var timeout = h.Planner.FirstResponseTimeout(Attempt(h, "auto"));

        // 3 × 150 ms + 200 ms, give or take the RTT variance term that a steady RTT has decayed away.
        timeout.TotalMilliseconds.ShouldBe(650, tolerance: 5);
    }

    [Fact]
    public void FirstResponseTimeout_SlowGateway_NeverBeyondOneSecond()
    {
        var h = new RoutingHarness(Config);
        for (var i = 0; i < 50; i++)
        {
            h.Answer("auto", rttMs: 600);
        }

        h.Planner.FirstResponseTimeout(Attempt(h, "auto")).ShouldBe(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void FirstResponseTimeout_FixedInviteTimeout_UsedAsWritten()
    {
        var h = new RoutingHarness(Config);
        for (var i = 0; i < 10; i++)
        {
            h.Answer("fixed", rttMs: 2);
        }

        h.Planner.FirstResponseTimeout(Attempt(h, "fixed")).ShouldBe(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void FirstResponseTimeout_OwnBounds_Respected()
    {
        var options = new RoutePlannerOptions { MinFirstResponse = TimeSpan.FromMilliseconds(300), ResponseAllowance = TimeSpan.Zero };
        var h = new RoutingHarness(Config, options: options);
        for (var i = 0; i < 10; i++)
        {
            h.Answer("auto", rttMs: 2);
        }

        h.Planner.FirstResponseTimeout(Attempt(h, "auto")).ShouldBe(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void FirstResponseTimeout_RttChanges_FollowedWithinASecond()
    {
        var h = new RoutingHarness(Config);
        var attempt = Attempt(h, "auto");
        for (var i = 0; i < 10; i++)
        {
            h.Answer("auto", rttMs: 2);
        }

        h.Planner.FirstResponseTimeout(attempt).ShouldBe(TimeSpan.FromMilliseconds(400));
        for (var i = 0; i < 50; i++)
        {
            h.Answer("auto", rttMs: 150);
        }

        // Reused for up to a second, so calls do not queue on the health board's lock.
        h.Planner.FirstResponseTimeout(attempt).ShouldBe(TimeSpan.FromMilliseconds(400));
        h.Clock.Advance(TimeSpan.FromSeconds(1));
        h.Planner.FirstResponseTimeout(attempt).TotalMilliseconds.ShouldBe(650, tolerance: 5);
    }

    private static RouteAttempt Attempt(RoutingHarness h, string trunk)
    {
        var routeTrunk = h.Planner.FindTrunk(trunk)!;
        return new RouteAttempt(routeTrunk, routeTrunk.Gateways[0]);
    }
}
