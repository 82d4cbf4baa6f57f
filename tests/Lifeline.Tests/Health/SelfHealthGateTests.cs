using Lifeline.Health;

namespace Lifeline.Tests.Health;

public sealed class SelfHealthGateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static string[] Targets(int n) => Enumerable.Range(1, n).Select(i => "gw" + i).ToArray();

    /// <summary>Every target answers, then from <paramref name="failAt"/> the given ones miss every 0.5 s, onsets 90 ms apart.</summary>
    private static void FailTogether(HealthDriver d, string[] all, string[] failing, double failAt, double seconds)
    {
        foreach (var id in all)
        {
            d.Answer(id: id);
        }

        var events = new List<(double At, string Id)>();
        for (var i = 0; i < failing.Length; i++)
        {
            for (var t = 0.0; t < seconds; t += 0.5)
            {
                events.Add((failAt + 0.09 * i + t, failing[i]));
            }
        }

        var start = d.Now;
        foreach (var (at, id) in events.OrderBy(e => e.At))
        {
            var wait = start.AddSeconds(at) - d.Now;
            d.Clock.Advance(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
            d.Record(d.Board.Apply(id, Signal.ProbeTimedOut(d.Now, TimeSpan.FromMilliseconds(200))));
        }
    }

    [Fact]
    public void Apply_EveryTargetFailsAtOnce_HeldSuspectAndLifelineSuspectsItself()
    {
        var d = new HealthDriver();
        var all = Targets(12);

        FailTogether(d, all, all, failAt: 2, seconds: 10);

        d.Transitions.ShouldNotContain(t => t.To == TargetHealth.Down);
        all.ShouldAllBe(id => d.Health(id) == TargetHealth.Suspect);
        var self = d.Board.SelfHealth;
        self.State.ShouldBe(SelfHealthState.Suspect);
        self.Reason.ShouldBe("all 12 targets failed within 1 s: suspecting the local network");
        self.Holding.ShouldBeTrue();
        d.Board.Capture().ShouldAllBe(s => s.Counters.HeldBySelfHealth > 0);

        // The network comes back: targets Up, Lifeline trusts itself again.
        foreach (var id in all)
        {
            d.Answer(after: 0.01, id: id).ShouldHaveSingleItem().To.ShouldBe(TargetHealth.Up);
        }

        d.Tick();
        d.Board.SelfHealth.State.ShouldBe(SelfHealthState.Healthy);
    }

    [Fact]
    public void Apply_OneTargetOfTwelveFails_GoesDownNormally()
    {
        var d = new HealthDriver();
        var all = Targets(12);

        FailTogether(d, all, ["gw5"], failAt: 2, seconds: 5);

        d.Health("gw5").ShouldBe(TargetHealth.Down);
        d.Board.SelfHealth.State.ShouldBe(SelfHealthState.Healthy);
    }

    [Fact]
    public void Apply_ElevenOfTwelveFail_AboveShare_Held()
    {
        var d = new HealthDriver();
        var all = Targets(12);

        FailTogether(d, all, all[..11], failAt: 2, seconds: 6);

        all[..11].ShouldAllBe(id => d.Health(id) == TargetHealth.Suspect);
        d.Board.SelfHealth.Reason.ShouldBe("11 of 12 targets failed within 0.9 s: suspecting the local network");
    }

    [Fact]
    public void Apply_FailingLongerThanMaxHold_DownAfterAll()
    {
        var d = new HealthDriver();
        var all = Targets(4);
        var start = d.Now;

        FailTogether(d, all, all, failAt: 2, seconds: 70);

        all.ShouldAllBe(id => d.Health(id) == TargetHealth.Down);
        var downs = d.Transitions.Where(t => t.To == TargetHealth.Down).ToList();
        downs.Count.ShouldBe(4);

        // The first would-be Down (8th miss of gw1, at 2 + 3.5 s) opened the episode; held for 60 s from there.
        downs.ShouldAllBe(t => t.At >= start.AddSeconds(2 + 3.5 + 60));
        downs.ShouldAllBe(t => t.At < start.AddSeconds(2 + 3.5 + 60 + 1));
        d.Board.SelfHealth.State.ShouldBe(SelfHealthState.Healthy); // nothing left at risk
    }

    [Fact]
    public void ReportTimerLateness_ThreeSecondsLate_HoldsDownsForTheHoldTime()
    {
        var d = new HealthDriver();
        d.Answer(id: "a");
        d.Answer(id: "b");

        var report = d.Board.ReportTimerLateness(TimeSpan.FromSeconds(3.2));
        d.Misses(8, id: "a");

        report.State.ShouldBe(SelfHealthState.Suspect);
        report.Reason.ShouldBe("timers ran 3.2 s late");
        d.Board.SelfHealth.ShouldBe(report);
        d.Health("a").ShouldBe(TargetHealth.Suspect);

        d.Tick(after: 6.5).ShouldHaveSingleItem().To.ShouldBe(TargetHealth.Down);
        d.Board.SelfHealth.State.ShouldBe(SelfHealthState.Healthy);
    }

    [Fact]
    public void ReportTimerLateness_SmallLateness_Ignored()
    {
        var d = new HealthDriver();

        d.Board.ReportTimerLateness(TimeSpan.FromMilliseconds(300)).State.ShouldBe(SelfHealthState.Healthy);
    }

    [Fact]
    public void FindCorrelated_OnsetsInTwoClusters_LargestClusterAndItsSpread()
    {
        var gate = new SelfHealthGate(new SelfHealthOptions());
        DateTimeOffset[] onsets = [T0.AddSeconds(30), T0, T0.AddSeconds(31), T0.AddSeconds(1), T0.AddSeconds(34.5), T0.AddSeconds(2), T0.AddSeconds(33)];

        var group = gate.FindCorrelated(onsets, activeTargets: 8);

        group.ShouldBe(new CorrelatedFailure(4, 8, TimeSpan.FromSeconds(4.5)));
    }

    [Fact]
    public void FindCorrelated_TwoClustersOfEqualSize_TighterOne()
    {
        var gate = new SelfHealthGate(new SelfHealthOptions());
        DateTimeOffset[] onsets = [T0, T0.AddSeconds(4), T0.AddSeconds(30), T0.AddSeconds(30.5)];

        gate.FindCorrelated(onsets, activeTargets: 4).ShouldBe(new CorrelatedFailure(2, 4, TimeSpan.FromSeconds(0.5)));
    }

    [Theory]
    [InlineData(2, 2, false)] // below the minimum count
    [InlineData(3, 3, true)]
    [InlineData(3, 4, false)] // 75% < 80%
    [InlineData(8, 10, true)]
    [InlineData(7, 10, false)]
    public void IsCorrelated_CountAndShare_BothRequired(int failing, int active, bool expected)
    {
        new SelfHealthGate(new SelfHealthOptions()).IsCorrelated(new CorrelatedFailure(failing, active, TimeSpan.Zero)).ShouldBe(expected);
    }

    [Fact]
    public void Assess_EpisodeGoesOn_KeepsSinceAndStopsHoldingAfterMaxHold()
    {
        var gate = new SelfHealthGate(new SelfHealthOptions());
        var group = new CorrelatedFailure(5, 5, TimeSpan.FromSeconds(0.4));

        var first = gate.Assess(SelfHealthReport.Healthy(T0), T0, group, null, TimeSpan.Zero);
        var later = gate.Assess(first, T0.AddSeconds(59), group, null, TimeSpan.Zero);
        var tooLong = gate.Assess(later, T0.AddSeconds(60), group, null, TimeSpan.Zero);

        first.ShouldBe(new SelfHealthReport(SelfHealthState.Suspect, "all 5 targets failed within 0.4 s: suspecting the local network", T0, true));
        later.Since.ShouldBe(T0);
        later.Holding.ShouldBeTrue();
        tooLong.Holding.ShouldBeFalse();
    }

    [Fact]
    public void Assess_Disabled_AlwaysHealthy()
    {
        var gate = new SelfHealthGate(new SelfHealthOptions { Enabled = false });

        gate.Assess(SelfHealthReport.Healthy(T0), T0, new CorrelatedFailure(10, 10, TimeSpan.Zero), T0.AddSeconds(5), TimeSpan.FromSeconds(4))
            .State.ShouldBe(SelfHealthState.Healthy);
    }
}
