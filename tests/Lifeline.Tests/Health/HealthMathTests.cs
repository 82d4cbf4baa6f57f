using Lifeline.Health;

namespace Lifeline.Tests.Health;

public sealed class HealthMathTests
{
    private static readonly HealthOptions Defaults = new();

    [Fact]
    public void WorstCaseDetection_Defaults_UpPlusTimeoutPlusSevenSuspectIntervals()
    {
        // 2 s + 0.2 s + 7 × 0.5 s
        HealthMath.WorstCaseDetection(Defaults, TimeSpan.FromMilliseconds(200)).ShouldBe(TimeSpan.FromSeconds(5.7));
    }

    [Fact]
    public void WorstCaseDetection_TimeoutLongerThanSuspectInterval_MissesComeAtTheTimeout()
    {
        // 2 s + 2 s + 7 × 2 s
        HealthMath.WorstCaseDetection(Defaults, TimeSpan.FromSeconds(2)).ShouldBe(TimeSpan.FromSeconds(18));
    }

    [Fact]
    public void WorstCaseDetection_ThreeMisses_Shorter()
    {
        var options = Defaults with { Probes = new DetectorOptions { Consecutive = new ConsecutiveFailuresOptions { Failures = 3 } } };

        HealthMath.WorstCaseDetection(options, TimeSpan.FromMilliseconds(200)).ShouldBe(TimeSpan.FromSeconds(3.2));
        HealthMath.MissesToDown(options, TimeSpan.FromMilliseconds(200)).ShouldBe(3);
    }

    [Fact]
    public void WorstCaseDetection_PhiDefaults_FiniteAndComparable()
    {
        var options = Defaults with { Probes = new DetectorOptions { Detector = FailureDetectors.Phi } };

        var worst = HealthMath.WorstCaseDetection(options, TimeSpan.FromMilliseconds(200));

        // Steady 2 s answers: mean 2 s + 3 s pause, std floored at 100 ms: phi reaches 8 about 5.52 s after the
        // last answer; the first miss after that is at 2.2 + 7 × 0.5 = 5.7 s.
        worst.ShouldBe(TimeSpan.FromSeconds(5.7));
        HealthMath.MissesToDown(options, TimeSpan.FromMilliseconds(200)).ShouldBe(8);
    }

    [Fact]
    public void MissesToDown_Defaults_Eight()
    {
        HealthMath.MissesToDown(Defaults, TimeSpan.FromMilliseconds(200)).ShouldBe(8);
    }

    [Fact]
    public void ExpectedFalseDownsPerDay_TenPercentLoss_FarBelowOne()
    {
        var perDay = HealthMath.ExpectedFalseDownsPerDay(Defaults, 0.10, TimeSpan.FromMilliseconds(200));

        perDay.ShouldBe(43_200 * 1e-8, 1e-12);
        (1 / perDay / 365).ShouldBeGreaterThan(6); // years between false Downs
    }

    [Fact]
    public void ShortestFailBack_Defaults_StableTime_ManySuccesses_SuccessesBind()
    {
        HealthMath.ShortestFailBack(Defaults).ShouldBe(TimeSpan.FromSeconds(10));
        HealthMath.ShortestFailBack(Defaults with { Recovery = new RecoveryOptions { Successes = 20 } }).ShouldBe(TimeSpan.FromSeconds(19));
    }

    [Theory]
    [InlineData(10, 3)]
    [InlineData(41, 3)]
    [InlineData(42, 4)]
    [InlineData(59, 7)]
    public void DownsToSuppress_Defaults_MatchesHalfLifeMath(int periodSeconds, int expected)
    {
        // Three Downs suppress when x + x² ≥ 1 with x = 2^(−period/60), i.e. period ≤ 41.6 s.
        HealthMath.DownsToSuppress(new FlapDampingOptions(), TimeSpan.FromSeconds(periodSeconds)).ShouldBe(expected);
    }

    [Fact]
    public void DownsToSuppress_SlowerThanOncePerHalfLife_Never()
    {
        HealthMath.DownsToSuppress(new FlapDampingOptions(), TimeSpan.FromSeconds(61)).ShouldBeNull();
        HealthMath.LongestDampedPeriod(new FlapDampingOptions()).ShouldBe(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void NextProbeStart_ProbeStillRunning_WaitsForIt()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        HealthMath.NextProbeStart(t0, t0.AddSeconds(0.2), TimeSpan.FromSeconds(0.5)).ShouldBe(t0.AddSeconds(0.5));
        HealthMath.NextProbeStart(t0, t0.AddSeconds(2), TimeSpan.FromSeconds(0.5)).ShouldBe(t0.AddSeconds(2));
    }
}
