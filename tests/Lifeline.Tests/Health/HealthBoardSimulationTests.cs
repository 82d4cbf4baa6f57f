using Lifeline.Health;

namespace Lifeline.Tests.Health;

/// <summary>The board against a simulated gateway and prober, in simulated time.</summary>
public sealed class HealthBoardSimulationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Apply_TenPercentRandomProbeLossForADay_NoDown(int seed)
    {
        var sim = new GatewaySimulation(new HealthOptions(), seed, loss: 0.10);

        sim.RunUntil(TimeSpan.FromDays(1));

        sim.Transitions.ShouldNotContain(t => t.To == TargetHealth.Down);
        ((double)sim.Lost / sim.Probes).ShouldBe(0.10, 0.01);
        sim.Transitions.Count(t => t.To == TargetHealth.Suspect).ShouldBeGreaterThan(3000); // the loss was felt, and shrugged off
        sim.Health.ShouldBeOneOf(TargetHealth.Up, TargetHealth.Suspect);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.10)]
    public void Apply_GatewayGoesSilent_DownWithinWorstCaseThatHealthMathComputes(double loss)
    {
        var options = new HealthOptions();
        var random = new Random(42);
        var detections = new List<TimeSpan>();
        var sinceLastAnswer = new List<TimeSpan>();
        TimeSpan? worst = null;
        for (var kill = 0; kill < 200; kill++)
        {
            var sim = new GatewaySimulation(options, seed: kill, loss);
            var death = TimeSpan.FromSeconds(60 + random.NextDouble() * 2);
            sim.Alive = t => t < death;
            sim.RunUntil(death);
            if (sim.Health != TargetHealth.Up && sim.Health != TargetHealth.Suspect)
            {
                continue;
            }

            worst = HealthMath.WorstCaseDetection(options, sim.Board.ProbeTimeoutFor(GatewaySimulation.Gw));
            var lastAnswer = sim.LastAnswerAt!.Value;
            sim.RunUntil(death + TimeSpan.FromMinutes(1), t => t.To == TargetHealth.Down);

            var down = sim.Transitions.Single(t => t.To == TargetHealth.Down);
            var downAt = down.At - sim.Clock.GetUtcNow() + sim.Elapsed;
            detections.Add(downAt - death);
            sinceLastAnswer.Add(downAt - lastAnswer);
        }

        worst.ShouldBe(TimeSpan.FromSeconds(5.7));
        detections.Count.ShouldBeGreaterThan(190);
        detections.ShouldAllBe(d => d <= worst!.Value);
        sinceLastAnswer.ShouldAllBe(d => d <= worst!.Value);
        if (loss == 0)
        {
            // The bound is tight: some kill lands just after an answered probe.
            detections.Max().ShouldBeGreaterThan(worst!.Value - TimeSpan.FromMilliseconds(100));
        }
    }

    [Fact]
    public void Apply_GatewayFlappingEveryFiveSeconds_DampedAfterAFewCyclesAndOutUntilPenaltyDecays()
    {
        var options = new HealthOptions();
        var damping = options.Damping;
        var flapFrom = TimeSpan.FromSeconds(60);
        var stopAt = TimeSpan.FromSeconds(175);

        // Alive for a minute, then 5 s dead / 5 s alive until stopAt, then alive for good.
        var sim = new GatewaySimulation(options, seed: 7, loss: 0)
        {
            Alive = t => t < flapFrom || t >= stopAt || (t - flapFrom).TotalSeconds % 10 >= 5,
        };

        sim.RunUntil(stopAt);

        var start = sim.Clock.GetUtcNow() - sim.Elapsed;
        var damped = sim.Transitions.First(t => t.Reason.Contains("damped", StringComparison.Ordinal));
        var downs = sim.Transitions.Where(t => t.To == TargetHealth.Down && t.At <= damped.At).ToList();

        // Damped at the third Down, within three flap cycles, as HealthMath says for Downs 10 s apart.
        downs.Count.ShouldBe(HealthMath.DownsToSuppress(damping, TimeSpan.FromSeconds(10))!.Value);
        (damped.At - start - flapFrom).ShouldBeLessThan(TimeSpan.FromSeconds(30));

        // The penalty is the sum of 1000 per Down, each halved per 60 s since.
        var expectedPenalty = downs.Sum(d => damping.Penalty * Math.Pow(2, -((damped.At - d.At) / damping.HalfLife)));
        damped.Evidence.FlapPenalty.ShouldBe(expectedPenalty, 0.5);
        damped.Reason.ShouldContain("reached suppress level 2000");

        // It kept flapping while damped: still Down, no published change since.
        sim.Health.ShouldBe(TargetHealth.Down);
        sim.Transitions[^1].ShouldBeSameAs(damped);

        // Once it stops flapping it stays out until the penalty decays below the reuse level.
        var atStop = sim.Board.Capture().Single();
        atStop.Damped.ShouldBeTrue();
        atStop.Counters.Downs.ShouldBeGreaterThan(downs.Count); // flaps while damped still counted
        var expectedRelease = atStop.PenaltyAt + damping.HalfLife * Math.Log2(atStop.Penalty / damping.ReuseLevel);
        atStop.SuppressedUntil.ShouldBe(expectedRelease);

        sim.RunUntil(stopAt + TimeSpan.FromMinutes(10));

        var afterStop = sim.Transitions.SkipWhile(t => t != damped).Skip(1).ToList();
        afterStop.Select(t => t.To).ShouldBe([TargetHealth.Recovering, TargetHealth.Up]);
        var release = afterStop[0];
        release.Reason.ShouldStartWith("damping released: penalty 7");
        release.Evidence.Detector.ShouldBe("damping");
        release.At.ShouldBeGreaterThanOrEqualTo(expectedRelease);
        release.At.ShouldBeLessThanOrEqualTo(expectedRelease + options.Intervals.Up);
        (release.At - atStop.PenaltyAt).ShouldBeLessThanOrEqualTo(damping.MaxSuppressTime + options.Intervals.Up);
        (afterStop[1].At - release.At).ShouldBe(options.Recovery.StableTime, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Apply_HealthyGatewayForAWeek_NoTransitionAtAll()
    {
        var sim = new GatewaySimulation(new HealthOptions(), seed: 1, loss: 0);

        sim.RunUntil(TimeSpan.FromDays(7));

        sim.Transitions.ShouldBeEmpty();
        sim.Probes.ShouldBe((long)(TimeSpan.FromDays(7) / TimeSpan.FromSeconds(2)) + 1);
    }
}
