using Lifeline.Cli.Drill;

namespace Lifeline.Cli.Tests.Drill;

public sealed class DrillWatchTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Report_CallReachesDrainedTrunkLate_TimeToMoveIsThatCall()
    {
        var watch = new DrillWatch("primary", Sample(0, primary: 10, backup: 0, received: 10));
        watch.Drained(Sample(0.1, primary: 10, backup: 0, received: 10));
        watch.WhileDrained(Sample(0.5, primary: 11, backup: 2, received: 13));
        watch.WhileDrained(Sample(1.0, primary: 11, backup: 6, received: 17));
        watch.WhileDrained(Sample(1.9, primary: 11, backup: 10, received: 21));
        watch.Restored(Sample(2.0, primary: 11, backup: 10, received: 21));
        watch.AfterRestore(Sample(2.5, primary: 11, backup: 10, received: 21));
        watch.AfterRestore(Sample(3.0, primary: 14, backup: 10, received: 24));

        var report = watch.Report();

        report.CallsDuringDrain.ShouldBe(11);
        report.CallsMoved.ShouldBe(10);
        report.CallsToDrainedTrunk.ShouldBe(1);
        report.TimeToMove.ShouldBe(TimeSpan.FromSeconds(0.4));
        report.Drained.ShouldBe(TimeSpan.FromSeconds(1.9));
        report.TimeToReturn.ShouldBe(TimeSpan.FromSeconds(1));
        report.Passed.ShouldBeFalse();
    }

    [Fact]
    public void Report_NoCallsDuringDrain_PassesWithANote()
    {
        var watch = new DrillWatch("primary", Sample(0, primary: 10, backup: 0, received: 10));
        watch.Drained(Sample(0.1, primary: 10, backup: 0, received: 10));
        watch.Restored(Sample(5, primary: 10, backup: 0, received: 10));

        var report = watch.Report();

        report.Passed.ShouldBeTrue();
        report.TimeToReturn.ShouldBeNull();
        report.Lines().ShouldContain(l => l.Contains("no calls came in during the drain", StringComparison.Ordinal));
    }

    private static TrafficSample Sample(double seconds, long primary, long backup, long received, long lost = 0) =>
        new(T0.AddSeconds(seconds), new Dictionary<string, long> { ["primary"] = primary, ["backup"] = backup }, received, lost,
            new Dictionary<string, string> { ["primary"] = "Up", ["backup"] = "Up" });
}
