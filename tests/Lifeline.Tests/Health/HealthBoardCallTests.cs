using Lifeline.Health;

namespace Lifeline.Tests.Health;

/// <summary>Call outcomes as health signals: a trunk that fails calls under traffic goes Down by the calls themselves.</summary>
public sealed class HealthBoardCallTests
{
    [Fact]
    public void Apply_FiveCallsInARowTimeOutAfterManyAnswered_DownByTheCalls()
    {
        var d = new HealthDriver();
        d.Answer();
        for (var i = 0; i < 200; i++)
        {
            d.CallAnswered(after: 0.01);
        }

        var transitions = new List<Transition>();
        for (var i = 0; i < 5; i++)
        {
            transitions.AddRange(d.CallTimedOut(after: 0.01));
        }

        transitions.Select(t => t.To).ShouldBe([TargetHealth.Suspect, TargetHealth.Down]);
        transitions[^1].Reason.ShouldBe("5 calls in a row failed by the carrier (last: call got no response in 2000 ms)");
        transitions[^1].Evidence.Detector.ShouldBe("consecutive");
        d.Board.Current.TrafficShare(HealthDriver.Gw, d.Now).ShouldBe(0);
    }

    [Fact]
    public void Apply_FourCallsFailThenOneAnswered_StaysOutOfDown()
    {
        var d = new HealthDriver();
        d.Answer();
        for (var i = 0; i < 200; i++)
        {
            d.CallAnswered(after: 0.01);
        }

        for (var i = 0; i < 4; i++)
        {
            d.CallFailed(after: 0.01);
        }

        d.CallAnswered(after: 0.01);
        d.CallFailed(after: 0.01);

        d.Transitions.ShouldNotContain(t => t.To == TargetHealth.Down);
    }

    [Fact]
    public void Apply_CallDownAfterOff_OnlyTheRatioDecides()
    {
        var d = new HealthDriver(new HealthOptions { CallDownAfter = 0 });
        d.Answer();
        for (var i = 0; i < 200; i++)
        {
            d.CallAnswered(after: 0.01);
        }

        for (var i = 0; i < 20; i++)
        {
            d.CallTimedOut(after: 0.01);
        }

        d.Health().ShouldBe(TargetHealth.Suspect);
    }

    [Fact]
    public void Apply_SilentTrunkDownByCallsWhileProbesAlsoFail_ProbesBringItBackWithoutTheCallHold()
    {
        var d = new HealthDriver();
        d.Answer();
        for (var i = 0; i < 200; i++)
        {
            d.CallAnswered(after: 0.01);
        }

        d.Miss(after: 0.01);
        for (var i = 0; i < 5; i++)
        {
            d.CallTimedOut(after: 0.01);
        }

        d.Health().ShouldBe(TargetHealth.Down);
        var back = d.Answer(after: 1);

        back.ShouldHaveSingleItem().To.ShouldBe(TargetHealth.Recovering);
    }

    [Fact]
    public void Apply_TrunkAnswersOptionsButFailsCalls_ProbesAloneDoNotBringItBack()
    {
        var d = new HealthDriver();
        d.Answer();
        for (var i = 0; i < 5; i++)
        {
            d.CallFailed(503, after: 0.01);
        }

        d.Health().ShouldBe(TargetHealth.Down);
        for (var i = 0; i < 10; i++)
        {
            d.Answer(after: 2);
        }

        d.Health().ShouldBe(TargetHealth.Down);
    }

    [Fact]
    public void Apply_DownByCallsThenProbesFailToo_ProbesBringItBackBeforeTheHoldEnds()
    {
        var d = new HealthDriver();
        d.Answer();
        for (var i = 0; i < 5; i++)
        {
            d.CallTimedOut(after: 0.01);
        }

        d.Health().ShouldBe(TargetHealth.Down);
        d.Misses(8);
        var back = d.Answer(after: 5);

        back.ShouldHaveSingleItem().To.ShouldBe(TargetHealth.Recovering);
    }

    [Fact]
    public void Apply_DownByCallsThenOneProbeLost_StillHeld()
    {
        var d = new HealthDriver();
        d.Answer();
        for (var i = 0; i < 5; i++)
        {
            d.CallFailed(503, after: 0.01);
        }

        d.Miss(after: 1);
        d.Answer(after: 1);
        d.Answer(after: 1);

        d.Health().ShouldBe(TargetHealth.Down);
    }

    [Fact]
    public void Apply_CallsTimeOutOnBothTrunksAtOnceWhileTheirProbesAnswer_BothAreHeldAndLifelineSuspectsItself()
    {
        // A loaded proxy host drops datagrams: both carriers "swallow" INVITEs in the same second, both still answer
        // OPTIONS. Taking both Down would refuse every call; both are held Suspect and Lifeline blames itself.
        var d = TwoBusyTrunks();
        BothTimeOut(d, 5);

        d.Health("primary").ShouldBe(TargetHealth.Suspect, "held: the backup's calls are failing too");
        d.Health("backup").ShouldBe(TargetHealth.Suspect, "held: the primary's calls are failing too");
        var self = d.Board.Current.SelfHealth;
        self.State.ShouldBe(SelfHealthState.Suspect);
        self.Reason.ShouldBe("calls failed on all 2 gateways in service within 5 s: suspecting this machine (overload) or its network");
        d.Board.Current.TrafficShare("backup", d.Now).ShouldBeGreaterThan(0, "calls still go to the held gateways");
    }

    [Fact]
    public void Apply_CallsFailOnTheBackupRightAfterThePrimaryWentDownByCallsAndStartedRecovering_TheBackupIsHeld()
    {
        var d = TwoBusyTrunks();
        for (var i = 0; i < 5; i++)
        {
            d.CallTimedOut(after: 0.01, id: "primary");
        }

        d.Health("primary").ShouldBe(TargetHealth.Down, "the backup was answering calls");
        d.CallAnswered(after: 0.01, id: "primary");
        d.Health("primary").ShouldBe(TargetHealth.Recovering, "one call came through");
        for (var i = 0; i < 5; i++)
        {
            d.CallTimedOut(after: 0.01, id: "backup");
        }

        d.Health("backup").ShouldBe(TargetHealth.Suspect, "the last gateway in service, failing within seconds of the other");
        d.Board.Current.SelfHealth.State.ShouldBe(SelfHealthState.Suspect);
    }

    [Fact]
    public void Apply_OneTrunkSwallowsInvitesWhileTheOtherAnswersCalls_ItGoesDown()
    {
        var d = TwoBusyTrunks();
        for (var i = 0; i < 5; i++)
        {
            d.CallTimedOut(after: 0.01, id: "primary");
            d.CallAnswered(after: 0.01, id: "backup");
        }

        d.Health("primary").ShouldBe(TargetHealth.Down);
        d.Board.Current.SelfHealth.State.ShouldBe(SelfHealthState.Healthy);
    }

    [Fact]
    public void Apply_CallsFailEverywhereForLongerThanTheMaximumHold_TheLastGatewayGoesDownToo()
    {
        var d = TwoBusyTrunks();
        BothTimeOut(d, 5);

        // Both carriers really swallow every INVITE: after the self-health episode's longest hold, believe the calls.
        for (var i = 0; i < 70; i++)
        {
            d.CallTimedOut(after: 1, id: "backup");
        }

        d.Health("backup").ShouldBe(TargetHealth.Down);
    }

    [Fact]
    public void Apply_AnswerToACallPlacedBeforeTheDown_StaysDownUntilACallPlacedAfterItIsAnswered()
    {
        var d = TwoBusyTrunks();
        for (var i = 0; i < 5; i++)
        {
            d.CallTimedOut(after: 0.01, id: "primary");
        }

        d.Health("primary").ShouldBe(TargetHealth.Down);

        // 2 ms later the answer to a call sent 300 ms ago (in flight when the failures came in) arrives: not news.
        d.Send("primary", 0.002, now => Signal.CallAnswered(now, 200, TimeSpan.FromMilliseconds(300)));
        d.Health("primary").ShouldBe(TargetHealth.Down);

        // A call placed after the Down (a last resort) is answered: the carrier handles calls again.
        d.Send("primary", 0.5, now => Signal.CallAnswered(now, 200, TimeSpan.FromMilliseconds(20)));
        d.Health("primary").ShouldBe(TargetHealth.Recovering);
    }

    private static void BothTimeOut(HealthDriver d, int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            d.CallTimedOut(after: 0.01, id: "primary");
            d.CallTimedOut(after: 0.01, id: "backup");
        }
    }

    private static HealthDriver TwoBusyTrunks()
    {
        var d = new HealthDriver();
        foreach (var id in new[] { "primary", "backup" })
        {
            d.Answer(id: id);
            for (var i = 0; i < 50; i++)
            {
                d.CallAnswered(after: 0.01, id: id);
            }
        }

        return d;
    }
}
