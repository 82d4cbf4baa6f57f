using Lifeline.Cli.Demo;
using Lifeline.Health;
using Lifeline.Testing;

namespace Lifeline.Cli.Tests.Demo;

public sealed class DemoScriptTests
{
    private static readonly HealthOptions Defaults = new();
    private static readonly TimeSpan LoopbackTimeout = Defaults.Timeout.Floor;

    private static DemoScript Standard(DemoScriptKind kind) => DemoScript.Standard.Single(s => s.Kind == kind);

    /// <summary>Whether the script answers a probe arriving now on the manual clock (a draw that never counts as loss).</summary>
    private static bool AnswersNow(DemoScript script, DemoTimeline timeline) => script.Answers(timeline.Elapsed, 0.999);

    [Fact]
    public void Answers_Steady_AnswersAtEveryMoment()
    {
        var clock = new ManualTimeProvider();
        var timeline = new DemoTimeline(clock);
        var steady = Standard(DemoScriptKind.Steady);

        for (var i = 0; i < 120; i++)
        {
            AnswersNow(steady, timeline).ShouldBeTrue($"at {timeline.Elapsed}");
            steady.Answers(timeline.Elapsed, 0.0).ShouldBeTrue("a steady gateway loses nothing, whatever the draw");
            clock.Advance(TimeSpan.FromMilliseconds(500));
        }
    }

    [Fact]
    public void Answers_DiesAndComesBack_AnswersThenDropsFrom8sThenAnswersFrom25s()
    {
        var clock = new ManualTimeProvider();
        var timeline = new DemoTimeline(clock);
        var dies = Standard(DemoScriptKind.DiesAndComesBack);

        clock.Advance(TimeSpan.FromMilliseconds(7_990));
        AnswersNow(dies, timeline).ShouldBeTrue();
        clock.Advance(TimeSpan.FromMilliseconds(10));
        AnswersNow(dies, timeline).ShouldBeFalse("silent from t+8 s");
        clock.Advance(TimeSpan.FromMilliseconds(16_990));
        AnswersNow(dies, timeline).ShouldBeFalse("still silent at t+24.99 s");
        clock.Advance(TimeSpan.FromMilliseconds(10));
        AnswersNow(dies, timeline).ShouldBeTrue("back at t+25 s");
        clock.Advance(TimeSpan.FromMinutes(10));
        AnswersNow(dies, timeline).ShouldBeTrue();
    }

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(0.149, false)]
    [InlineData(0.15, true)]
    [InlineData(0.9, true)]
    public void Answers_Lossy_DropsExactlyTheDrawsBelowItsLossRate(double draw, bool answers)
    {
        var lossy = Standard(DemoScriptKind.Lossy);

        lossy.LossRate.ShouldBe(0.15);
        lossy.Answers(TimeSpan.FromSeconds(30), draw).ShouldBe(answers);
        lossy.Silences.ShouldBeEmpty("a lossy gateway is never silent, it only loses packets");
    }

    [Fact]
    public void Answers_Flapping_SilentFor8sThen5sOnAnd5sOffUntil40s()
    {
        var clock = new ManualTimeProvider();
        var timeline = new DemoTimeline(clock);
        var flapping = Standard(DemoScriptKind.Flapping);
        var silentSeconds = new List<int>();

        for (var second = 0; second < 60; second++)
        {
            if (!AnswersNow(flapping, timeline))
            {
                silentSeconds.Add(second);
            }

            clock.Advance(TimeSpan.FromSeconds(1));
        }

        int[] expected = [.. Enumerable.Range(12, 8), .. Enumerable.Range(25, 5), .. Enumerable.Range(35, 5)];
        silentSeconds.ShouldBe(expected);
        flapping.StoryEnd.ShouldBe(TimeSpan.FromSeconds(40));
    }

    [Fact]
    public void Standard_DyingGatewaysFirstSilence_OutlastsTheWorstCaseDetectionWithSlack()
    {
        var worst = HealthMath.WorstCaseDetection(Defaults, LoopbackTimeout)!.Value;
        worst.ShouldBe(TimeSpan.FromSeconds(5.7));

        foreach (var kind in new[] { DemoScriptKind.DiesAndComesBack, DemoScriptKind.Flapping })
        {
            var first = Standard(kind).Silences[0];
            (first.End - first.Start).ShouldBeGreaterThanOrEqualTo(worst + TimeSpan.FromSeconds(2), $"{kind} must be Down before it answers again, even on a slow machine");
        }
    }

    [Fact]
    public void Standard_Flapping_EachLaterSilenceRelapsesARecoveringGatewayAndItsDownsGetItDamped()
    {
        var flapping = Standard(DemoScriptKind.Flapping);
        var recovering = Defaults.Intervals.Recovering;

        // A Recovering gateway relapses after 3 misses in a row, one Recovering interval apart: each later silence
        // must hold them all, with room for the first probe of the silence to come up to an interval late.
        var relapse = (recovering * Defaults.Recovery.RelapseAfter) + LoopbackTimeout;
        var later = flapping.Silences.Skip(1).ToList();
        later.Count.ShouldBe(2);
        later.ShouldAllBe(s => s.End - s.Start >= relapse + TimeSpan.FromSeconds(1));

        // Answering phases are too short for Recovering → Up, so every silence is a new Down.
        var answering = flapping.Silences[1].Start - flapping.Silences[0].End;
        answering.ShouldBeLessThan(Defaults.Recovery.StableTime);

        // Downs about 10 s apart are damped at the third: the demo shows damping with its three Downs.
        var period = flapping.Silences[2].Start - flapping.Silences[1].Start;
        HealthMath.DownsToSuppress(Defaults.Damping, period).ShouldBe(3);
        (1 + later.Count).ShouldBe(3);
    }

    [Fact]
    public void Standard_EveryStory_EndsWellWithinTheDefaultDuration()
    {
        var dies = Standard(DemoScriptKind.DiesAndComesBack).Silences[0];

        // Back at 25 s, Up after the shortest fail-back (plus a Recovering interval for the first answer).
        var upBy = dies.End + Defaults.Intervals.Recovering + HealthMath.ShortestFailBack(Defaults);
        upBy.ShouldBeLessThan(DemoSettings.DefaultDuration - TimeSpan.FromSeconds(10));
        DemoScript.Standard.Max(s => s.StoryEnd).ShouldBeLessThan(DemoSettings.DefaultDuration);
        DemoScript.Standard.Select(s => s.Name).ShouldBeUnique();
    }

    [Fact]
    public void PhaseAt_DuringAndOutsideSilence_SaysWhatTheGatewayDoesNow()
    {
        var dies = Standard(DemoScriptKind.DiesAndComesBack);
        var lossy = Standard(DemoScriptKind.Lossy);

        dies.PhaseAt(TimeSpan.FromSeconds(3)).ShouldBe("answering");
        dies.PhaseAt(TimeSpan.FromSeconds(10)).ShouldBe("silent");
        lossy.PhaseAt(TimeSpan.FromSeconds(10)).ShouldBe("answering, lossy");
        dies.Behaviour.ShouldBe("silent t+8–25 s");
        dies.Description.ShouldBe("answers, goes silent at t+8 s, answers again from t+25 s");
    }

    [Fact]
    public void Flapping_EndInsideASilence_ClipsTheLastSilenceAtTheEnd()
    {
        var script = DemoScript.Flapping("f", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(27));

        script.Silences.ShouldBe([
            new DemoSilence(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(18)),
            new DemoSilence(TimeSpan.FromSeconds(23), TimeSpan.FromSeconds(27)),
        ]);
        script.Answers(TimeSpan.FromSeconds(27), 0.5).ShouldBeTrue();
    }
}
