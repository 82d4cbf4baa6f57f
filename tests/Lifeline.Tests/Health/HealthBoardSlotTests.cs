using Lifeline.Health;

namespace Lifeline.Tests.Health;

/// <summary>
/// The board's slots: the number each target keeps for the board's life, which the prober uses instead of the id on
/// its per-probe path. The slot-taking methods must decide exactly as the id-taking ones.
/// </summary>
public sealed class HealthBoardSlotTests
{
    private static readonly HealthOptions Fast = new()
    {
        Intervals = new ProbeIntervalOptions { Up = TimeSpan.FromSeconds(7), Suspect = TimeSpan.FromSeconds(3) },
        Timeout = new ProbeTimeoutOptions { Initial = TimeSpan.FromMilliseconds(300) },
    };

    [Fact]
    public void ApplyBySlot_SameSignalsAsById_SameTransitionsAndHealth()
    {
        var byId = new HealthDriver();
        var bySlot = new HealthDriver();
        byId.Board.TrackAll([("a", Fast), ("b", Fast)]);
        bySlot.Board.TrackAll([("a", Fast), ("b", Fast)]);
        var slot = bySlot.Board.SlotOf("b");

        for (var i = 0; i < 9; i++)
        {
            byId.Miss(after: 0.5, id: "b");
            bySlot.Clock.Advance(TimeSpan.FromSeconds(0.5));
            bySlot.Record(bySlot.Board.Apply(slot, Signal.ProbeTimedOut(bySlot.Now, TimeSpan.FromMilliseconds(200))));
        }

        bySlot.Transitions.Select(t => (t.TargetId, t.From, t.To, t.Reason)).ShouldBe(byId.Transitions.Select(t => (t.TargetId, t.From, t.To, t.Reason)));
        bySlot.Health("b").ShouldBe(TargetHealth.Down);
        bySlot.Health("a").ShouldBe(TargetHealth.Up);
        bySlot.Board.Current.HealthAt(slot).ShouldBe(TargetHealth.Down);
    }

    [Fact]
    public void SlotOf_UntrackedAndTrackedAgain_KeepsItsSlot()
    {
        var d = new HealthDriver();
        d.Board.TrackAll([("a", Fast), ("b", Fast), ("c", Fast)]);
        var slot = d.Board.SlotOf("b");

        d.Board.Untrack("b");
        d.Board.Current.HealthAt(slot).ShouldBeNull();
        d.Board.Track("d");
        d.Board.Track("b");

        d.Board.SlotOf("b").ShouldBe(slot);
        d.Board.SlotOf("d").ShouldNotBe(slot);
        d.Board.Current.HealthAt(slot).ShouldBe(TargetHealth.Up);
        d.Board.SlotOf("nobody").ShouldBe(-1);
    }

    [Fact]
    public void ApplyBySlot_SlotNeverGivenOut_Ignored()
    {
        var d = new HealthDriver();
        d.Board.Track("a");

        d.Board.Apply(42, Signal.ProbeTimedOut(d.Now, TimeSpan.FromMilliseconds(200))).ShouldBeEmpty();
        d.Board.Apply(-1, Signal.ProbeTimedOut(d.Now, TimeSpan.FromMilliseconds(200))).ShouldBeEmpty();

        d.Board.Current.Targets.Count.ShouldBe(1);
        d.Health("a").ShouldBe(TargetHealth.Up);
    }

    [Fact]
    public void ProbeIntervalAndTimeoutAt_Slot_SameAsForTheId()
    {
        var d = new HealthDriver();
        d.Board.TrackAll([("a", Fast), ("b", d.Board.Options)]);
        d.Miss(id: "a");
        d.Answer(after: 1, rttMs: 100, id: "b");
        var a = d.Board.SlotOf("a");
        var b = d.Board.SlotOf("b");

        d.Board.ProbeIntervalAt(a).ShouldBe(TimeSpan.FromSeconds(3));
        d.Board.ProbeIntervalAt(a).ShouldBe(d.Board.ProbeIntervalFor("a"));
        d.Board.ProbeIntervalAt(b).ShouldBe(d.Board.ProbeIntervalFor("b"));
        d.Board.ProbeTimeoutAt(a).ShouldBe(TimeSpan.FromMilliseconds(300));
        d.Board.ProbeTimeoutAt(b).ShouldBe(d.Board.ProbeTimeoutFor("b"));
        d.Board.ProbeTimeoutAt(b).ShouldNotBe(d.Board.ProbeTimeoutAt(-1));
        d.Board.ProbeIntervalAt(-1).ShouldBe(d.Board.Options.Intervals.Up);
    }

    [Fact]
    public void Untrack_PendingTarget_CountedOutAtOnceAndDroppedByTheTick()
    {
        var d = new HealthDriver();
        d.Answer(id: "a");
        d.Miss(after: 1, id: "a");
        d.Board.PendingCount.ShouldBe(1);

        d.Board.Untrack("a");

        d.Board.PendingCount.ShouldBe(0);
        d.Tick(after: 60).ShouldBeEmpty();
        d.Board.PendingCount.ShouldBe(0);
    }
}
