using System.Diagnostics.Metrics;
using Lifeline.Probing;

namespace Lifeline.Tests.Probing;

public sealed class ProbeMetricsTests
{
    [Fact]
    public void Scrape_FewTargets_CountsPerTrunkAndPerTargetAndRttByTrunk()
    {
        using var meters = new ProbeMeterFactory();
        var harness = new SchedulerHarness(meters: meters);
        harness.Add("sip:192.0.2.40", trunk: "alpha");
        harness.Add("sip:192.0.2.41", trunk: "alpha");
        harness.Add("sip:192.0.2.42", trunk: "beta");
        var scrape = new MetricsScrape(meters);
        harness.Run(10);

        var series = scrape.Collect();

        series.Where(s => s.Name == "lifeline.probe.sent").Sum(s => s.Value).ShouldBe(harness.Scheduler.ProbesSent);
        series.Single(s => s.Name == "lifeline.probe.sent" && s.Tags == "trunk=alpha").Value.ShouldBe(harness.Probes.Count(p => p.Target.StartsWith("alpha/", StringComparison.Ordinal)));
        series.Where(s => s.Name == "lifeline.probe.answered").Sum(s => s.Value).ShouldBe(harness.Scheduler.ProbesAnswered);
        series.Where(s => s.Name == "lifeline.probe.target.sent").Select(s => s.Tags).ShouldBe(
            ["target=alpha/sip:192.0.2.40,trunk=alpha", "target=alpha/sip:192.0.2.41,trunk=alpha", "target=beta/sip:192.0.2.42,trunk=beta"],
            ignoreOrder: true);
        series.Single(s => s.Name == "lifeline.probe.targets").Value.ShouldBe(3);
        scrape.Histogram("lifeline.probe.rtt").ShouldContain(r => r.Tags == "trunk=beta" && Math.Abs(r.Value - 0.020) < 0.0001);
        scrape.Histogram("lifeline.probe.scheduler.tick_lateness").ShouldNotBeEmpty();
    }

    [Fact]
    public void Scrape_MoreTargetsThanThePerTargetLimit_OnlyPerTrunkSeries()
    {
        using var meters = new ProbeMeterFactory();
        var harness = new SchedulerHarness(options: new ProbingOptions { MaxRate = 1_000_000, PerTargetMetricsLimit = 2 }, meters: meters);
        harness.Add("sip:192.0.2.50");
        harness.Add("sip:192.0.2.51");
        harness.Add("sip:192.0.2.52");
        var scrape = new MetricsScrape(meters);
        harness.Run(5);

        var series = scrape.Collect();

        series.ShouldNotContain(s => s.Name.StartsWith("lifeline.probe.target.", StringComparison.Ordinal));
        series.Single(s => s.Name == "lifeline.probe.sent").Tags.ShouldBe("trunk=carrier");
    }

    [Fact]
    public void Scrape_ProbesLost_CountedByReason()
    {
        using var meters = new ProbeMeterFactory();
        var harness = new SchedulerHarness(meters: meters) { Answer = t => t.Id.EndsWith("60", StringComparison.Ordinal) ? ProbeAnswer.Silent : ProbeAnswer.Fail(ProbeFailure.Refused) };
        harness.Add("sip:192.0.2.60");
        harness.Add("sip:192.0.2.61");
        var scrape = new MetricsScrape(meters);
        harness.Run(5);

        var lost = scrape.Collect().Where(s => s.Name == "lifeline.probe.lost").ToDictionary(s => s.Tags, s => s.Value);

        lost["reason=timeout,trunk=carrier"].ShouldBe(harness.Scheduler.ProbesTimedOut);
        lost["reason=transport_error,trunk=carrier"].ShouldBe(harness.Scheduler.ProbesFailed);
        harness.Scheduler.ProbesTimedOut.ShouldBeGreaterThan(0);
        harness.Scheduler.ProbesFailed.ShouldBeGreaterThan(0);
    }
}
