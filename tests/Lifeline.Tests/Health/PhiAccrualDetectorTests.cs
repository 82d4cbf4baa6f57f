using Lifeline.Health;

namespace Lifeline.Tests.Health;

public sealed class PhiAccrualDetectorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // 1 − 10^(−phi) is the normal CDF the logistic approximation stands for.
    private static double Cdf(double phi) => 1.0 - Math.Pow(10, -phi);

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(6, 0.7257)]
    [InlineData(15, 0.9332)]
    [InlineData(20, 0.97725)]
    [InlineData(25, 0.99379)]
    [InlineData(35, 0.99977)]
    public void Phi_AgainstNormalDistribution_MatchesCdfWithinAThousandth(double timeDiff, double normalCdf)
    {
        Cdf(PhiAccrualDetector.Phi(timeDiff, 0, 10)).ShouldBe(normalCdf, 0.001);
    }

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(500, 0.1)]
    [InlineData(1000, 0.3)]
    [InlineData(1200, 1.6)]
    [InlineData(1400, 4.7)]
    [InlineData(1600, 10.8)]
    [InlineData(1700, 15.3)]
    public void Phi_AkkaReferenceValues_Match(double timeDiff, double expected)
    {
        // The values (and tolerance) Akka's own spec checks for mean 1000 ms, standard deviation 100 ms.
        PhiAccrualDetector.Phi(timeDiff, 1000, 100).ShouldBe(expected, 0.1);
    }

    [Fact]
    public void PhiAt_RegularHeartbeats_LowUntilOverdueThenRising()
    {
        var options = new PhiAccrualOptions { AcceptableHeartbeatPause = TimeSpan.Zero, MinStdDeviation = TimeSpan.FromMilliseconds(100), FirstHeartbeatEstimate = TimeSpan.FromSeconds(1) };
        var detector = new PhiAccrualDetector(options);
        for (var i = 0; i <= 100; i++)
        {
            detector.Observe(Signal.ProbeAnswered(T0.AddSeconds(i), TimeSpan.FromMilliseconds(10)));
        }

        var last = T0.AddSeconds(100);
        detector.PhiAt(last.AddMilliseconds(500)).ShouldBeLessThan(0.1);
        detector.PhiAt(last.AddMilliseconds(1000)).ShouldBe(0.3, 0.05);
        detector.PhiAt(last.AddMilliseconds(1200)).ShouldBeGreaterThan(1.0);
        detector.Verdict(last.AddMilliseconds(1400)).ShouldBe(DetectorVerdict.Healthy);
        detector.Verdict(last.AddMilliseconds(1600)).ShouldBe(DetectorVerdict.Failed);
        detector.Explain(last.AddMilliseconds(1600)).ShouldStartWith("no probe answer for 1.6 s (phi 10.");
    }

    [Fact]
    public void Observe_AnswerAfterOutage_OutageIntervalNotLearned()
    {
        var options = new PhiAccrualOptions { AcceptableHeartbeatPause = TimeSpan.Zero, FirstHeartbeatEstimate = TimeSpan.FromSeconds(1) };
        var detector = new PhiAccrualDetector(options);
        for (var i = 0; i <= 50; i++)
        {
            detector.Observe(Signal.ProbeAnswered(T0.AddSeconds(i), TimeSpan.FromMilliseconds(10)));
        }

        var meanBefore = detector.MeanIntervalMs;
        detector.Observe(Signal.ProbeAnswered(T0.AddSeconds(50 + 60), TimeSpan.FromMilliseconds(10)));

        detector.MeanIntervalMs.ShouldBe(meanBefore);
    }

    [Fact]
    public void Verdict_SilentFromTheStart_EventuallyFailed()
    {
        var detector = new PhiAccrualDetector(new PhiAccrualOptions());
        var verdict = DetectorVerdict.Healthy;
        var at = T0;
        for (var i = 0; i < 40 && verdict != DetectorVerdict.Failed; i++)
        {
            at = T0.AddSeconds(0.2 + 0.5 * i);
            detector.Observe(Signal.ProbeTimedOut(at, TimeSpan.FromMilliseconds(200)));
            verdict = detector.Verdict(at);
        }

        verdict.ShouldBe(DetectorVerdict.Failed);
        (at - T0).ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Verdict_AfterOneMiss_SuspectButNotFailed()
    {
        var detector = new PhiAccrualDetector(new PhiAccrualOptions());
        for (var i = 0; i <= 20; i++)
        {
            detector.Observe(Signal.ProbeAnswered(T0.AddSeconds(2 * i), TimeSpan.FromMilliseconds(10)));
        }

        var miss = T0.AddSeconds(42.2);
        detector.Observe(Signal.ProbeTimedOut(miss, TimeSpan.FromMilliseconds(200)));

        detector.Verdict(miss).ShouldBe(DetectorVerdict.Suspect);
    }
}
