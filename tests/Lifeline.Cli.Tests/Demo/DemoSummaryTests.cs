using Lifeline.Cli.Demo;
using Lifeline.Health;

namespace Lifeline.Cli.Tests.Demo;

public sealed class DemoSummaryTests
{
    private static readonly HealthOptions Defaults = new();
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout200 = TimeSpan.FromMilliseconds(200);

    private static DemoScript Script(DemoScriptKind kind) => DemoScript.Standard.Single(s => s.Kind == kind);

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private static DemoTransition T(double at, string gateway, TargetHealth from, TargetHealth to, double penalty = 0, string reason = "because") =>
        new(S(at), gateway, from, to, reason, penalty, to == TargetHealth.Down ? Timeout200 : null);

    private static DemoGatewayStatus Status(
        DemoScriptKind kind,
        TargetHealth health = TargetHealth.Up,
        long answered = 20,
        long lost = 0,
        bool damped = false,
        double penalty = 0,
        TimeSpan? reuseAt = null,
        long downs = 0,
        long heldBySelfHealth = 0) =>
        new(
            Script(kind),
            "sip:127.0.0.1:5060",
            new TargetHealthSnapshot
            {
                TargetId = Script(kind).Name,
                Health = health,
                Computed = health,
                Since = Start,
                Damped = damped,
                SmoothedRtt = TimeSpan.FromMilliseconds(0.4),
                Counters = new HealthCounters { Downs = downs, HeldBySelfHealth = heldBySelfHealth },
            },
            TimeSpan.Zero,
            new RttPercentiles(20, TimeSpan.FromMilliseconds(0.4), TimeSpan.FromMilliseconds(0.6), TimeSpan.FromMilliseconds(0.9)),
            answered + lost,
            answered,
            lost,
            penalty,
            reuseAt,
            Timeout200,
            health == TargetHealth.Down ? 0 : 1);

    private static string Story(DemoSummaryReport report, string gateway) => string.Join("\n", report.Gateways.Single(g => g.Gateway == gateway).Sentences);

    [Fact]
    public void Build_DyingGatewayDetectedAndFailedBack_ComparesDetectionWithTheWorstCaseAndFailBackWithTheRules()
    {
        DemoTransition[] transitions =
        [
            T(9.7, "dies", TargetHealth.Up, TargetHealth.Suspect),
            T(13.3, "dies", TargetHealth.Suspect, TargetHealth.Down, 1000),
            T(25.4, "dies", TargetHealth.Down, TargetHealth.Recovering, 800),
            T(35.4, "dies", TargetHealth.Recovering, TargetHealth.Up, 700),
        ];

        var report = DemoSummary.Build(Defaults, S(55), [Status(DemoScriptKind.DiesAndComesBack, penalty: 700)], transitions);

        var story = Story(report, "dies");
        story.ShouldContain("went silent at t+8.0 s and was Down at t+13.3 s: detected in 5.3 s (worst case 5.7 s with its 200 ms probe timeout).");
        story.ShouldContain("answered again at t+25.0 s, Recovering at t+25.4 s, Up at t+35.4 s: failed back in 10.4 s (3 answers in a row and 10 s stable, so never less than 10 s).");
        story.ShouldContain("path Up → Suspect → Down → Recovering → Up; 4 transitions; Down for 12.1 s in all.");
        story.ShouldNotContain("scheduling delay");
        report.Takeaway.ShouldBe("In short: a dead gateway was out of service 5.3 s after it went silent; when it came back it proved itself for 10 s before taking full traffic again.");
    }

    [Fact]
    public void Build_DetectionLaterThanTheWorstCase_SaysTheMachineAddedTheDifference()
    {
        DemoTransition[] transitions =
        [
            T(10, "dies", TargetHealth.Up, TargetHealth.Suspect),
            T(14, "dies", TargetHealth.Suspect, TargetHealth.Down, 1000),
        ];

        var report = DemoSummary.Build(Defaults, S(20), [Status(DemoScriptKind.DiesAndComesBack, TargetHealth.Down)], transitions);

        var story = Story(report, "dies");
        story.ShouldContain("detected in 6.0 s (worst case 5.7 s with its 200 ms probe timeout)");
        story.ShouldContain("the extra 300 ms over the worst case is this machine's timer and scheduling delay.");
        story.ShouldContain("still silent when the demo ended.");
        story.ShouldContain("Down for 6.0 s in all");
    }

    [Fact]
    public void Build_GatewayHeldBySelfHealth_ExplainsWhyDetectionTookLonger()
    {
        DemoTransition[] transitions =
        [
            T(10, "dies", TargetHealth.Up, TargetHealth.Suspect),
            T(20, "dies", TargetHealth.Suspect, TargetHealth.Down, 1000),
        ];

        var report = DemoSummary.Build(Defaults, S(22), [Status(DemoScriptKind.DiesAndComesBack, TargetHealth.Down, heldBySelfHealth: 9)], transitions);

        Story(report, "dies").ShouldContain("held back from Down 9 times by the self-health gate: Lifeline suspected its own machine (its timers ran late, or most gateways failed at once).");
    }

    [Fact]
    public void Build_DemoEndedBeforeTheSilence_SaysSoInsteadOfInventingADetection()
    {
        var report = DemoSummary.Build(Defaults, S(5), [Status(DemoScriptKind.DiesAndComesBack)], []);

        Story(report, "dies").ShouldBe("answered throughout: the demo ended before its silence at t+8 s (run it longer).");
        report.Takeaway.ShouldBeNull();
    }

    [Fact]
    public void Build_DemoEndedBeforeTheFlappingBegan_SaysSo()
    {
        var report = DemoSummary.Build(Defaults, S(5), [Status(DemoScriptKind.Flapping)], []);

        Story(report, "flapping").ShouldBe("answered throughout: the demo ended before it started flapping at t+12 s (run it longer).");
    }

    [Fact]
    public void Build_LossyGatewayWithBlipsOnly_ReportsZeroDownsTheLossAndTheOddsOfAFalseDown()
    {
        DemoTransition[] transitions =
        [
            T(4.1, "lossy", TargetHealth.Up, TargetHealth.Suspect),
            T(4.6, "lossy", TargetHealth.Suspect, TargetHealth.Up),
            T(20.1, "lossy", TargetHealth.Up, TargetHealth.Suspect),
            T(20.6, "lossy", TargetHealth.Suspect, TargetHealth.Up),
        ];

        var report = DemoSummary.Build(Defaults, S(55), [Status(DemoScriptKind.Lossy, answered: 34, lost: 6)], transitions);

        var story = Story(report, "lossy");
        story.ShouldContain("0 Down transitions despite 15% probe loss (6 of 40 probes lost): 2 Suspect blips, each ended by the next answer.");

        // 43,200 probes a day × 0.15^8 = 0.011 a day.
        story.ShouldContain("Down needs 8 misses in a row; with 15% random loss that would happen about once in 90 days.");
        story.ShouldNotContain("path");
        report.Takeaway.ShouldBe("In short: 15% packet loss never took a gateway out.");
    }

    [Fact]
    public void Build_LossyGatewayThatWentDown_SaysSoPlainly()
    {
        DemoTransition[] transitions =
        [
            T(4.1, "lossy", TargetHealth.Up, TargetHealth.Suspect),
            T(8.1, "lossy", TargetHealth.Suspect, TargetHealth.Down, 1000),
        ];

        var report = DemoSummary.Build(Defaults, S(10), [Status(DemoScriptKind.Lossy, TargetHealth.Down, answered: 2, lost: 8)], transitions);

        Story(report, "lossy").ShouldStartWith("1 Down transition at 80% probe loss");
        report.Takeaway.ShouldBeNull();
    }

    [Fact]
    public void Build_LossyGatewayThatLostNothingYet_ClaimsNothingAboutLoss()
    {
        var report = DemoSummary.Build(Defaults, S(6), [Status(DemoScriptKind.Lossy, answered: 3, lost: 0)], []);

        Story(report, "lossy").ShouldBe("no probe lost yet (3 answered): run the demo longer to see its loss.");
        report.Takeaway.ShouldBeNull();
    }

    [Fact]
    public void Build_FlappingGatewayDamped_NamesTheDownsThePenaltyAndWhenItWillBeReused()
    {
        DemoTransition[] transitions =
        [
            T(12.7, "flapping", TargetHealth.Up, TargetHealth.Suspect),
            T(16.2, "flapping", TargetHealth.Suspect, TargetHealth.Down, 1000),
            T(20.0, "flapping", TargetHealth.Down, TargetHealth.Recovering, 957),
            T(27.2, "flapping", TargetHealth.Recovering, TargetHealth.Down, 1891),
            T(30.0, "flapping", TargetHealth.Down, TargetHealth.Recovering, 1831),
            T(37.3, "flapping", TargetHealth.Recovering, TargetHealth.Down, 2674),
        ];

        var status = Status(DemoScriptKind.Flapping, TargetHealth.Down, damped: true, penalty: 2178, reuseAt: S(147.3), downs: 3);
        var report = DemoSummary.Build(Defaults, S(55), [status], transitions);

        var story = Story(report, "flapping");
        story.ShouldContain("went Down 3 times (t+16.2 s, t+27.2 s, t+37.3 s) and was damped at the 3rd: penalty 2674 reached 2000.");
        story.ShouldContain("answering steadily since t+40.0 s, yet kept out of service: its penalty (2178 now, halving every 60 s) must fall below 750, at about t+147 s (1 min 32 s after the end of the demo).");
        story.ShouldContain("path Up → Suspect → Down → Recovering → Down → Recovering → Down; 6 transitions; Down for 24.3 s in all.");
        story.ShouldNotContain("in all; the Downs while damped");
        report.Takeaway.ShouldBe("In short: a flapping gateway is held out of service until it calms down.");
    }

    [Fact]
    public void Build_FlappingGatewayStillFlappingWhileDamped_CountsTheUnpublishedDowns()
    {
        DemoTransition[] transitions =
        [
            T(16, "flapping", TargetHealth.Suspect, TargetHealth.Down, 1000),
            T(20, "flapping", TargetHealth.Down, TargetHealth.Recovering, 957),
            T(27, "flapping", TargetHealth.Recovering, TargetHealth.Down, 1891),
            T(30, "flapping", TargetHealth.Down, TargetHealth.Recovering, 1831),
            T(37, "flapping", TargetHealth.Recovering, TargetHealth.Down, 2674),
        ];

        var status = Status(DemoScriptKind.Flapping, TargetHealth.Down, damped: true, penalty: 3000, reuseAt: S(160), downs: 5);
        var report = DemoSummary.Build(Defaults, S(39), [status], transitions);

        var story = Story(report, "flapping");
        story.ShouldContain("still flapping, and kept out of service");
        story.ShouldContain("it went Down 5 times in all; the Downs while damped are not published (it was already out) but still add penalty.");
    }

    [Fact]
    public void Build_FlappingGatewayNotYetDamped_SaysThePenaltyStayedBelowTheSuppressLevel()
    {
        DemoTransition[] transitions =
        [
            T(16, "flapping", TargetHealth.Suspect, TargetHealth.Down, 1000),
            T(20, "flapping", TargetHealth.Down, TargetHealth.Recovering, 957),
            T(27, "flapping", TargetHealth.Recovering, TargetHealth.Down, 1891),
        ];

        var report = DemoSummary.Build(Defaults, S(28), [Status(DemoScriptKind.Flapping, TargetHealth.Down, penalty: 1880)], transitions);

        Story(report, "flapping").ShouldStartWith("went Down twice (t+16.0 s, t+27.0 s); not damped: its penalty peaked at 1891, below 2000.");
    }

    [Fact]
    public void Build_SteadyGateway_UpTheWholeTimeWithItsRtt()
    {
        var report = DemoSummary.Build(Defaults, S(55), [Status(DemoScriptKind.Steady, answered: 28)], []);

        Story(report, "steady").ShouldBe("Up the whole time: 28 of 28 probes answered, RTT 0.40 ms (p99 0.90 ms); 0 transitions.");
    }

    [Fact]
    public void Lines_FourGateways_HeaderThenEachStoryUnderItsNameThenTheTakeaway()
    {
        var gateways = DemoScript.Standard.Select(s => Status(s.Kind)).ToList();

        var lines = DemoSummary.Build(Defaults, S(55), gateways, []).Lines();

        lines[0].ShouldStartWith("Summary after 55.0 s. The rules (Lifeline's defaults): a probe every 2 s, every 0.5 s while Suspect; Down after 8 misses in a row; back Up after 3 answers in a row and 10 s stable; each Down adds a flap penalty of 1000 that halves every 60 s, and at 2000 a gateway is damped");
        lines.ShouldContain("steady    Up the whole time: 20 of 20 probes answered, RTT 0.40 ms (p99 0.90 ms); 0 transitions.");
        lines.Count(l => l.StartsWith("dies      ", StringComparison.Ordinal)).ShouldBe(1);
        lines.Count(l => l.StartsWith("lossy     ", StringComparison.Ordinal)).ShouldBe(1);
        lines.Count(l => l.StartsWith("flapping  ", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public void Line_Transition_TimeGatewayChangeAndReasonInFixedColumns()
    {
        var line = DemoPlainView.Line(T(13.3, "dies", TargetHealth.Suspect, TargetHealth.Down, reason: "8 probes in a row timed out (last 200 ms)"), 8);

        line.ShouldBe("t+13.3 s  dies      Suspect → Down      8 probes in a row timed out (last 200 ms)");
    }

    private static DemoCall Answered(double placedAt, string trunk, double setupMs = 1) =>
        new("a" + placedAt, S(placedAt), TimeSpan.FromMilliseconds(setupMs), 200, trunk, [new DemoAttempt(trunk, "answered", TimeSpan.Zero, TimeSpan.FromMilliseconds(setupMs))]);

    private static DemoCall FailedOver(double placedAt, double setupMs) =>
        new("f" + placedAt, S(placedAt), TimeSpan.FromMilliseconds(setupMs), 200, "steady",
        [
            new DemoAttempt("dies", "timeout", TimeSpan.Zero, S(0.4)),
            new DemoAttempt("steady", "answered", S(0.4), TimeSpan.FromMilliseconds(setupMs)),
        ]);

    private static DemoCallFigures Figures(long placed, params DemoCall[] calls) =>
        DemoCallFigures.Of(calls, 20, placed, [new DemoTrunkCalls("dies", 1, 0, 3, 3, 2), new DemoTrunkCalls("steady", 2, 1, 3, 3, 0)]);

    [Fact]
    public void Build_PrimaryDiedUnderCalls_StatesCallsLostDelayAndHowFastTrafficMovedOffAndBack()
    {
        DemoTransition[] transitions =
        [
            T(8.2, "dies", TargetHealth.Up, TargetHealth.Suspect),
            T(11.8, "dies", TargetHealth.Suspect, TargetHealth.Down, 1000),
            T(25.3, "dies", TargetHealth.Down, TargetHealth.Recovering, 800),
            T(35.3, "dies", TargetHealth.Recovering, TargetHealth.Up, 700),
        ];
        var calls = Figures(
            placed: 8,
            Answered(7.9, "dies"),
            FailedOver(8.1, 402),
            FailedOver(11.7, 431),
            Answered(12.0, "steady"),
            Answered(12.1, "steady", setupMs: 90),
            Answered(25.4, "dies"),
            Answered(36.0, "dies"));

        var report = DemoSummary.Build(Defaults, S(55), [Status(DemoScriptKind.Steady), Status(DemoScriptKind.DiesAndComesBack, penalty: 700)], transitions, calls);

        var story = Story(report, DemoSummary.CallsEntry);
        story.ShouldContain("8 calls placed (20 a second) through Lifeline's proxy: 7 answered, 0 lost, 1 still in flight at the end.");
        story.ShouldContain("lost: 0 — every call that ended was answered, whatever the carriers did.");
        story.ShouldContain("3 calls delayed (setup more than 50 ms beyond a direct answer's 1.00 ms): 2 by a failover, 1 by this machine (no failover, up to 89 ms: a busy CPU, or code run for the first time); worst added delay by a failover 430 ms (the goal: at most 1 s).");
        story.ShouldContain("2 calls failed over (the proxy tried a second trunk): dies → steady 2.");
        story.ShouldContain("calls carried per trunk (priority order): dies 3, steady 3.");
        story.ShouldContain("traffic off dies: 2 calls tried it while it was silent, the last placed at t+11.7 s, 3.7 s after it went silent; later calls went straight to the next trunk.");
        story.ShouldContain("traffic back on dies: the first call it answered was placed at t+25.4 s, 0.4 s after it answered again (a share of calls while Recovering); all of it from t+35.3 s, when dies was Up again.");
        report.Alarm.ShouldBeNull();
        report.Takeaway!.ShouldEndWith("; of 8 calls not one was lost, and none waited more than 430 ms longer than usual.");
        report.Lines().ShouldContain("calls   8 calls placed (20 a second) through Lifeline's proxy: 7 answered, 0 lost, 1 still in flight at the end.");
    }

    [Fact]
    public void Build_CallsLost_SaysSoLoudly()
    {
        DemoCall lost = new("x", S(9), TimeSpan.FromMilliseconds(820), 503, null,
            [new DemoAttempt("dies", "timeout", TimeSpan.Zero, S(0.4)), new DemoAttempt("steady", "timeout", S(0.4), S(0.8))]);
        var calls = Figures(3, Answered(1, "dies"), lost, Answered(2, "dies"));

        var report = DemoSummary.Build(Defaults, S(55), [Status(DemoScriptKind.Steady)], [], calls);

        Story(report, DemoSummary.CallsEntry).ShouldContain("LOST: 1 call ended without an answer (see below) — Lifeline promises 0.");
        report.Alarm.ShouldBe("!!! 1 CALL LOST (1 × 503): Lifeline promises zero lost calls. This is a bug, or this machine was starved; please report it with this output.");
        report.Lines()[^1].ShouldBe(report.Alarm);
        report.Takeaway!.ShouldContain("1 call of 3 LOST");
    }

    [Fact]
    public void Build_WithoutCalls_NoCallsEntry()
    {
        var report = DemoSummary.Build(Defaults, S(55), [Status(DemoScriptKind.Steady)], []);

        report.Gateways.ShouldNotContain(g => g.Gateway == DemoSummary.CallsEntry);
        report.Alarm.ShouldBeNull();
    }
}
