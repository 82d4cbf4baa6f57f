using System.Globalization;
using System.Text.RegularExpressions;
using Lifeline.Config;
using Lifeline.Health;
using Lifeline.Monitoring;

namespace Lifeline.Cli.Tests.Commands;

public sealed partial class CheckCommandTests : IDisposable
{
    private const string TwoTrunks = """
        trunks:
          - { name: fast, gateways: [ "sip:192.0.2.1", "sip:192.0.2.2" ], probing: { interval: 2s, fast_interval: 500ms, timeout: auto, timeout_cap: 800ms }, health: { down_after: 5, stable_time: 10s, ramp: off } }
          - { name: slow, gateways: [ "sip:192.0.2.3" ], probing: { interval: 20s, fast_interval: 2s, timeout: 1s }, health: { detector: phi, recover_after: 4 } }
          - { name: ratio, gateways: [ "sip:192.0.2.4" ], health: { detector: ratio } }
        """;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Check_GoodConfig_Exit0AndPerTrunkNumbersAreHealthMaths()
    {
        var path = _folder.Write("lifeline.yaml", TwoTrunks);
        var config = ConfigLoader.Load(path).Config!;

        var (code, output, error) = await CliRun.InvokeAsync("check", "-c", path);

        code.ShouldBe(0, error);
        error.ShouldBeEmpty();
        output.ShouldStartWith($"{path}: OK: 3 trunks, 4 gateways");
        output.ShouldContain("No warnings.");
        foreach (var trunk in config.Trunks)
        {
            var options = TrunkHealthOptions.For(trunk, config.SelfHealth);
            var timeout = TrunkHealthOptions.WorstCaseProbeTimeout(trunk.EffectiveProbing);
            var section = SectionOf(output, trunk.Name);
            var detection = HealthMath.WorstCaseDetection(options, timeout).ShouldNotBeNull();
            Number(DetectionPattern(), section).ShouldBe((long)detection.TotalMilliseconds, trunk.Name);
            Number(FailBackPattern(), section).ShouldBe((long)HealthMath.ShortestFailBack(options).TotalMilliseconds, trunk.Name);
        }

        SectionOf(output, "fast").ShouldContain("worst-case detection of a silent gateway: 6 s (6000 ms) after its last answer, 5 missed probes");
        SectionOf(output, "fast").ShouldContain("shortest fail-back: 10 s (10000 ms) from the first answer: 3 answers in a row and 10 s stable, then all traffic at once");
        SectionOf(output, "slow").ShouldContain("detector phi (threshold 8)");
        SectionOf(output, "ratio").ShouldContain("detector ratio (0.5 of at least 10 probes in 1 min)");
    }

    [Fact]
    public async Task Check_DefaultRules_PrintsTheCapAndTheLanWorstCases()
    {
        var path = _folder.Write("lifeline.yaml", "trunks: [ { name: primary, gateways: [ \"sip:192.0.2.1\" ] } ]");

        var (code, output, _) = await CliRun.InvokeAsync("check", "-c", path);

        code.ShouldBe(0);
        var section = SectionOf(output, "primary");
        section.ShouldContain("worst-case detection of a silent gateway: 18 s (18000 ms) after its last answer, 8 missed probes");
        section.ShouldContain("5.7 s (5700 ms) for a gateway answering within 67 ms, whose adaptive timeout stays at its 200 ms floor");
        section.ShouldContain("false Downs at 10% random probe loss: about 1 every 6.3 years per gateway");
    }

    [Fact]
    public async Task Check_LintProblems_WarningsPrintedExit0()
    {
        var path = _folder.Write("lifeline.yaml", """
            trunks:
              - { name: far, gateways: [ "sip:192.0.2.1" ], probing: { interval: 40s, timeout: 2s } }
            """);

        var (code, output, _) = await CliRun.InvokeAsync("check", "-c", path);

        code.ShouldBe(0);
        output.ShouldContain("warning: trunk far: probing.interval: 40 s is not shorter than nat.udp_binding 30 s");
        output.ShouldContain("warning: trunk far: probing.timeout: 2 s is longer than probing.fast_interval 500 ms");
        output.ShouldContain("2 warnings.");
    }

    [Fact]
    public async Task Check_BadConfig_EveryErrorWithFileLineColumnExit1()
    {
        var path = _folder.Write("bad.yaml", """
            trunks:
              - name: a
                gateways: [ "sip:192.0.2.1" ]
                probing: { interval: fast, intervall: 5s }
            """);

        var (code, output, error) = await CliRun.InvokeAsync("check", "--config", path);

        code.ShouldBe(1);
        output.ShouldBeEmpty();
        var lines = error.TrimEnd().Split('\n');
        lines.ShouldContain(l => l.StartsWith(path + ":4:26: trunks[0].probing.interval: expected a duration", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith(path + ":4:32: trunks[0].probing.intervall: unknown key", StringComparison.Ordinal));
        lines[^1].ShouldBe("2 errors.");
    }

    [Fact]
    public async Task Check_MissingFile_Exit1SayingWhere()
    {
        var (code, _, error) = await CliRun.InvokeAsync("check", "-c", _folder.PathOf("none.yaml"));

        code.ShouldBe(1);
        error.ShouldContain("none.yaml: no such file");
    }

    [Theory]
    [InlineData("check")]
    [InlineData("check", "-c")]
    [InlineData("check", "-c", "x.yaml", "--frobnicate")]
    [InlineData("frobnicate")]
    [InlineData("run")]
    [InlineData("status", "--json", "extra")]
    public async Task Invoke_BadUsage_Exit2WithOneLine(params string[] args)
    {
        var (code, output, error) = await CliRun.InvokeAsync(args);

        code.ShouldBe(2);
        output.ShouldBeEmpty();
        error.TrimEnd().Split('\n').ShouldHaveSingleItem().ShouldStartWith("lifeline: ");
    }

    private static string SectionOf(string output, string trunk)
    {
        var start = output.IndexOf("\ntrunk " + trunk + ":", StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, "no section for trunk " + trunk);
        var end = output.IndexOf("\n\n", start + 1, StringComparison.Ordinal);
        return end < 0 ? output[start..] : output[start..end];
    }

    private static long Number(Regex pattern, string text)
    {
        var match = pattern.Match(text);
        match.Success.ShouldBeTrue(text);
        return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"worst-case detection of a silent gateway: [^(]+\((\d+) ms\)")]
    private static partial Regex DetectionPattern();

    [GeneratedRegex(@"shortest fail-back: [^(]+\((\d+) ms\)")]
    private static partial Regex FailBackPattern();
}
