using Lifeline.Health;

namespace Lifeline.Tests.Health;

/// <summary>
/// A target's own state keeps its eight recent signals (the evidence of its transitions) only while they explain
/// something: from a failure until it is Up again with eight successes in a row.
/// </summary>
public sealed class TargetHealthStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Observe_OnlyAnswers_KeepsTheLatestSignalAlone()
    {
        var state = new TargetHealthState("gw", new HealthOptions(), T0);

        for (var i = 0; i < 20; i++)
        {
            state.Observe(Signal.ProbeAnswered(T0.AddSeconds(30 * i), TimeSpan.FromMilliseconds(20 + i)));
        }

        state.KeepsRecentSignals.ShouldBeFalse();
        state.RecentSignals().ShouldBe([Signal.ProbeAnswered(T0.AddSeconds(570), TimeSpan.FromMilliseconds(39))]);
        state.LastFailure(liveness: true).ShouldBeNull();
    }

    [Fact]
    public void Observe_FailureAfterAnswers_RecentSignalsStartWithTheLastAnswer()
    {
        var state = new TargetHealthState("gw", new HealthOptions(), T0);
        state.Observe(Signal.ProbeAnswered(T0, TimeSpan.FromMilliseconds(20)));
        state.Observe(Signal.ProbeAnswered(T0.AddSeconds(30), TimeSpan.FromMilliseconds(21)));

        var miss = Signal.ProbeTimedOut(T0.AddSeconds(60), TimeSpan.FromMilliseconds(200));
        state.Observe(miss);

        state.KeepsRecentSignals.ShouldBeTrue();
        state.RecentSignals().ShouldBe([Signal.ProbeAnswered(T0.AddSeconds(30), TimeSpan.FromMilliseconds(21)), miss]);
        state.LastFailure(liveness: true).ShouldBe(miss);
        state.LastFailure(liveness: false).ShouldBeNull();
    }

    [Fact]
    public void Observe_EightAnswersAfterAFailure_RingDroppedAndLatestKept()
    {
        var state = new TargetHealthState("gw", new HealthOptions(), T0);
        state.Observe(Signal.ProbeTimedOut(T0, TimeSpan.FromMilliseconds(200)));

        for (var i = 1; i <= 7; i++)
        {
            state.Observe(Signal.ProbeAnswered(T0.AddSeconds(i), TimeSpan.FromMilliseconds(20)));
        }

        state.KeepsRecentSignals.ShouldBeTrue();
        state.RecentSignals().Length.ShouldBe(8);
        state.Observe(Signal.ProbeAnswered(T0.AddSeconds(8), TimeSpan.FromMilliseconds(20)));

        state.KeepsRecentSignals.ShouldBeFalse();
        state.RecentSignals().ShouldBe([Signal.ProbeAnswered(T0.AddSeconds(8), TimeSpan.FromMilliseconds(20))]);
    }

    [Fact]
    public void Observe_WhileNotUp_KeepsEverySignalEvenAnswers()
    {
        var state = new TargetHealthState("gw", new HealthOptions(), T0);
        state.StartProof(T0);

        for (var i = 0; i < 12; i++)
        {
            state.Observe(Signal.ProbeAnswered(T0.AddSeconds(i), TimeSpan.FromMilliseconds(20)));
        }

        state.KeepsRecentSignals.ShouldBeTrue();
        state.RecentSignals().Length.ShouldBe(8);
        state.RecentSignals()[^1].At.ShouldBe(T0.AddSeconds(11));
    }

    [Fact]
    public void Times_KeptAsUtcTicks_ReadBackAsTheSameInstants()
    {
        var local = new DateTimeOffset(2026, 1, 1, 2, 0, 0, TimeSpan.FromHours(2));
        var state = new TargetHealthState("gw", new HealthOptions(), local);

        state.MoveTo(TargetHealth.Down, local.AddSeconds(5), DownCause.Calls);
        state.Observe(Signal.CallCarrierFailure(local.AddSeconds(6), 503));

        state.ComputedSince.ShouldBe(local.AddSeconds(5));
        state.CallHoldUntil.ShouldBe(local.AddSeconds(5) + new HealthOptions().Recovery.CallHoldTime);
        state.FailingSince.ShouldBe(local.AddSeconds(6));
        state.PublishedSince.ShouldBe(local);
    }
}
