using FsCheck;
using FsCheck.Fluent;
using Lifeline.Health;

namespace Lifeline.Tests.Health;

public sealed class ConsecutiveFailuresDetectorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Verdict_FailuresBelowThreshold_Suspect_AtThreshold_Failed()
    {
        var detector = new ConsecutiveFailuresDetector(new ConsecutiveFailuresOptions { Failures = 3 });

        detector.Verdict(T0).ShouldBe(DetectorVerdict.Healthy);
        detector.Observe(Signal.ProbeTimedOut(T0, TimeSpan.FromMilliseconds(200)));
        detector.Observe(Signal.ProbeTimedOut(T0, TimeSpan.FromMilliseconds(200)));
        detector.Verdict(T0).ShouldBe(DetectorVerdict.Suspect);
        detector.Observe(Signal.ProbeTimedOut(T0, TimeSpan.FromMilliseconds(2000)));

        detector.Verdict(T0).ShouldBe(DetectorVerdict.Failed);
        detector.Explain(T0).ShouldBe("3 probes in a row timed out (last 2000 ms)");
    }

    [Fact]
    public void Observe_SuccessBetweenFailures_StartsCountAgain()
    {
        var detector = new ConsecutiveFailuresDetector(new ConsecutiveFailuresOptions { Failures = 3 });

        detector.Observe(Signal.ProbeTimedOut(T0, TimeSpan.Zero));
        detector.Observe(Signal.ProbeTimedOut(T0, TimeSpan.Zero));
        detector.Observe(Signal.ProbeAnswered(T0, TimeSpan.FromMilliseconds(10)));
        detector.Observe(Signal.ProbeTimedOut(T0, TimeSpan.Zero));
        detector.Observe(Signal.ProbeTimedOut(T0, TimeSpan.Zero));

        detector.Verdict(T0).ShouldBe(DetectorVerdict.Suspect);
        detector.Failures.ShouldBe(2);
    }

    [Fact]
    public void Explain_MixedFailures_CountsEachKind()
    {
        var detector = new ConsecutiveFailuresDetector(new ConsecutiveFailuresOptions { Failures = 3 });

        detector.Observe(Signal.ProbeTimedOut(T0, TimeSpan.FromMilliseconds(200)));
        detector.Observe(Signal.ProbeTransportError(T0));
        detector.Observe(Signal.ProbeRejected(T0, TimeSpan.FromMilliseconds(5), 503));

        detector.Explain(T0).ShouldBe("3 probes in a row failed: 1 timed out, 1 transport errors, 1 failed (last 503)");
    }

    [Fact]
    public void Verdict_AnySequence_FailedExactlyWhenTrailingFailuresReachThreshold()
    {
        Prop.ForAll(
            Gen.Choose(1, 6).ToArbitrary(),
            Gen.ListOf(ArbMap.Default.GeneratorFor<bool>()).ToArbitrary(),
            (threshold, outcomes) =>
            {
                var detector = new ConsecutiveFailuresDetector(new ConsecutiveFailuresOptions { Failures = threshold });
                foreach (var ok in outcomes)
                {
                    detector.Observe(ok ? Signal.ProbeAnswered(T0, TimeSpan.FromMilliseconds(1)) : Signal.ProbeTimedOut(T0, TimeSpan.Zero));
                }

                var trailing = outcomes.AsEnumerable().Reverse().TakeWhile(ok => !ok).Count();
                var expected = trailing >= threshold ? DetectorVerdict.Failed : trailing > 0 ? DetectorVerdict.Suspect : DetectorVerdict.Healthy;
                return detector.Verdict(T0) == expected;
            }).QuickCheckThrowOnFailure();
    }
}
