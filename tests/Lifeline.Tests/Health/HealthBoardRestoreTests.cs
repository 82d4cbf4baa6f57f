using System.Text.Json;
using Lifeline.Health;

namespace Lifeline.Tests.Health;

public sealed class HealthBoardRestoreTests
{
    private static List<TargetHealthSnapshot> RoundTrip(IReadOnlyList<TargetHealthSnapshot> snapshots)
    {
        var json = JsonSerializer.Serialize(snapshots);
        return JsonSerializer.Deserialize<List<TargetHealthSnapshot>>(json)!;
    }

    private static HealthDriver Restarted(HealthDriver before, TimeSpan away)
    {
        var saved = RoundTrip(before.Board.Capture());
        var after = new HealthDriver();
        after.Clock.Advance(before.Clock.Elapsed + away);
        after.Board.Restore(saved);
        return after;
    }

    /// <summary>Down three times within 20 s: damped.</summary>
    private static void Flap(HealthDriver d, string id)
    {
        d.Answer(id: id);
        d.Misses(8, id: id);
        for (var i = 0; i < 2; i++)
        {
            d.Answer(after: 1, id: id);
            d.Miss(after: 1, id: id);
            d.Miss(after: 1, id: id);
            d.Miss(after: 1, id: id);
        }
    }

    [Fact]
    public void Restore_DownTarget_StaysDownUntilItProvesItself()
    {
        var before = new HealthDriver();
        before.GoDown();

        var after = Restarted(before, TimeSpan.FromSeconds(30));

        after.Health().ShouldBe(TargetHealth.Down);
        after.Board.Current.Targets[HealthDriver.Gw].Since.ShouldBe(before.Board.Current.Targets[HealthDriver.Gw].Since);
        after.Answer().ShouldHaveSingleItem().To.ShouldBe(TargetHealth.Recovering);
        after.Answer(after: 1);
        after.Answer(after: 1);
        after.Health().ShouldBe(TargetHealth.Recovering);
    }

    [Fact]
    public void Restore_RecoveringTarget_StartsItsProofAgain()
    {
        var before = new HealthDriver();
        before.GoDown();
        before.Answer(after: 1);
        for (var i = 0; i < 8; i++)
        {
            before.Answer(after: 1);
        }

        var after = Restarted(before, TimeSpan.FromSeconds(5));

        after.Health().ShouldBe(TargetHealth.Recovering);
        after.Board.TrafficShare(HealthDriver.Gw).ShouldBe(0.10);
        after.Board.Current.Targets[HealthDriver.Gw].ComputedSince.ShouldBe(after.Now);
        after.Answer(after: 1);
        after.Answer(after: 1);
        after.Answer(after: 1);
        after.Health().ShouldBe(TargetHealth.Recovering); // 3 answers, but only 3 s of the 10 s
        after.Answer(after: 7).ShouldHaveSingleItem().To.ShouldBe(TargetHealth.Up);
    }

    [Fact]
    public void Restore_DampedTarget_StaysDampedUntilThePenaltyDecays()
    {
        var before = new HealthDriver();
        Flap(before, HealthDriver.Gw);
        var saved = before.Board.Capture().Single();
        saved.Damped.ShouldBeTrue();
        var releaseAt = saved.SuppressedUntil!.Value;

        var after = Restarted(before, TimeSpan.FromSeconds(20));

        var restored = after.Board.Current.Targets[HealthDriver.Gw];
        restored.Health.ShouldBe(TargetHealth.Down);
        restored.Damped.ShouldBeTrue();
        restored.SuppressedUntil!.Value.ShouldBe(releaseAt, TimeSpan.FromMilliseconds(1));

        // It answers all along, but stays out until the penalty has decayed.
        while (after.Now < releaseAt.AddSeconds(-1))
        {
            after.Answer(after: 1).ShouldBeEmpty();
        }

        var released = after.Answer(after: 2);
        released.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            t => t.To.ShouldBe(TargetHealth.Recovering),
            t => t.Reason.ShouldStartWith("damping released"));
    }

    [Fact]
    public void Restore_DampedTargetAfterLongAbsence_DownAndMustProveItself()
    {
        var before = new HealthDriver();
        Flap(before, HealthDriver.Gw);

        var after = Restarted(before, TimeSpan.FromHours(1));

        var restored = after.Board.Current.Targets[HealthDriver.Gw];
        restored.Health.ShouldBe(TargetHealth.Down);
        restored.Damped.ShouldBeFalse();
        after.Answer().ShouldHaveSingleItem().To.ShouldBe(TargetHealth.Recovering);
    }

    [Fact]
    public void Restore_OperatorStatesAndUpTargets_Kept()
    {
        var before = new HealthDriver();
        before.Answer(id: "up");
        before.Answer(id: "drained");
        before.Board.Drain("drained");
        before.Answer(id: "disabled");
        before.Board.Disable("disabled");

        var after = Restarted(before, TimeSpan.FromMinutes(2));

        after.Health("up").ShouldBe(TargetHealth.Up);
        after.Health("drained").ShouldBe(TargetHealth.Drained);
        after.Health("disabled").ShouldBe(TargetHealth.Disabled);
        after.Board.Enable("drained").ShouldHaveSingleItem().To.ShouldBe(TargetHealth.Up);
    }

    [Fact]
    public void Restore_DownByCalls_CallHoldSurvivesRestart()
    {
        var before = new HealthDriver();
        before.Answer();
        for (var i = 0; i < 5; i++)
        {
            before.CallFailed(503, after: 0.1);
        }

        var after = Restarted(before, TimeSpan.FromSeconds(10));

        after.Answer().ShouldBeEmpty();
        after.Health().ShouldBe(TargetHealth.Down);
        after.Answer(after: 50).ShouldHaveSingleItem().To.ShouldBe(TargetHealth.Recovering);
    }

    [Fact]
    public void Capture_Counters_RoundTripThroughJson()
    {
        var before = new HealthDriver();
        before.GoDown();

        var saved = before.Board.Capture().Single();
        var back = RoundTrip([saved]).Single();

        back.ShouldBe(saved with { Counters = back.Counters });
        back.Counters.ShouldBe(saved.Counters);
        back.Counters.Downs.ShouldBe(1);
        back.Counters.Failures.ShouldBe(8);
    }

    [Fact]
    public void Restore_ClockBehindSnapshot_NoTimeTravel()
    {
        var before = new HealthDriver();
        before.Clock.Advance(TimeSpan.FromHours(1));
        before.GoDown();
        var saved = RoundTrip(before.Board.Capture());

        var after = new HealthDriver(); // clock an hour behind the snapshot
        after.Board.Restore(saved);

        var restored = after.Board.Current.Targets[HealthDriver.Gw];
        restored.Health.ShouldBe(TargetHealth.Down);
        restored.Since.ShouldBeLessThanOrEqualTo(after.Now);
        restored.PenaltyAt.ShouldBeLessThanOrEqualTo(after.Now);
    }
}
