using Lifeline.Health;

namespace Lifeline.Tests.Health;

/// <summary>
/// The board ticks only targets whose rules can move with time alone; these tests check that the quiet ones are
/// skipped and that every time-based rule (stable time, damping release, windows, phi) still fires on a tick.
/// </summary>
public sealed class HealthBoardPendingTests
{
    [Fact]
    public void Tick_ManyAnsweredUpTargets_NonePendingAndNothingChanges()
    {
        var d = new HealthDriver();
        for (var i = 0; i < 1000; i++)
        {
            d.Answer(id: "gw" + i);
        }

        d.Board.PendingCount.ShouldBe(0);
        d.Tick(after: 3600).ShouldBeEmpty();
        d.Board.Current.Targets.Count.ShouldBe(1000);
        d.Board.Current.Targets.Values.ShouldAllBe(t => t.Computed == TargetHealth.Up);
    }

    [Fact]
    public void Tick_NewlyTrackedTarget_EvaluatedOnceThenDropped()
    {
        var d = new HealthDriver();
        d.Board.Track("gw-new");

        d.Board.PendingCount.ShouldBe(1);
        d.Tick(after: 1).ShouldBeEmpty();
        d.Board.PendingCount.ShouldBe(0);
    }

    [Fact]
    public void Tick_SuspectTarget_PendingUntilBackUp()
    {
        var d = new HealthDriver();
        d.Answer();
        d.Miss();

        d.Health().ShouldBe(TargetHealth.Suspect);
        d.Board.PendingCount.ShouldBe(1);
        d.Answer(after: 0.5);
        d.Health().ShouldBe(TargetHealth.Up);
        d.Board.PendingCount.ShouldBe(0);
    }

    [Fact]
    public void Tick_RecoveringTarget_UpOnceStableTimeIsReachedByTickAlone()
    {
        var d = new HealthDriver();
        d.GoDown();
        d.Board.PendingCount.ShouldBe(0);

        d.Answer(after: 0.5);
        d.Answer(after: 0.5);
        d.Answer(after: 0.5);
        d.Health().ShouldBe(TargetHealth.Recovering);
        d.Board.PendingCount.ShouldBe(1);

        var up = d.Tick(after: 10);

        up.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            t => t.From.ShouldBe(TargetHealth.Recovering),
            t => t.To.ShouldBe(TargetHealth.Up),
            t => t.Reason.ShouldStartWith("3 probes answered, stable for"));
        d.Board.PendingCount.ShouldBe(0);
    }

    [Fact]
    public void Tick_DampedTarget_PendingUntilDampingReleased()
    {
        var d = new HealthDriver();
        for (var flap = 0; flap < 5 && !d.Transitions.Exists(t => t.Reason.Contains("damped:", StringComparison.Ordinal)); flap++)
        {
            d.GoDown();
            d.Answer(after: 0.5);
            d.Answer(after: 0.5);
            d.Answer(after: 0.5);
            d.Tick(after: 10);
        }

        d.Transitions.ShouldContain(t => t.Reason.Contains("damped:", StringComparison.Ordinal));
        d.Health().ShouldBe(TargetHealth.Down);
        d.Board.PendingCount.ShouldBe(1);

        var released = d.Tick(after: 600);

        released.ShouldContain(t => t.Reason.StartsWith("damping released", StringComparison.Ordinal));
        d.Board.PendingCount.ShouldBe(d.Health() == TargetHealth.Down ? 0 : 1);
    }

    [Fact]
    public void Tick_CallFailureInRatioWindow_PendingUntilItLeavesTheWindow()
    {
        var d = new HealthDriver();
        d.Answer();
        d.CallFailed();

        d.Health().ShouldBe(TargetHealth.Suspect);
        d.Board.PendingCount.ShouldBe(1);

        var back = d.Tick(after: 31);

        back.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            t => t.To.ShouldBe(TargetHealth.Up),
            t => t.Reason.ShouldBe("earlier failures left the window"));
        d.Board.PendingCount.ShouldBe(0);
    }

    [Fact]
    public void Tick_PhiDetector_AnsweredTargetStaysPendingAndSilenceIsNoticedByTick()
    {
        var options = new HealthOptions
        {
            Probes = new DetectorOptions { Detector = FailureDetectors.Phi, Phi = new PhiAccrualOptions { AcceptableHeartbeatPause = TimeSpan.FromSeconds(0.5), FirstHeartbeatEstimate = TimeSpan.FromSeconds(1) } },
        };
        var d = new HealthDriver(options);
        for (var i = 0; i < 10; i++)
        {
            d.Answer(after: 1);
        }

        d.Board.PendingCount.ShouldBe(1);

        var transitions = d.Tick(after: 60);

        transitions.ShouldNotBeEmpty();
        transitions[0].From.ShouldBe(TargetHealth.Up);
        d.Health().ShouldNotBe(TargetHealth.Up);
    }

    [Fact]
    public void Untrack_PendingTarget_NoLongerTicked()
    {
        var d = new HealthDriver();
        d.Answer();
        d.Miss();
        d.Board.PendingCount.ShouldBe(1);

        d.Board.Untrack(HealthDriver.Gw).ShouldBeTrue();

        d.Board.PendingCount.ShouldBe(0);
        d.Tick(after: 60).ShouldBeEmpty();
    }

    [Fact]
    public void Restore_RecoveringSnapshot_PendingAndReachesUpByTick()
    {
        var d = new HealthDriver();
        d.GoDown();
        d.Answer(after: 0.5);
        d.Answer(after: 0.5);
        d.Answer(after: 0.5);
        var saved = d.Board.Capture();

        var restored = new HealthDriver();
        restored.Board.Restore(saved);

        restored.Board.PendingCount.ShouldBe(1);
        restored.Tick(after: 1);
        restored.Board.Current.HealthOf(HealthDriver.Gw).ShouldNotBeNull();
        (restored.Board.PendingCount == 0).ShouldBe(restored.Health() is TargetHealth.Up or TargetHealth.Down);
    }
}
