using System.Globalization;
using System.Text.RegularExpressions;
using Lifeline.Cli.Demo;

namespace Lifeline.Cli.Tests.Demo;

/// <summary>
/// The whole demo in-process, briefly: real gateways on loopback, the real prober, the real failover proxy with a
/// simulated dialer placing calls through it, plain output to a writer. Assertions read the output, as a user would.
/// </summary>
public sealed partial class DemoRunnerTests
{
    [Fact]
    public async Task RunAsync_ShortPlainRun_IntroducesTheGatewaysAndEndsWithTheSummary()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var settings = new DemoSettings(TimeSpan.FromSeconds(3), Live: false);

        var exit = await DemoRunner.RunAsync(settings, DemoScript.Standard, output, error, TimeProvider.System, CancellationToken.None);

        var text = output.ToString();
        exit.ShouldBe(0, text + error);
        text.ShouldStartWith("lifeline demo: 4 simulated carrier gateways on 127.0.0.1, probed with SIP OPTIONS for 3.0 s under Lifeline's default health rules.");
        text.ShouldMatch(@"\n  steady    sip:127\.0\.0\.1:\d+ +always answers");
        text.ShouldMatch(@"\n  dies      sip:127\.0\.0\.1:\d+ +answers, goes silent at t\+8 s, answers again from t\+25 s");
        text.ShouldMatch(@"\nCalls: a simulated dialer places 20 calls a second \(each held 1 s\) through Lifeline's failover proxy on udp:127\.0\.0\.1:\d+, which tries the trunks \(one per gateway\) in priority order: dies \(1, the primary\), steady \(2, its backup\), lossy \(3\), flapping \(4\)\.");
        text.ShouldContain("Transitions and calls (time since the start, gateway, from → to, reason; failovers at most one line a second):");
        text.ShouldContain("\nSummary after ");
        text.ShouldContain("dies      answered throughout: the demo ended before its silence at t+8 s (run it longer).");
        text.ShouldNotContain("\u001b[");

        // Nothing has failed yet: the primary carried the calls, and none was lost.
        var calls = CallsOf(text);
        calls.Placed.ShouldBeGreaterThan(0, text);
        calls.Lost.ShouldBe(0, text);
        calls.Answered.ShouldBe(calls.Placed - calls.InFlight, text);
        var primary = Regex.Match(text, @"\n +calls carried per trunk \(priority order\): dies (\d+), steady \d+, lossy \d+, flapping \d+\.");
        primary.Success.ShouldBeTrue(text);
        long.Parse(primary.Groups[1].Value, CultureInfo.InvariantCulture).ShouldBeGreaterThan(0, text);
    }

    [Fact]
    public async Task RunAsync_PrimaryGoesSilent_CallsFailOverToSteadyNoneLostNoneDelayedOverASecond()
    {
        // The primary dies at 5 s, once probes have measured its RTT (the first probe goes out within 2 s): calls
        // then wait its first-response timeout (probe timeout + 200 ms, at most 1 s) and move to the backup.
        DemoScript[] scripts = [DemoScript.Steady("steady"), DemoScript.DiesAndComesBack("dies", TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5))];
        using var output = new StringWriter();
        using var error = new StringWriter();
        var settings = new DemoSettings(TimeSpan.FromSeconds(9), Live: false, CallsPerSecond: 20);

        var exit = await DemoRunner.RunAsync(settings, scripts, output, error, TimeProvider.System, CancellationToken.None);

        var text = output.ToString();
        exit.ShouldBe(0, text + error);
        var calls = CallsOf(text);
        calls.Placed.ShouldBeGreaterThan(0, text);
        calls.Lost.ShouldBe(0, "Lifeline's promise: no call lost when a carrier dies\n" + text);
        calls.Answered.ShouldBe(calls.Placed - calls.InFlight, text);
        text.ShouldNotContain("LOST", Case.Sensitive);

        // The primary's silence moved calls to steady: as it happened, and in the summary.
        text.ShouldMatch(@"\nt\+\d+\.\d s +calls +\d+ calls? failed over from dies to steady, worst added delay \d+ ms");
        var failedOver = FailedOver().Match(text);
        failedOver.Success.ShouldBeTrue(text);
        int.Parse(failedOver.Groups["n"].Value, CultureInfo.InvariantCulture).ShouldBeGreaterThan(0, text);
        var carried = Carried().Match(text);
        carried.Success.ShouldBeTrue(text);
        long.Parse(carried.Groups["steady"].Value, CultureInfo.InvariantCulture).ShouldBeGreaterThan(0, text);
        text.ShouldMatch(@"\n +traffic off dies: \d+ calls? tried it while it was silent");

        // The product goal: a dead carrier delays a call by at most one second.
        var worst = WorstAdded().Match(text);
        worst.Success.ShouldBeTrue(text);
        int.Parse(worst.Groups["ms"].Value, CultureInfo.InvariantCulture).ShouldBeInRange(1, 1000, text);
        text.ShouldContain("(the goal: at most 1 s)");
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsEarlyAndStillSummarizes()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var settings = new DemoSettings(TimeSpan.FromMinutes(10), Live: false);

        var exit = await DemoRunner.RunAsync(settings, DemoScript.Standard, output, error, TimeProvider.System, stop.Token);

        exit.ShouldBe(0);
        var summary = Regex.Match(output.ToString(), @"\nSummary after (\d+)\.\d s\.");
        summary.Success.ShouldBeTrue(output.ToString());
        int.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture).ShouldBeLessThan(60, "Ctrl-C ends the watch long before the 10 minutes asked for");
        CallsOf(output.ToString()).Lost.ShouldBe(0, output.ToString());
    }

    private static (long Placed, long Answered, long Lost, long InFlight) CallsOf(string text)
    {
        var match = CallTotals().Match(text);
        match.Success.ShouldBeTrue("the summary states the calls\n" + text);
        var inFlight = match.Groups["inflight"].Success ? long.Parse(match.Groups["inflight"].Value, CultureInfo.InvariantCulture) : 0;
        return (
            long.Parse(match.Groups["placed"].Value, CultureInfo.InvariantCulture),
            long.Parse(match.Groups["answered"].Value, CultureInfo.InvariantCulture),
            long.Parse(match.Groups["lost"].Value, CultureInfo.InvariantCulture),
            inFlight);
    }

    [GeneratedRegex(@"\ncalls +(?<placed>\d+) calls? placed \(20 a second\) through Lifeline's proxy: (?<answered>\d+) answered, (?<lost>\d+) lost(, (?<inflight>\d+) still in flight at the end)?\.")]
    private static partial Regex CallTotals();

    [GeneratedRegex(@"(?<n>\d+) calls? failed over \(the proxy tried a second trunk\): dies → steady \k<n>\.")]
    private static partial Regex FailedOver();

    [GeneratedRegex(@"calls carried per trunk \(priority order\): dies \d+, steady (?<steady>\d+)\.")]
    private static partial Regex Carried();

    [GeneratedRegex(@"worst added delay by a failover (?<ms>\d+) ms")]
    private static partial Regex WorstAdded();
}
