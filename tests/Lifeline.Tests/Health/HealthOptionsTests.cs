using Lifeline.Health;

namespace Lifeline.Tests.Health;

public sealed class HealthOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoProblems()
    {
        new HealthOptions().Validate().ShouldBeEmpty();
    }

    [Fact]
    public void Defaults_AsDocumented()
    {
        var o = new HealthOptions();

        o.Probes.Detector.ShouldBe("consecutive");
        o.Probes.Consecutive.Failures.ShouldBe(8);
        o.Calls.Detector.ShouldBe("ratio");
        o.Calls.Ratio.ShouldBe(new FailureRatioOptions { Window = TimeSpan.FromSeconds(30), MinimumVolume = 5, FailureRatio = 0.5, MaxSamples = 256 });
        (o.Intervals.Up, o.Intervals.Suspect, o.Intervals.Down, o.Intervals.Recovering).ShouldBe(
            (TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
        (o.Recovery.Successes, o.Recovery.StableTime, o.Recovery.RelapseAfter, o.Recovery.CallHoldTime).ShouldBe(
            (3, TimeSpan.FromSeconds(10), 3, TimeSpan.FromSeconds(60)));
        o.Recovery.RampSteps.ShouldBe([0.10, 0.25, 0.50]);
        (o.Damping.Penalty, o.Damping.HalfLife, o.Damping.SuppressLevel, o.Damping.ReuseLevel, o.Damping.MaxSuppressTime).ShouldBe(
            (1000.0, TimeSpan.FromSeconds(60), 2000.0, 750.0, TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData("Up", 2000)]
    [InlineData("Drained", 2000)]
    [InlineData("Suspect", 500)]
    [InlineData("Down", 1000)]
    [InlineData("Recovering", 1000)]
    public void ProbeIntervalFor_EachHealth_Documented(string health, int milliseconds)
    {
        new HealthOptions().ProbeIntervalFor(Enum.Parse<TargetHealth>(health)).ShouldBe(TimeSpan.FromMilliseconds(milliseconds));
    }

    [Fact]
    public void ProbeIntervalFor_Disabled_Never()
    {
        new HealthOptions().ProbeIntervalFor(TargetHealth.Disabled).ShouldBe(Timeout.InfiniteTimeSpan);
    }

    [Fact]
    public void Validate_UnknownDetector_NamesKeyAndKnownDetectors()
    {
        var o = new HealthOptions { Probes = new DetectorOptions { Detector = "magic" } };

        o.Validate().ShouldBe(["health.probes.detector: unknown detector 'magic' (known: consecutive, ratio, phi)"]);
    }

    [Fact]
    public void Validate_SeveralBadValues_OneSentenceEach()
    {
        var o = new HealthOptions
        {
            Probes = new DetectorOptions { Consecutive = new ConsecutiveFailuresOptions { Failures = 0 } },
            Calls = new DetectorOptions { Detector = "ratio", Ratio = new FailureRatioOptions { FailureRatio = 1.5 } },
            Timeout = new ProbeTimeoutOptions { Floor = TimeSpan.FromSeconds(3) },
            Recovery = new RecoveryOptions { RampSteps = [0.5, 0.2] },
            Damping = new FlapDampingOptions { ReuseLevel = 3000 },
        };

        o.Validate().ShouldBe(
        [
            "health.probes.consecutive.failures must be at least 1",
            "health.calls.ratio.failureRatio must be above 0 and at most 1",
            "health.timeout.cap must not be below health.timeout.floor",
            "health.recovery.rampSteps must rise, each above 0 and at most 1",
            "health.damping.reuseLevel must be above 0 and below health.damping.suppressLevel",
        ]);
    }
}
