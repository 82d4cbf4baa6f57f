using Lifeline.Health;

namespace Lifeline.Tests.Health;

public sealed class HealthBoardTargetOptionsTests
{
    private static readonly HealthOptions Strict = new()
    {
        Probes = new DetectorOptions { Consecutive = new ConsecutiveFailuresOptions { Failures = 2 } },
        Intervals = new ProbeIntervalOptions { Up = TimeSpan.FromSeconds(7), Suspect = TimeSpan.FromSeconds(3) },
        Recovery = new RecoveryOptions { Successes = 1, StableTime = TimeSpan.FromSeconds(4), RampSteps = [0.5] },
        Damping = new FlapDampingOptions { Enabled = false },
    };

    [Fact]
    public void Track_WithOwnOptions_TargetFollowsThemAndOthersFollowTheBoard()
    {
        var d = new HealthDriver();
        d.Board.Track("strict", Strict);
        d.Answer(id: "strict");
        d.Answer(id: HealthDriver.Gw);

        d.Misses(2, id: "strict");
        d.Misses(2, id: HealthDriver.Gw);

        d.Health("strict").ShouldBe(TargetHealth.Down);
        d.Health(HealthDriver.Gw).ShouldBe(TargetHealth.Suspect);
        d.Board.OptionsFor("strict").ShouldBeSameAs(Strict);
        d.Board.OptionsFor(HealthDriver.Gw).ShouldBeSameAs(d.Board.Options);
    }

    [Fact]
    public void ProbeIntervalFor_TargetWithOwnOptions_UsesItsIntervals()
    {
        var d = new HealthDriver();
        d.Board.Track("strict", Strict);

        d.Board.ProbeIntervalFor("strict").ShouldBe(TimeSpan.FromSeconds(7));
        d.Miss(id: "strict");
        d.Board.ProbeIntervalFor("strict").ShouldBe(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void TrafficShare_RecoveringTargetWithOwnRamp_FollowsItsRampAndStableTime()
    {
        var d = new HealthDriver();
        d.Board.Track("strict", Strict);
        d.Misses(2, id: "strict");

        d.Answer(after: 1, id: "strict");

        d.Health("strict").ShouldBe(TargetHealth.Recovering);
        d.Board.Current.TrafficShare("strict", d.Now).ShouldBe(0.5);
        d.Tick(after: 4);
        d.Health("strict").ShouldBe(TargetHealth.Up);
    }

    [Fact]
    public void Track_NewOptionsForWatchedTarget_KeepsOperatorState()
    {
        var d = new HealthDriver();
        d.Board.Track("gw");
        d.Board.Drain("gw");

        d.Board.Track("gw", Strict);

        d.Health("gw").ShouldBe(TargetHealth.Drained);
        d.Board.OptionsFor("gw").ShouldBeSameAs(Strict);
    }

    [Fact]
    public void Track_InvalidOptions_Throws()
    {
        var d = new HealthDriver();

        Should.Throw<ArgumentException>(() => d.Board.Track("bad", new HealthOptions { Recovery = new RecoveryOptions { Successes = 0 } }))
            .Message.ShouldContain("health.recovery.successes");
    }
}
