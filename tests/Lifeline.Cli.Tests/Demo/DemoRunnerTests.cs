using Lifeline.Cli.Demo;

namespace Lifeline.Cli.Tests.Demo;

/// <summary>The whole demo in-process, briefly: real gateways on loopback, the real prober, plain output to a writer.</summary>
public sealed class DemoRunnerTests
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
        text.ShouldContain("Transitions (time since the start, gateway, from → to, reason):");
        text.ShouldContain("\nSummary after ");
        text.ShouldContain("dies      answered throughout: the demo ended before its silence at t+8 s (run it longer).");
        text.ShouldNotContain("\u001b[");
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
        var summary = System.Text.RegularExpressions.Regex.Match(output.ToString(), @"\nSummary after (\d+)\.\d s\.");
        summary.Success.ShouldBeTrue(output.ToString());
        int.Parse(summary.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).ShouldBeLessThan(60, "Ctrl-C ends the watch long before the 10 minutes asked for");
    }
}
