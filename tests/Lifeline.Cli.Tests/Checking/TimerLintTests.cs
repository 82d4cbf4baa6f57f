using Lifeline.Cli.Checking;
using Lifeline.Config;
using Lifeline.Health;
using Lifeline.Monitoring;

namespace Lifeline.Cli.Tests.Checking;

public sealed class TimerLintTests
{
    [Fact]
    public void Check_Defaults_NoWarnings() =>
        Lint("trunks: [ { name: a, gateways: [ \"sip:192.0.2.1\" ] } ]").ShouldBeEmpty();

    [Fact]
    public void Check_UdpIntervalNotShorterThanBinding_WarnsWithNumbers()
    {
        var warning = Lint("""
            trunks: [ { name: a, gateways: [ "sip:192.0.2.1" ], probing: { interval: 30s } } ]
            """).ShouldHaveSingleItem();

        warning.ToString().ShouldBe("warning: trunk a: probing.interval: 30 s is not shorter than nat.udp_binding 30 s: the NAT binding toward the gateway can expire between probes, and the carrier's requests and answers are then dropped. Probe at most every 24 s (RFC 5626 suggests 24-29 s for a 30 s UDP binding)");
    }

    [Fact]
    public void Check_UdpIntervalBelowALongerBinding_NoWarning() => Lint("""
        nat: { udp_binding: 60s }
        trunks: [ { name: a, gateways: [ "sip:192.0.2.1" ], probing: { interval: 45s } } ]
        """).ShouldBeEmpty();

    [Fact]
    public void Check_TcpGatewayWithLongIntervalButCrlfKeepalive_NoNatWarning() => Lint("""
        trunks: [ { name: a, gateways: [ "sip:192.0.2.1;transport=tcp" ], probing: { interval: 45s } } ]
        """).ShouldBeEmpty();

    [Fact]
    public void Check_CrlfKeepaliveNotShorterThanTcpBinding_Warns()
    {
        var warning = Lint("""
            trunks: [ { name: a, gateways: [ "sips:sbc.example.com" ], probing: { crlf_keepalive: 2m } } ]
            """).ShouldHaveSingleItem();

        warning.Key.ShouldBe("probing.crlf_keepalive");
        warning.Message.ShouldStartWith("2 min is not shorter than nat.tcp_binding 2 min");
        warning.Message.ShouldContain("at most 1 min 36 s (RFC 5626 suggests 95-120 s for TCP)");
    }

    [Fact]
    public void Check_TcpWithoutCrlfAndSlowProbes_WarnsOnInterval()
    {
        var warning = Lint("""
            trunks: [ { name: a, gateways: [ "sip:192.0.2.1" ], probing: { transport: tcp, crlf_keepalive: off, interval: 3m } } ]
            """).ShouldHaveSingleItem();

        warning.Key.ShouldBe("probing.interval");
        warning.Message.ShouldStartWith("3 min is not shorter than nat.tcp_binding 2 min");
    }

    [Fact]
    public void Check_FixedTimeoutNotShorterThanInterval_WarnsProbesWouldOverlap()
    {
        var warning = Lint("""
            trunks: [ { name: a, gateways: [ "sip:192.0.2.1" ], probing: { interval: 2s, fast_interval: 1s, timeout: 3s } } ]
            """).ShouldHaveSingleItem();

        warning.Key.ShouldBe("probing.timeout");
        warning.Message.ShouldStartWith("3 s is not shorter than probing.interval 2 s: probes to a gateway would overlap");
    }

    [Fact]
    public void Check_FixedTimeoutLongerThanFastInterval_WarnsMissesComeSlower()
    {
        var warning = Lint("""
            trunks: [ { name: a, gateways: [ "sip:192.0.2.1" ], probing: { interval: 5s, fast_interval: 500ms, timeout: 1500ms } } ]
            """).ShouldHaveSingleItem();

        warning.Message.ShouldBe("1.5 s is longer than probing.fast_interval 500 ms: after a first miss the next probe waits for the previous one, so misses come every 1.5 s, not every 500 ms");
    }

    [Fact]
    public void Check_AdaptiveCapLongerThanInterval_Warns()
    {
        var warning = Lint("""
            trunks: [ { name: a, gateways: [ "sip:192.0.2.1" ], probing: { interval: 2s, fast_interval: 1s, timeout_cap: 3s } } ]
            """).ShouldHaveSingleItem();

        warning.Key.ShouldBe("probing.timeout_cap");
        warning.Message.ShouldStartWith("3 s is longer than probing.interval 2 s");
    }

    [Fact]
    public void Check_AdaptiveCapEqualToInterval_NoWarning()
    {
        Lint("""
            trunks: [ { name: a, gateways: [ "sip:192.0.2.1" ], probing: { interval: 2s, timeout_cap: 2s } } ]
            """).ShouldBeEmpty();
    }

    [Fact]
    public void Check_AdaptiveFloorAboveFastInterval_Warns()
    {
        var warning = Lint("""
            trunks: [ { name: a, gateways: [ "sip:192.0.2.1" ], probing: { fast_interval: 300ms, timeout_floor: 400ms } } ]
            """).ShouldHaveSingleItem();

        warning.Key.ShouldBe("probing.timeout_floor");
    }

    [Fact]
    public void Check_RefreshMarginNotLongerThanInterval_Warns()
    {
        var warning = Lint("""
            trunks:
              - name: a
                gateways: [ "sip:192.0.2.1" ]
                probing: { interval: 20s }
                registration: { user: "100", expires: 600, refresh_margin: 15s }
            """).ShouldHaveSingleItem();

        warning.Key.ShouldBe("registration.refresh_margin");
        warning.Message.ShouldStartWith("15 s is not longer than probing.interval 20 s: the keepalive must fire well before the binding expires");
    }

    [Fact]
    public void Check_RefreshMarginShorterThanDetection_WarnsWithTheDetectionTime()
    {
        var config = Load("""
            trunks:
              - name: a
                gateways: [ "sip:192.0.2.1" ]
                registration: { user: "100", expires: 600, refresh_margin: 8s }
            """);
        var trunk = config.Trunks[0];
        var detection = HealthMath.WorstCaseDetection(TrunkHealthOptions.For(trunk, config.SelfHealth), TrunkHealthOptions.WorstCaseProbeTimeout(trunk.EffectiveProbing))!.Value;

        var warning = Lint(config).ShouldHaveSingleItem();

        detection.ShouldBe(TimeSpan.FromSeconds(18));
        warning.Key.ShouldBe("registration.refresh_margin");
        warning.Message.ShouldStartWith($"8 s is shorter than the worst-case detection of a silent gateway, {HealthText.Duration(detection)}:");
        warning.Message.ShouldContain("at least 36 s");
    }

    [Fact]
    public void Check_RegistrationWithAmpleMargin_NoWarning() => Lint("""
        trunks:
          - { name: a, gateways: [ "sip:192.0.2.1" ], registration: { user: "100", expires: 3600, refresh_margin: 60s } }
        """).ShouldBeEmpty();

    [Fact]
    public void Check_ProbingOffAndRegistrationSlowerThanUdpBinding_Warns()
    {
        var warning = Lint("""
            trunks:
              - name: a
                gateways: [ "sip:192.0.2.1" ]
                probing: { enabled: false }
                registration: { user: "100", expires: 3600, refresh_margin: 60s }
            """).ShouldHaveSingleItem();

        warning.Key.ShouldBe("registration.expires");
        warning.Message.ShouldStartWith("with probing off, the re-registration every 59 min (expires 60 min minus refresh_margin 1 min) is the only keepalive toward the registrar, but nat.udp_binding is 30 s");
    }

    [Fact]
    public void Check_DisabledTrunk_NotLinted() => Lint("""
        trunks:
          - { name: a, gateways: [ "sip:192.0.2.1" ] }
          - { name: b, gateways: [ "sip:192.0.2.2" ], enabled: false, probing: { interval: 50s } }
        """).ShouldBeEmpty();

    [Theory]
    [InlineData("sip:192.0.2.1", "Auto", true)]
    [InlineData("sip:192.0.2.1:5060;transport=udp", "Auto", true)]
    [InlineData("sip:192.0.2.1;transport=TCP", "Auto", false)]
    [InlineData("sip:192.0.2.1;transport=tls;lr", "Auto", false)]
    [InlineData("sips:sbc.example.com", "Auto", false)]
    [InlineData("sip:192.0.2.1;transport=tcp", "Udp", true)]
    [InlineData("sip:192.0.2.1", "Tcp", false)]
    public void IsUdp_GatewayAndTransport_FollowsTheUri(string gateway, string transport, bool expected) =>
        TimerLint.IsUdp(gateway, Enum.Parse<ProbeTransport>(transport)).ShouldBe(expected);

    private static IReadOnlyList<LintWarning> Lint(string yaml) => Lint(Load(yaml));

    private static IReadOnlyList<LintWarning> Lint(LifelineConfig config) => TimerLint.Check(config, TargetCatalog.FromConfig(config).Catalog!);

    private static LifelineConfig Load(string yaml)
    {
        var result = ConfigLoader.LoadFromString(yaml, "test.yaml", _ => null, Path.GetTempPath());
        result.IsSuccess.ShouldBeTrue(result.ToString());
        return result.Config!;
    }
}
