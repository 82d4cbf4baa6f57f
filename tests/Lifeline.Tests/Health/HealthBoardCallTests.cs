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
}
