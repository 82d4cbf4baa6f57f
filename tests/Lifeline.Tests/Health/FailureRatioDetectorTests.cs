using Lifeline.Health;

namespace Lifeline.Tests.Health;

public sealed class FailureRatioDetectorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly FailureRatioOptions Options = new() { Window = TimeSpan.FromSeconds(30), MinimumVolume = 5, FailureRatio = 0.5 };

    [Fact]
    public void Verdict_AllFailedBelowMinimumVolume_NeverFailed()
    {
        var detector = new FailureRatioDetector(Options);

        for (var i = 0; i < 4; i++)
        {
            detector.Observe(Signal.CallCarrierFailure(T0.AddSeconds(i), 503));
        }

        detector.Verdict(T0.AddSeconds(4)).ShouldBe(DetectorVerdict.Suspect);
    }

    [Fact]
    public void Verdict_MinimumVolumeReachedWithHalfFailed_Failed()
    {
        var detector = new FailureRatioDetector(Options);
        bool[] ok = [true, true, true, false, false, true, false, false];

        var verdicts = new List<DetectorVerdict>();
        for (var i = 0; i < ok.Length; i++)
        {
            detector.Observe(ok[i] ? Signal.CallAnswered(T0.AddSeconds(i)) : Signal.CallCarrierFailure(T0.AddSeconds(i), 503));
            verdicts.Add(detector.Verdict(T0.AddSeconds(i)));
        }

        verdicts.ShouldBe([
            DetectorVerdict.Healthy, DetectorVerdict.Healthy, DetectorVerdict.Healthy, DetectorVerdict.Suspect,
            DetectorVerdict.Suspect, DetectorVerdict.Healthy, DetectorVerdict.Suspect, DetectorVerdict.Failed,
        ]);
        detector.Explain(T0.AddSeconds(7)).ShouldBe("4 of 8 calls failed in 30 s: 503");
    }

    [Fact]
    public void Verdict_FailuresLeaveTheWindow_HealthyAgain()
    {
        var detector = new FailureRatioDetector(Options);
        for (var i = 0; i < 5; i++)
        {
            detector.Observe(Signal.CallTimedOut(T0.AddSeconds(i), TimeSpan.FromSeconds(2)));
        }

        detector.Verdict(T0.AddSeconds(5)).ShouldBe(DetectorVerdict.Failed);
        detector.Verdict(T0.AddSeconds(33)).ShouldBe(DetectorVerdict.Suspect);
        detector.Verdict(T0.AddSeconds(34)).ShouldBe(DetectorVerdict.Healthy);
    }

    [Fact]
    public void Explain_SeveralFailureKinds_ListsThemMostFrequentFirst()
    {
        var detector = new FailureRatioDetector(Options);
        detector.Observe(Signal.CallTimedOut(T0, TimeSpan.FromSeconds(2)));
        detector.Observe(Signal.CallCarrierFailure(T0, 503));
        detector.Observe(Signal.CallCarrierFailure(T0, 503));
        detector.Observe(Signal.CallAnswered(T0));
        detector.Observe(Signal.CallCalleeResult(T0, 486));

        detector.Explain(T0).ShouldBe("3 of 5 calls failed in 30 s: 503 ×2, timeout ×1");
    }

    [Fact]
    public void Observe_MoreThanMaxSamples_JudgesOnlyTheMostRecent()
    {
        var detector = new FailureRatioDetector(Options with { MaxSamples = 10 });
        for (var i = 0; i < 10; i++)
        {
            detector.Observe(Signal.CallCarrierFailure(T0, 503));
        }

        for (var i = 0; i < 6; i++)
        {
            detector.Observe(Signal.CallAnswered(T0));
        }

        // The 10 most recent: 4 failures, 6 successes.
        detector.Verdict(T0).ShouldBe(DetectorVerdict.Healthy);
        detector.Explain(T0).ShouldStartWith("4 of 10 calls failed");
    }
}
