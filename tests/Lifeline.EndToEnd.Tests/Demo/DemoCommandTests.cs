using System.Globalization;
using System.Text.RegularExpressions;
using Lifeline.Testing;

namespace Lifeline.EndToEnd.Tests.Demo;

/// <summary>
/// <c>lifeline demo</c> run as a process, the way a newcomer runs it (with <c>--no-live</c>, as when piped): its
/// plain output must tell the whole story — the dying gateway detected within the worst case and failed back
/// through Recovering, the lossy one never Down, the flapping one damped — and it must exit 0.
/// </summary>
public sealed partial class DemoCommandTests
{
    // The demo runs for 45 s; process start-up and shutdown on a loaded machine get another minute and a half.
    private static readonly TimeSpan ProcessLimit = TimeSpan.FromSeconds(135);

    // A loaded 2-core machine may run timers late; the rules' arithmetic does not include that.
    private static readonly TimeSpan SchedulingMargin = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task Demo_45Seconds_TellsTheWholeStoryAndExitsZero()
    {
        var (exit, stdout, stderr, _) = await LifelineProcess.RunAsync(["demo", "--duration", "45", "--no-live"], ProcessLimit);

        exit.ShouldBe(0, stdout + stderr);
        stdout.ShouldNotContain("\u001b[", customMessage: "plain output has no ANSI escape codes");
        var transitions = TransitionLine().Matches(stdout).Select(Parse).ToList();
        transitions.ShouldNotBeEmpty(stdout);

        // The dying gateway: Up → Suspect → Down after it went silent at 8 s, then Down → Recovering → Up after 25 s.
        var dies = transitions.Where(t => t.Gateway == "dies").Select(t => (t.From, t.To)).ToList();
        dies.ShouldBe([("Up", "Suspect"), ("Suspect", "Down"), ("Down", "Recovering"), ("Recovering", "Up")], stdout);
        var down = transitions.Single(t => t.Gateway == "dies" && t.To == "Down");
        down.At.ShouldBeGreaterThan(8.0, stdout);
        // Under the demo's calls, five failed calls in a row usually decide before the eighth missed probe; either
        // way the reason names the rule. Timeouts adapt to the measured RTT, so on a busy machine they can be longer.
        down.Reason.ShouldMatch(@"^(8 probes in a row timed out \(last \d+ ms\)|5 calls in a row failed by the carrier \(last: call got no response in \d+ ms\))$", stdout);
        transitions.Single(t => t.Gateway == "dies" && t.To == "Recovering").At.ShouldBeGreaterThanOrEqualTo(25.0, stdout);

        // Its detection time, measured from the silence, against the worst case the rules compute.
        var detection = Detection().Match(stdout);
        detection.Success.ShouldBeTrue(stdout);
        var detectedIn = TimeSpan.FromSeconds(double.Parse(detection.Groups["took"].Value, CultureInfo.InvariantCulture));
        var worstCase = TimeSpan.FromSeconds(double.Parse(detection.Groups["worst"].Value, CultureInfo.InvariantCulture));
        worstCase.ShouldBe(TimeSpan.FromSeconds(5.7), "HealthMath.WorstCaseDetection at the defaults with the 200 ms probe timeout of a loopback gateway");
        detectedIn.ShouldBeLessThanOrEqualTo(worstCase + SchedulingMargin, stdout);
        detectedIn.ShouldBe(TimeSpan.FromSeconds(down.At - 8.0), TimeSpan.FromSeconds(0.051), "the summary's detection time matches the Down transition");
        stdout.ShouldContain("answered again at t+25.0 s, Recovering at ");
        stdout.ShouldMatch(@"Up at t\+\d+\.\d s: failed back in \d+\.\d s \(3 answers in a row and 10 s stable");

        // The lossy gateway: Suspect blips at most, never Down.
        transitions.Where(t => t.Gateway == "lossy").ShouldAllBe(t => t.To == "Suspect" || t.To == "Up", stdout);
        stdout.ShouldMatch(@"\nlossy +0 Down transitions despite \d+% probe loss \(\d+ of \d+ probes lost\)");

        // The flapping gateway: a few Downs, then damped by its flap penalty.
        var flapping = transitions.Where(t => t.Gateway == "flapping").ToList();
        flapping.Count(t => t.To == "Down").ShouldBeGreaterThanOrEqualTo(2, stdout);
        flapping.ShouldContain(t => t.To == "Down" && t.Reason.Contains("damped: penalty ", StringComparison.Ordinal), stdout);
        stdout.ShouldMatch(@"\nflapping +went Down \d+ times \(.*\) and was damped at the \d(st|nd|rd|th): penalty \d+ reached 2000\.");

        // The calls: none lost, the failovers within the 1 s goal.
        stdout.ShouldMatch(@"\ncalls +\d+ calls placed \(20 a second\) through Lifeline's proxy: \d+ answered, 0 lost\.");
        stdout.ShouldMatch(@"worst added delay by a failover \d+ ms \(the goal: at most 1 s\)");

        // The steady gateway never moved.
        transitions.ShouldNotContain(t => t.Gateway == "steady", stdout);
        stdout.ShouldMatch(@"\nsteady +Up the whole time: (\d+) of \1 probes answered");

        // The summary's frame: the rules, and the lesson.
        stdout.ShouldContain("Summary after ");
        stdout.ShouldContain("The rules (Lifeline's defaults): a probe every 2 s, every 0.5 s while Suspect; Down after 8 misses in a row; back Up after 3 answers in a row and 10 s stable");
        stdout.ShouldContain("In short: a dead gateway was out of service ");
    }

    [Fact]
    public async Task Demo_BadDuration_ExitsTwoWithAReason()
    {
        var (exit, stdout, stderr, _) = await LifelineProcess.RunAsync(["demo", "--duration", "0"], TimeSpan.FromSeconds(60));

        exit.ShouldBe(2, stdout + stderr);
        stderr.ShouldContain("--duration must be between 1 and 3600 seconds");
    }

    private static (double At, string Gateway, string From, string To, string Reason) Parse(Match match) => (
        double.Parse(match.Groups["at"].Value, CultureInfo.InvariantCulture),
        match.Groups["gateway"].Value,
        match.Groups["from"].Value,
        match.Groups["to"].Value,
        match.Groups["reason"].Value.TrimEnd('\r'));

    [GeneratedRegex(@"^t\+(?<at>\d+\.\d) s +(?<gateway>\S+) +(?<from>\w+) → (?<to>\w+) +(?<reason>.+)$", RegexOptions.Multiline)]
    private static partial Regex TransitionLine();

    [GeneratedRegex(@"detected in (?<took>\d+\.\d) s \(worst case (?<worst>\d+\.\d) s")]
    private static partial Regex Detection();
}
