using Lifeline.Health;
using Lifeline.Monitoring;

namespace Lifeline.Tests.Monitoring;

public sealed class TrunkHealthOptionsTests
{
    [Fact]
    public void For_DefaultConfig_ConsecutiveDownAfterIntervalsAndAdaptiveTimeout()
    {
        var config = TestConfig.Load("trunks: [ { name: a, gateways: [ \"sip:192.0.2.1\" ] } ]");

        var options = TrunkHealthOptions.For(config.Trunks[0], config.SelfHealth);

        options.Probes.Detector.ShouldBe(FailureDetectors.Consecutive);
        options.Probes.Consecutive.Failures.ShouldBe(8);
        options.Intervals.Up.ShouldBe(TimeSpan.FromSeconds(2));
        options.Intervals.Suspect.ShouldBe(TimeSpan.FromMilliseconds(500));
        options.Intervals.Down.ShouldBe(TimeSpan.FromMilliseconds(500));
        options.Intervals.Recovering.ShouldBe(TimeSpan.FromMilliseconds(500));
        options.Timeout.Floor.ShouldBe(TimeSpan.FromMilliseconds(200));
        options.Timeout.Cap.ShouldBe(TimeSpan.FromSeconds(2));
        options.Recovery.Successes.ShouldBe(3);
        options.Damping.HalfLife.ShouldBe(TimeSpan.FromSeconds(60));
        options.Damping.SuppressLevel.ShouldBe(2000);
        options.Damping.ReuseLevel.ShouldBe(750);
        options.Validate().ShouldBeEmpty();
        TrunkHealthOptions.WorstCaseProbeTimeout(config.Trunks[0].EffectiveProbing).ShouldBe(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void For_DefaultConfig_KeepsTheEnginesPromises()
    {
        // docs/health.md promises, for the defaults: a silent gateway Down within 5.7 s on a LAN
        // (200 ms probe timeout), and no false Down at 10% random probe loss. The config file's
        // defaults must give exactly those rules, not weaker ones.
        var config = TestConfig.Load("trunks: [ { name: a, gateways: [ \"sip:192.0.2.1\" ] } ]");
        var options = TrunkHealthOptions.For(config.Trunks[0], config.SelfHealth);
        var engine = new HealthOptions();

        HealthMath.WorstCaseDetection(options, TimeSpan.FromMilliseconds(200)).ShouldBe(TimeSpan.FromSeconds(5.7));
        HealthMath.ExpectedFalseDownsPerDay(options, 0.10, TimeSpan.FromMilliseconds(200)).ShouldBeLessThan(0.001);
        HealthMath.ShortestFailBack(options).ShouldBe(HealthMath.ShortestFailBack(engine));
        options.Damping.ShouldBe(engine.Damping);
        options.Recovery.StableTime.ShouldBe(engine.Recovery.StableTime);
    }

    [Fact]
    public void For_Ramp_StepsBelowHundredEachLastingRampStep()
    {
        var config = TestConfig.Load("""
            health: { ramp: [10, 25, 50, 100], ramp_step: 30s, stable_time: 30s }
            trunks: [ { name: a, gateways: [ "sip:192.0.2.1" ] } ]
            """);

        var recovery = TrunkHealthOptions.For(config.Trunks[0], config.SelfHealth).Recovery;

        recovery.RampSteps.ShouldBe([0.10, 0.25, 0.50]);
        recovery.StableTime.ShouldBe(TimeSpan.FromSeconds(90));
        recovery.ShareAfter(TimeSpan.FromSeconds(29)).ShouldBe(0.10);
        recovery.ShareAfter(TimeSpan.FromSeconds(31)).ShouldBe(0.25);
        recovery.ShareAfter(TimeSpan.FromSeconds(61)).ShouldBe(0.50);
    }

    [Fact]
    public void For_StableTimeLongerThanRamp_StableTimeWins()
    {
        var config = TestConfig.Load("""
            health: { ramp: [50, 100], ramp_step: 10s, stable_time: 2m }
            trunks: [ { name: a, gateways: [ "sip:192.0.2.1" ] } ]
            """);

        var recovery = TrunkHealthOptions.For(config.Trunks[0], config.SelfHealth).Recovery;

        recovery.RampSteps.ShouldBe([0.50]);
        recovery.StableTime.ShouldBe(TimeSpan.FromMinutes(2));
    }

    [Fact]
    public void For_RampOff_AllTrafficAtOnceAfterStableTime()
    {
        var config = TestConfig.Load("""
            health: { ramp: off, stable_time: 20s }
            trunks: [ { name: a, gateways: [ "sip:192.0.2.1" ] } ]
            """);

        var recovery = TrunkHealthOptions.For(config.Trunks[0], config.SelfHealth).Recovery;

        recovery.RampSteps.ShouldBeEmpty();
        recovery.StableTime.ShouldBe(TimeSpan.FromSeconds(20));
        recovery.ShareAfter(TimeSpan.Zero).ShouldBe(1.0);
    }

    [Fact]
    public void For_FixedTimeout_FloorCapAndInitialAreIt()
    {
        var config = TestConfig.Load("""
            probing: { timeout: 800ms }
            trunks: [ { name: a, gateways: [ "sip:192.0.2.1" ] } ]
            """);

        var timeout = TrunkHealthOptions.For(config.Trunks[0], config.SelfHealth).Timeout;

        timeout.Floor.ShouldBe(TimeSpan.FromMilliseconds(800));
        timeout.Cap.ShouldBe(TimeSpan.FromMilliseconds(800));
        timeout.Initial.ShouldBe(TimeSpan.FromMilliseconds(800));
        TrunkHealthOptions.WorstCaseProbeTimeout(config.Trunks[0].EffectiveProbing).ShouldBe(TimeSpan.FromMilliseconds(800));
    }

    [Fact]
    public void For_RatioAndPhiDetectors_CarryTheirSettings()
    {
        var config = TestConfig.Load("""
            trunks:
              - name: r
                gateways: [ "sip:192.0.2.1" ]
                health: { detector: ratio, ratio: { window: 20s, threshold: 0.3, min_volume: 4 } }
              - name: p
                gateways: [ "sip:192.0.2.2" ]
                probing: { interval: 3s }
                health: { detector: phi, phi: { threshold: 6, max_samples: 50, min_std_dev: 150ms, acceptable_pause: 1s } }
            """);

        var ratio = TrunkHealthOptions.For(config.Trunks[0], config.SelfHealth).Probes;
        var phi = TrunkHealthOptions.For(config.Trunks[1], config.SelfHealth).Probes;

        ratio.Detector.ShouldBe(FailureDetectors.Ratio);
        ratio.Ratio.Window.ShouldBe(TimeSpan.FromSeconds(20));
        ratio.Ratio.FailureRatio.ShouldBe(0.3);
        ratio.Ratio.MinimumVolume.ShouldBe(4);
        phi.Detector.ShouldBe(FailureDetectors.Phi);
        phi.Phi.Threshold.ShouldBe(6);
        phi.Phi.MaxSampleSize.ShouldBe(50);
        phi.Phi.MinStdDeviation.ShouldBe(TimeSpan.FromMilliseconds(150));
        phi.Phi.AcceptableHeartbeatPause.ShouldBe(TimeSpan.FromSeconds(1));
        phi.Phi.FirstHeartbeatEstimate.ShouldBe(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void For_TrunkOverride_OnlyThatTrunkChanges()
    {
        var config = TestConfig.Load("""
            health: { down_after: 4 }
            trunks:
              - { name: a, gateways: [ "sip:192.0.2.1" ] }
              - { name: b, gateways: [ "sip:192.0.2.2" ], health: { down_after: 6 }, probing: { interval: 7s } }
            """);

        var a = TrunkHealthOptions.For(config.Trunks[0], config.SelfHealth);
        var b = TrunkHealthOptions.For(config.Trunks[1], config.SelfHealth);

        a.Probes.Consecutive.Failures.ShouldBe(4);
        a.Intervals.Up.ShouldBe(TimeSpan.FromSeconds(2));
        b.Probes.Consecutive.Failures.ShouldBe(6);
        b.Intervals.Up.ShouldBe(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public void For_CallFailures_RatioDetectorFromWindowThresholdAndMinCalls()
    {
        var config = TestConfig.Load("""
            health: { call_failures: { window: 45s, threshold: 0.4, min_calls: 7 } }
            trunks: [ { name: a, gateways: [ "sip:192.0.2.1" ] } ]
            """);

        var calls = TrunkHealthOptions.For(config.Trunks[0], config.SelfHealth).Calls;

        calls.Detector.ShouldBe(FailureDetectors.Ratio);
        calls.Ratio.Window.ShouldBe(TimeSpan.FromSeconds(45));
        calls.Ratio.FailureRatio.ShouldBe(0.4);
        calls.Ratio.MinimumVolume.ShouldBe(7);
    }

    [Fact]
    public void Defaults_SelfHealth_FromTopLevelWithAtLeastTwoTargets()
    {
        var config = TestConfig.Load("""
            self_health: { all_failed_share: 0.6, min_targets: 1, window: 4s, timer_lateness: 300ms }
            trunks: [ { name: a, gateways: [ "sip:192.0.2.1" ] } ]
            """);

        var self = TrunkHealthOptions.Defaults(config).SelfHealth;

        self.FailedShare.ShouldBe(0.6);
        self.MinimumTargets.ShouldBe(2);
        self.CorrelationWindow.ShouldBe(TimeSpan.FromSeconds(4));
        self.LateTimerThreshold.ShouldBe(TimeSpan.FromMilliseconds(300));
    }
}
