using Lifeline.Health;

namespace Lifeline.Tests.Health;

public sealed class HealthBoardBulkTests
{
    private static readonly HealthOptions Fast = new()
    {
        Intervals = new ProbeIntervalOptions { Up = TimeSpan.FromSeconds(7), Suspect = TimeSpan.FromSeconds(3) },
        Recovery = new RecoveryOptions { Successes = 1, StableTime = TimeSpan.FromSeconds(4), RampSteps = [0.5] },
    };

    private static readonly HealthOptions Slow = new() { Intervals = new ProbeIntervalOptions { Up = TimeSpan.FromSeconds(30) } };

    [Fact]
    public void TrackAll_ManyTargets_PublishedOnceEachWithItsOptions()
    {
        var d = new HealthDriver();
        var before = d.Board.Current.Version;
        var targets = Enumerable.Range(0, 3_000).Select(i => ("gw" + i, i % 2 == 0 ? Fast : Slow)).ToList();

        d.Board.TrackAll(targets);

        d.Board.Current.Version.ShouldBe(before + 1);
        d.Board.Current.Targets.Count.ShouldBe(3_000);
        d.Board.Current.HealthOf("gw2999").ShouldBe(TargetHealth.Up);
        d.Board.OptionsFor("gw10").ShouldBeSameAs(Fast);
        d.Board.ProbeIntervalFor("gw11").ShouldBe(TimeSpan.FromSeconds(30));
        d.Board.Current.RecoveryFor("gw10").RampSteps.ShouldBe([0.5]);
        d.Board.Current.RecoveryFor("gw11").ShouldBe(d.Board.Options.Recovery);
    }

    [Fact]
    public void TrackAll_OneInvalidOptions_ThrowsAndTracksNothing()
    {
        var d = new HealthDriver();
        var bad = new HealthOptions { Recovery = new RecoveryOptions { Successes = 0 } };

        Should.Throw<ArgumentException>(() => d.Board.TrackAll([("a", Fast), ("b", bad)])).Message.ShouldContain("invalid health options for b");

        d.Board.Current.Targets.Count.ShouldBe(0);
    }

    [Fact]
    public void TrackAll_OwnRamp_RecoveringTargetFollowsIt()
    {
        var d = new HealthDriver();
        d.Board.TrackAll([("fast", Fast), ("slow", Slow)]);
        d.Misses(8, id: "fast");
        d.Health("fast").ShouldBe(TargetHealth.Down);

        d.Answer(after: 1, id: "fast");

        d.Health("fast").ShouldBe(TargetHealth.Recovering);
        d.Board.TrafficShare("fast").ShouldBe(0.5);
    }

    [Fact]
    public void UntrackAll_SomeTargets_PublishedOnceOthersStay()
    {
        var d = new HealthDriver();
        d.Board.TrackAll(Enumerable.Range(0, 600).Select(i => ("gw" + i, Slow)));
        var before = d.Board.Current.Version;

        var removed = d.Board.UntrackAll(Enumerable.Range(0, 300).Select(i => "gw" + (2 * i)).Append("unknown"));

        removed.ShouldBe(300);
        d.Board.Current.Version.ShouldBe(before + 1);
        d.Board.Current.Targets.Count.ShouldBe(300);
        d.Board.Current.HealthOf("gw4").ShouldBeNull();
        d.Board.Current.HealthOf("gw5").ShouldBe(TargetHealth.Up);
    }

    [Fact]
    public void Apply_TransitionAmongManyTargets_EarlierSnapshotKeepsWhatItSaw()
    {
        var d = new HealthDriver();
        d.Board.TrackAll(Enumerable.Range(0, 1_000).Select(i => ("gw" + i, Slow)));
        var earlier = d.Board.Current;

        d.Miss(id: "gw700");
        d.Board.Untrack("gw3");

        earlier.HealthOf("gw700").ShouldBe(TargetHealth.Up);
        earlier.HealthOf("gw3").ShouldBe(TargetHealth.Up);
        earlier.Targets.Count.ShouldBe(1_000);
        d.Board.Current.HealthOf("gw700").ShouldBe(TargetHealth.Suspect);
        d.Board.Current.HealthOf("gw3").ShouldBeNull();
        d.Board.Current.Targets.Count.ShouldBe(999);
    }

    [Fact]
    public void Observe_ProbesOnly_CallWindowNeverAllocated()
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var state = new TargetHealthState("gw", new HealthOptions(), now);
        var calls = state.Calls.ShouldBeOfType<FailureRatioDetector>();

        for (var i = 0; i < 500; i++)
        {
            state.Observe(Signal.ProbeAnswered(now.AddSeconds(i), TimeSpan.FromMilliseconds(20)));
        }

        calls.AllocatedSamples.ShouldBe(0);
        state.Observe(Signal.CallCarrierFailure(now.AddSeconds(501), 503));
        calls.AllocatedSamples.ShouldBeGreaterThan(0);
        calls.Verdict(now.AddSeconds(501)).ShouldBe(DetectorVerdict.Suspect);
    }
}
