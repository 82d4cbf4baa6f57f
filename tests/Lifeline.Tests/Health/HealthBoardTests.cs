using Lifeline.Health;

namespace Lifeline.Tests.Health;

public sealed class HealthBoardTests
{
    [Fact]
    public void Apply_OneLostProbe_StaysOutOfDown()
    {
        var d = new HealthDriver();
        d.Answer();

        var suspect = d.Miss();
        var back = d.Answer(after: 0.3);

        suspect.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            t => t.From.ShouldBe(TargetHealth.Up),
            t => t.To.ShouldBe(TargetHealth.Suspect),
            t => t.Reason.ShouldBe("probe timed out after 200 ms"));
        back.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            t => t.To.ShouldBe(TargetHealth.Up),
            t => t.Reason.ShouldBe("probe answered in 20 ms"));
        d.Transitions.ShouldNotContain(t => t.To == TargetHealth.Down);
    }

    [Fact]
    public void Apply_OneMissLessThanThreshold_StillSuspect()
    {
        var d = new HealthDriver();
        d.Answer();

        d.Misses(7);

        d.Health().ShouldBe(TargetHealth.Suspect);
        d.Board.Current.TrafficShare(HealthDriver.Gw, d.Now).ShouldBe(1.0);
    }

    [Fact]
    public void Apply_EightMissesInARow_DownWithReasonAndEvidence()
    {
        var d = new HealthDriver();
        d.Answer(rttMs: 40);

        var transitions = d.Misses(8);

        transitions.Select(t => t.To).ShouldBe([TargetHealth.Suspect, TargetHealth.Down]);
        var down = transitions[^1];
        down.From.ShouldBe(TargetHealth.Suspect);
        down.Reason.ShouldBe("8 probes in a row timed out (last 200 ms)");
        down.Evidence.Detector.ShouldBe("consecutive");
        down.Evidence.LastSignals.Count.ShouldBe(8);
        down.Evidence.LastSignals.ShouldAllBe(s => s.Outcome == SignalOutcome.Timeout);
        down.Evidence.SmoothedRtt.ShouldBe(TimeSpan.FromMilliseconds(40));
        down.Evidence.FlapPenalty.ShouldBe(1000);
        d.Board.Current.TrafficShare(HealthDriver.Gw, d.Now).ShouldBe(0);
    }

    [Fact]
    public void ProbeIntervalFor_EachState_SpeedsUpWhenInDoubt()
    {
        var d = new HealthDriver();
        d.Answer();
        d.Board.ProbeIntervalFor(HealthDriver.Gw).ShouldBe(TimeSpan.FromSeconds(2));

        d.Miss();
        d.Board.ProbeIntervalFor(HealthDriver.Gw).ShouldBe(TimeSpan.FromMilliseconds(500));

        d.Misses(7);
        d.Board.ProbeIntervalFor(HealthDriver.Gw).ShouldBe(TimeSpan.FromSeconds(1));

        d.Answer(after: 1);
        d.Health().ShouldBe(TargetHealth.Recovering);
        d.Board.ProbeIntervalFor(HealthDriver.Gw).ShouldBe(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void ProbeTimeoutFor_AfterAnswers_AdaptsToRtt()
    {
        var d = new HealthDriver();
        d.Board.ProbeTimeoutFor(HealthDriver.Gw).ShouldBe(TimeSpan.FromSeconds(1));

        for (var i = 0; i < 100; i++)
        {
            d.Answer(after: 2, rttMs: 120);
        }

        d.Board.ProbeTimeoutFor(HealthDriver.Gw).TotalMilliseconds.ShouldBe(360, 1);
        d.Board.RttPercentilesFor(HealthDriver.Gw).P50.ShouldBe(TimeSpan.FromMilliseconds(120));
    }

    [Fact]
    public void Apply_DownThenAnswers_FailsBackOnlyAfterSuccessesAndStableTime()
    {
        var d = new HealthDriver();
        d.GoDown();

        d.Answer(after: 1).ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            t => t.To.ShouldBe(TargetHealth.Recovering),
            t => t.Reason.ShouldBe("probe answered in 20 ms after 1 s down"));
        var recoveringAt = d.Now;
        for (var i = 1; i <= 9; i++)
        {
            d.Answer(after: 1);
        }

        // Ten answers in a row, but 1 tick short of the 10 s stable time.
        d.Clock.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1));
        d.Tick().ShouldBeEmpty();
        d.Health().ShouldBe(TargetHealth.Recovering);

        var up = d.Tick(after: TimeSpan.FromTicks(1).TotalSeconds);

        up.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            t => t.From.ShouldBe(TargetHealth.Recovering),
            t => t.To.ShouldBe(TargetHealth.Up),
            t => t.Reason.ShouldBe("10 probes answered, stable for 10 s"),
            t => t.At.ShouldBe(recoveringAt.AddSeconds(10)));
    }

    [Fact]
    public void Apply_StableTimePassedWithTooFewSuccesses_StaysRecoveringUntilTheLastOne()
    {
        var d = new HealthDriver();
        d.GoDown();
        d.Answer(after: 1);

        d.Answer(after: 15);
        d.Tick(after: 5);

        d.Health().ShouldBe(TargetHealth.Recovering);
        var up = d.Answer(after: 1);
        up.ShouldHaveSingleItem().Reason.ShouldBe("3 probes answered, stable for 21 s");
    }

    [Fact]
    public void Apply_OneMissWhileRecovering_StaysRecoveringButCountsSuccessesAgain()
    {
        var d = new HealthDriver();
        d.GoDown();
        d.Answer(after: 1);
        d.Answer(after: 1);
        d.Answer(after: 1);

        d.Miss(after: 1);
        d.Health().ShouldBe(TargetHealth.Recovering);
        d.Answer(after: 7);
        d.Answer(after: 0.5);

        // Stable time is over, but only 2 answers since the miss.
        d.Health().ShouldBe(TargetHealth.Recovering);
        d.Answer(after: 0.5).ShouldHaveSingleItem().To.ShouldBe(TargetHealth.Up);
    }

    [Fact]
    public void Apply_ThreeMissesWhileRecovering_BackToDown()
    {
        var d = new HealthDriver();
        d.GoDown();
        d.Answer(after: 1);

        d.Miss(after: 1).ShouldBeEmpty();
        d.Miss(after: 1).ShouldBeEmpty();
        var relapse = d.Miss(after: 1);

        relapse.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            t => t.From.ShouldBe(TargetHealth.Recovering),
            t => t.To.ShouldBe(TargetHealth.Down),
            t => t.Reason.ShouldBe("3 probes in a row failed while recovering (last: probe timed out after 200 ms)"),
            t => t.Evidence.Detector.ShouldBe("recovery"));
    }

    [Fact]
    public void TrafficShare_Recovering_RampsInStepsOverStableTime()
    {
        var d = new HealthDriver();
        d.GoDown();
        d.Answer(after: 1);
        var start = d.Now;

        var snapshot = d.Board.Current;
        snapshot.TrafficShare(HealthDriver.Gw, start).ShouldBe(0.10);
        snapshot.TrafficShare(HealthDriver.Gw, start.AddSeconds(3.3)).ShouldBe(0.10);
        snapshot.TrafficShare(HealthDriver.Gw, start.AddSeconds(3.4)).ShouldBe(0.25);
        snapshot.TrafficShare(HealthDriver.Gw, start.AddSeconds(6.7)).ShouldBe(0.50);
        snapshot.TrafficShare(HealthDriver.Gw, start.AddSeconds(30)).ShouldBe(0.50);
        for (var i = 0; i < 10; i++)
        {
            d.Answer(after: 1);
        }

        d.Health().ShouldBe(TargetHealth.Up);
        d.Board.TrafficShare(HealthDriver.Gw).ShouldBe(1.0);
    }

    [Fact]
    public void Apply_CarrierFailuresWhileProbesAnswer_CallOutcomesOutrankProbes()
    {
        var d = new HealthDriver();
        d.Answer();

        var first = d.CallFailed(503, after: 1);
        d.Answer(after: 0.5);
        d.Health().ShouldBe(TargetHealth.Suspect); // a probe answer does not clear a failed call
        d.CallAnswered(after: 0.5);
        d.CallFailed(503, after: 0.5);
        d.Answer(after: 0.5);
        var down = d.CallFailed(503, after: 0.5).Concat(d.CallFailed(503, after: 0.5)).ToList();

        first.ShouldHaveSingleItem().Reason.ShouldBe("call failed: 503");
        down.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            t => t.To.ShouldBe(TargetHealth.Down),
            t => t.Reason.ShouldBe("4 of 5 calls failed in 30 s: 503"),
            t => t.Evidence.Detector.ShouldBe("ratio"));
    }

    [Fact]
    public void Apply_ProbesAnswerAfterDownByCalls_HeldDownUntilHoldTimePasses()
    {
        var d = new HealthDriver();
        d.Answer();
        for (var i = 0; i < 5; i++)
        {
            d.CallFailed(503, after: 0.2);
        }

        d.Health().ShouldBe(TargetHealth.Down);
        var downAt = d.Now;

        // Probes keep answering for the whole 60 s hold: the trunk stays Down.
        while (d.Now < downAt.AddSeconds(59))
        {
            d.Answer(after: 1).ShouldBeEmpty();
        }

        d.Health().ShouldBe(TargetHealth.Down);
        d.Board.Capture().Single().Counters.HeldByCallOutcomes.ShouldBe(59);
        d.Answer(after: 1).ShouldHaveSingleItem().To.ShouldBe(TargetHealth.Recovering);

        // Canary calls fail again (probes still answering in between): back to Down.
        d.CallFailed(503, after: 1);
        d.Answer(after: 0.5);
        d.CallFailed(503, after: 0.5);
        var relapse = d.CallFailed(503, after: 1);
        relapse.ShouldHaveSingleItem().Reason.ShouldBe("3 calls in a row failed while recovering (last: call failed: 503)");
    }

    [Fact]
    public void Apply_CanaryCallsFailingOnAndOffWhileRecovering_BackToDownBeforeUp()
    {
        var d = new HealthDriver();
        d.GoDown();
        d.Answer(after: 1);

        // Probes answer every second; half the canary calls fail, never three in a row.
        var transitions = new List<Transition>();
        for (var i = 0; i < 5; i++)
        {
            transitions.AddRange(d.Answer(after: 0.5));
            transitions.AddRange(i % 2 == 0 ? d.CallFailed(503, after: 0.5) : d.CallAnswered(after: 0.5));
        }

        transitions.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            t => t.From.ShouldBe(TargetHealth.Recovering),
            t => t.To.ShouldBe(TargetHealth.Down),
            t => t.Reason.ShouldBe("3 of 5 calls failed in 30 s: 503 while recovering"));
        d.Board.Capture().Single().CallHoldUntil.ShouldNotBeNull();
    }

    [Fact]
    public void Apply_AnsweredCallDuringCallHold_RecoversAtOnce()
    {
        var d = new HealthDriver();
        d.Answer();
        for (var i = 0; i < 5; i++)
        {
            d.CallFailed(502, after: 0.2);
        }

        var recovering = d.CallAnswered(after: 5);

        recovering.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            t => t.To.ShouldBe(TargetHealth.Recovering),
            t => t.Reason.ShouldBe("call answered after 5 s down"));
    }

    [Fact]
    public void Apply_SilentTrunkUnderTraffic_DownByCallTimeoutsBeforeProbesNotice()
    {
        var d = new HealthDriver();
        d.Answer();

        var transitions = new List<Transition>();
        for (var i = 0; i < 5; i++)
        {
            transitions.AddRange(d.CallTimedOut(after: 0.1));
        }

        transitions.Select(t => t.To).ShouldBe([TargetHealth.Suspect, TargetHealth.Down]);
        transitions[^1].Reason.ShouldBe("5 of 5 calls failed in 30 s: timeout");
        (d.Now - transitions[0].At).ShouldBeLessThan(TimeSpan.FromSeconds(2)); // before the next 2 s probe
    }

    [Fact]
    public void Apply_CalleeResults_NeverCountAgainstTheCarrier()
    {
        var d = new HealthDriver();
        d.Answer();

        for (var i = 0; i < 50; i++)
        {
            d.Send(HealthDriver.Gw, 0.1, now => Signal.CallCalleeResult(now, 486));
        }

        d.Health().ShouldBe(TargetHealth.Up);
        d.Transitions.ShouldBeEmpty();
    }

    [Fact]
    public void Drain_UpTarget_NoTrafficButProbedAndBackToUpOnEnable()
    {
        var d = new HealthDriver();
        d.Answer();

        var drained = d.Record(d.Board.Drain(HealthDriver.Gw, "carrier maintenance"));

        drained.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            t => t.To.ShouldBe(TargetHealth.Drained),
            t => t.Reason.ShouldBe("drained by operator: carrier maintenance"),
            t => t.Evidence.Detector.ShouldBe("operator"));
        d.Board.TrafficShare(HealthDriver.Gw).ShouldBe(0);
        d.Board.ProbeIntervalFor(HealthDriver.Gw).ShouldBe(TimeSpan.FromSeconds(2));
        d.Answer(after: 2).ShouldBeEmpty();

        var enabled = d.Record(d.Board.Enable(HealthDriver.Gw));
        enabled.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            t => t.From.ShouldBe(TargetHealth.Drained),
            t => t.To.ShouldBe(TargetHealth.Up));
    }

    [Fact]
    public void Enable_DrainedTargetThatFailedMeanwhile_Down()
    {
        var d = new HealthDriver();
        d.Answer();
        d.Board.Drain(HealthDriver.Gw);

        d.Misses(8).ShouldBeEmpty();
        var enabled = d.Board.Enable(HealthDriver.Gw);

        enabled.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            t => t.To.ShouldBe(TargetHealth.Down),
            t => t.Reason.ShouldBe("enabled by operator; still down"));
    }

    [Fact]
    public void Enable_DisabledTarget_NotProbedMeanwhile_ProvesItselfInRecovering()
    {
        var d = new HealthDriver();
        d.Answer();

        d.Board.Disable(HealthDriver.Gw).ShouldHaveSingleItem().To.ShouldBe(TargetHealth.Disabled);
        d.Board.ProbeIntervalFor(HealthDriver.Gw).ShouldBe(Timeout.InfiniteTimeSpan);
        d.Board.TrafficShare(HealthDriver.Gw).ShouldBe(0);
        d.Clock.Advance(TimeSpan.FromHours(1));
        var enabled = d.Board.Enable(HealthDriver.Gw, "maintenance over");

        enabled.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            t => t.From.ShouldBe(TargetHealth.Disabled),
            t => t.To.ShouldBe(TargetHealth.Recovering),
            t => t.Reason.ShouldBe("enabled by operator: maintenance over; not probed while disabled, proving itself"));
        d.Board.TrafficShare(HealthDriver.Gw).ShouldBe(0.10);

        // Proof starts from zero: 3 answers and 10 s.
        d.Answer(after: 5);
        d.Answer(after: 5);
        d.Health().ShouldBe(TargetHealth.Recovering);
        d.Answer(after: 1).ShouldHaveSingleItem().To.ShouldBe(TargetHealth.Up);
    }

    [Fact]
    public void Drain_Twice_OneTransition_EnableUnheldTarget_None()
    {
        var d = new HealthDriver();
        d.Answer();

        d.Board.Enable(HealthDriver.Gw).ShouldBeEmpty();
        d.Board.Drain(HealthDriver.Gw).Count.ShouldBe(1);
        d.Board.Drain(HealthDriver.Gw).ShouldBeEmpty();
        d.Board.Disable(HealthDriver.Gw).ShouldHaveSingleItem().From.ShouldBe(TargetHealth.Drained);
    }

    [Fact]
    public void Current_AfterTransition_NewSnapshotOldOneUnchanged()
    {
        var d = new HealthDriver();
        d.Answer();
        var before = d.Board.Current;

        d.Misses(8);
        var after = d.Board.Current;

        before.HealthOf(HealthDriver.Gw).ShouldBe(TargetHealth.Up);
        after.HealthOf(HealthDriver.Gw).ShouldBe(TargetHealth.Down);
        after.Version.ShouldBeGreaterThan(before.Version);
        after.HealthOf("unknown").ShouldBeNull();
        after.TrafficShare("unknown", d.Now).ShouldBe(0);
    }

    [Fact]
    public void Current_SignalsWithoutChange_SameSnapshotInstance()
    {
        var d = new HealthDriver();
        d.Answer();
        var before = d.Board.Current;

        for (var i = 0; i < 100; i++)
        {
            d.Answer(after: 2);
        }

        d.Board.Current.ShouldBeSameAs(before);
    }

    [Fact]
    public void Untrack_KnownTarget_GoneFromSnapshot()
    {
        var d = new HealthDriver();
        d.Board.Track("a");
        d.Board.Track("b");

        d.Board.Untrack("a").ShouldBeTrue();
        d.Board.Untrack("a").ShouldBeFalse();

        d.Board.Current.Targets.Keys.ShouldBe(["b"]);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsWithTheProblem()
    {
        var options = new HealthOptions { Calls = new DetectorOptions { Detector = "phi" } };

        Should.Throw<ArgumentException>(() => new HealthBoard(options, TimeProvider.System))
            .Message.ShouldContain("health.calls.detector: phi needs regular heartbeats");
    }
}
