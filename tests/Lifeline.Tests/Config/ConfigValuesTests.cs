using System.Net;
using Lifeline.Config;

namespace Lifeline.Tests.Config;

public sealed class ConfigValuesTests
{
    private static LifelineConfig LoadOk(string yaml, Func<string, string?>? env = null, string? baseDirectory = null)
        => ConfigLoaderTests.LoadOk(yaml, env, baseDirectory);

    [Fact]
    public void LoadFromString_EveryGlobalKey_Read()
    {
        var config = LoadOk("""
            version: 1
            http: { listen: "[::1]:9090", token: abcdefghijklmnop }
            journal: { path: /var/lib/lifeline/j.db, retention: 90d, probe_stats_retention: 2d, calls_retention: 14d }
            probing:
              enabled: true
              interval: 2s
              fast_interval: 500ms
              timeout: 800ms
              timeout_cap: 1500ms
              timeout_floor: 100ms
              transport: tcp
              from_user: watcher
              from_domain: lifeline.example
              alive_codes: [ 200-299, 404 ]
              max_rate: 12.5
              crlf_keepalive: off
            health:
              detector: phi
              down_after: 4
              ratio: { window: 2m, threshold: 0.25, min_volume: 20 }
              phi: { threshold: 10, max_samples: 500, min_std_dev: 100ms, acceptable_pause: 1s }
              recover_after: 5
              stable_time: 1m30s
              ramp: off
              ramp_step: 10s
              damping: { enabled: false, penalty: 500, half_life: 10m, suppress: 2000, reuse: 500, max_suppress: 1h }
              call_failures: { enabled: false, down_after: 2, window: 30s, threshold: 0.75, min_calls: 4, successes_count: no }
            self_health: { all_failed_share: 1, min_targets: 3, window: 5s, timer_lateness: 250ms }
            nat: { udp_binding: 20s, tcp_binding: 10m }
            trunks: [ { name: a, gateways: [ "sips:carrier.example" ] } ]
            """);

        config.Http.Listen.ShouldBe(new IPEndPoint(IPAddress.IPv6Loopback, 9090));
        config.Http.Token!.Reveal().ShouldBe("abcdefghijklmnop");
        config.Journal.ShouldBe(new JournalConfig { Path = "/var/lib/lifeline/j.db", Retention = TimeSpan.FromDays(90), ProbeStatsRetention = TimeSpan.FromDays(2), CallsRetention = TimeSpan.FromDays(14) });
        var p = config.Probing;
        (p.Interval, p.FastInterval, p.Timeout, p.TimeoutCap, p.TimeoutFloor).ShouldBe(
            (TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(500), TimeoutSetting.Of(TimeSpan.FromMilliseconds(800)), TimeSpan.FromMilliseconds(1500), TimeSpan.FromMilliseconds(100)));
        p.Transport.ShouldBe(ProbeTransport.Tcp);
        p.FromUser.ShouldBe("watcher");
        p.FromDomain.ShouldBe("lifeline.example");
        p.AliveCodes.Contains(204).ShouldBeTrue();
        p.AliveCodes.Contains(404).ShouldBeTrue();
        p.AliveCodes.Contains(503).ShouldBeFalse();
        p.AliveCodes.ToString().ShouldBe("[200-299, 404]");
        p.MaxRate.ShouldBe(12.5);
        p.CrlfKeepalive.ShouldBeNull();
        var h = config.Health;
        h.Detector.ShouldBe(DetectorKind.Phi);
        h.DownAfter.ShouldBe(4);
        h.Ratio.ShouldBe(new RatioConfig { Window = TimeSpan.FromMinutes(2), Threshold = 0.25, MinVolume = 20 });
        h.Phi.ShouldBe(new PhiConfig { Threshold = 10, MaxSamples = 500, MinStdDev = TimeSpan.FromMilliseconds(100), AcceptablePause = TimeSpan.FromSeconds(1) });
        h.RecoverAfter.ShouldBe(5);
        h.StableTime.ShouldBe(TimeSpan.FromSeconds(90));
        h.Ramp.ShouldBeEmpty();
        h.RampStep.ShouldBe(TimeSpan.FromSeconds(10));
        h.Damping.ShouldBe(new DampingConfig { Enabled = false, Penalty = 500, HalfLife = TimeSpan.FromMinutes(10), Suppress = 2000, Reuse = 500, MaxSuppress = TimeSpan.FromHours(1) });
        h.CallFailures.ShouldBe(new CallFailuresConfig { Enabled = false, DownAfter = 2, Window = TimeSpan.FromSeconds(30), Threshold = 0.75, MinCalls = 4, SuccessesCount = false });
        config.SelfHealth.ShouldBe(new SelfHealthConfig { AllFailedShare = 1, MinTargets = 3, Window = TimeSpan.FromSeconds(5), TimerLateness = TimeSpan.FromMilliseconds(250) });
        config.Nat.ShouldBe(new NatConfig { UdpBinding = TimeSpan.FromSeconds(20), TcpBinding = TimeSpan.FromMinutes(10) });
    }

    [Fact]
    public void LoadFromString_EveryTrunkKey_Read()
    {
        var config = LoadOk("""
            trunks:
              - name: carrier_1
                gateways: [ "sip:203.0.113.10:5060;transport=tcp", "sip:trunk@[2001:db8::1]:5080", "sips:sbc.carrier.example" ]
                priority: 7
                enabled: false
                registration: { user: "5551234", auth_user: acct9, password: pw, domain: carrier.example, expires: 600, refresh_margin: 45s }
                auth: { username: acct9, password: pw2, realm: carrier.example }
                limits: { max_calls: 120, max_cps: 2.5 }
                rates: { "1": 0.010, "44": 0.020 }
                failover_codes: [ 403, 408, 500-599 ]
                ring_limit: 90s
                invite_timeout: 1500ms
                failover_after_ringing: true
            """);

        var t = config.Trunks.ShouldHaveSingleItem();
        t.Name.ShouldBe("carrier_1");
        t.Gateways.Count.ShouldBe(3);
        t.Priority.ShouldBe(7);
        t.Enabled.ShouldBeFalse();
        t.Registration!.User.ShouldBe("5551234");
        t.Registration.AuthUser.ShouldBe("acct9");
        t.Registration.Password!.Reveal().ShouldBe("pw");
        t.Registration.Domain.ShouldBe("carrier.example");
        t.Registration.Expires.ShouldBe(TimeSpan.FromSeconds(600));
        t.Registration.RefreshMargin.ShouldBe(TimeSpan.FromSeconds(45));
        t.Auth!.Username.ShouldBe("acct9");
        t.Auth.Password.Reveal().ShouldBe("pw2");
        t.Auth.Realm.ShouldBe("carrier.example");
        t.Limits.ShouldBe(new LimitsConfig { MaxCalls = 120, MaxCps = 2.5 });
        t.Rates.Prefixes.ShouldBe(new Dictionary<string, decimal> { ["1"] = 0.010m, ["44"] = 0.020m }, ignoreOrder: true);
        t.FailoverCodes.Contains(403).ShouldBeTrue();
        t.FailoverCodes.Contains(550).ShouldBeTrue();
        t.FailoverCodes.Contains(486).ShouldBeFalse();
        t.RingLimit.ShouldBe(TimeSpan.FromSeconds(90));
        t.InviteTimeout.ShouldBe(TimeoutSetting.Of(TimeSpan.FromMilliseconds(1500)));
        t.FailoverAfterRinging.ShouldBeTrue();
    }

    [Fact]
    public void LoadFromString_ProxyKeys_Read()
    {
        var config = LoadOk("""
            proxy:
              listen: [ "udp:0.0.0.0:5060", "tcp:[::]:5060" ]
              allow: [ 10.20.0.0/24, "2001:db8::/32", 192.0.2.7 ]
              record_route: false
              max_forwards: 20
              normalize:
                - { match: "9", length: 11, strip: 1, prepend: "+1" }
                - { match: "011", strip: 3, prepend: "+" }
              routes:
                - { prefix: "+1911", trunks: [ b, a ] }
              cdr: { enabled: false, path: cdr/calls.csv }
            trunks:
              - { name: a, gateways: [ "sip:10.0.0.1" ] }
              - { name: b, gateways: [ "sip:10.0.0.2" ] }
            """, baseDirectory: "/srv/lifeline");

        var proxy = config.Proxy!;
        proxy.Listen.ShouldBe([new ProxyListen(ListenTransport.Udp, new IPEndPoint(IPAddress.Any, 5060)), new ProxyListen(ListenTransport.Tcp, new IPEndPoint(IPAddress.IPv6Any, 5060))]);
        proxy.Allow.Select(n => n.ToString()).ShouldBe(["10.20.0.0/24", "2001:db8::/32", "192.0.2.7/32"]);
        proxy.Allow[1].Contains(IPAddress.Parse("2001:db8:1::5")).ShouldBeTrue();
        proxy.RecordRoute.ShouldBeFalse();
        proxy.MaxForwards.ShouldBe(20);
        proxy.Normalize.ShouldBe([new NormalizeRule { Match = "9", Length = 11, Strip = 1, Prepend = "+1" }, new NormalizeRule { Match = "011", Strip = 3, Prepend = "+" }]);
        proxy.Routes.ShouldHaveSingleItem().Prefix.ShouldBe("+1911");
        proxy.Routes[0].Trunks.ShouldBe(["b", "a"]);
        proxy.Cdr.Enabled.ShouldBeFalse();
        proxy.Cdr.Path.ShouldBe("/srv/lifeline/cdr/calls.csv");
    }

    [Fact]
    public void LoadFromString_TrunkOverrides_MergeOntoGlobalKeyByKey()
    {
        var config = LoadOk("""
            probing:
              interval: 3s
              timeout_cap: 1s
            health:
              detector: ratio
              ratio: { window: 2m, threshold: 0.4, min_volume: 8 }
              damping: { half_life: 2m }
            trunks:
              - name: plain
                gateways: [ "sip:10.0.0.1" ]
              - name: tuned
                gateways: [ "sip:10.0.0.2" ]
                probing: { interval: 20s, enabled: false }
                health:
                  ratio: { threshold: 0.9 }
                  damping: { enabled: false }
            """);

        var plain = config.FindTrunk("plain")!;
        plain.EffectiveProbing.ShouldBe(config.Probing);
        plain.EffectiveHealth.ShouldBe(config.Health);

        var tuned = config.FindTrunk("tuned")!;
        tuned.EffectiveProbing.Interval.ShouldBe(TimeSpan.FromSeconds(20));
        tuned.EffectiveProbing.Enabled.ShouldBeFalse();
        tuned.EffectiveProbing.TimeoutCap.ShouldBe(TimeSpan.FromSeconds(1));       // from the top level
        tuned.EffectiveProbing.FastInterval.ShouldBe(TimeSpan.FromMilliseconds(500));     // built-in default
        tuned.EffectiveHealth.Detector.ShouldBe(DetectorKind.Ratio);
        tuned.EffectiveHealth.Ratio.ShouldBe(new RatioConfig { Window = TimeSpan.FromMinutes(2), Threshold = 0.9, MinVolume = 8 });
        tuned.EffectiveHealth.Damping.Enabled.ShouldBeFalse();
        tuned.EffectiveHealth.Damping.HalfLife.ShouldBe(TimeSpan.FromMinutes(2));
        config.Health.Ratio.Threshold.ShouldBe(0.4);
    }

    [Fact]
    public void LoadFromString_TrunkOverrideConflictingWithGlobal_ReportedOnceAtTheTrunk()
    {
        var result = ConfigLoader.LoadFromString("""
            probing: { interval: 2s }
            trunks:
              - name: a
                gateways: [ "sip:10.0.0.1" ]
              - name: b
                gateways: [ "sip:10.0.0.2" ]
                probing: { fast_interval: 3s }
            """, "lifeline.yaml", _ => null);

        var error = result.Errors.ShouldHaveSingleItem();
        error.Line.ShouldBe(7);
        error.KeyPath.ShouldBe("trunks[1].probing.fast_interval");
        error.Message.ShouldContain("must not be longer than interval (2s)");
    }

    [Fact]
    public void LoadFromString_MergeKeyAnchors_ShareDefaultsExplicitKeysWin()
    {
        var config = LoadOk("""
            x-defaults: &defaults
              priority: 5
              failover_codes: [ 503 ]
              limits: { max_calls: 30 }
            trunks:
              - name: a
                <<: *defaults
                gateways: [ "sip:10.0.0.1" ]
              - name: b
                <<: *defaults
                gateways: [ "sip:10.0.0.2" ]
                priority: 9
            """);

        config.Trunks.Select(t => t.Priority).ShouldBe([5, 9]);
        config.Trunks.ShouldAllBe(t => t.FailoverCodes.Contains(503) && !t.FailoverCodes.Contains(500));
        config.Trunks.ShouldAllBe(t => t.Limits.MaxCalls == 30);
    }

    [Fact]
    public void LoadFromString_EmptyValues_TakeDefaults()
    {
        var config = LoadOk("""
            http:
            probing:
              interval:
              from_domain: ~
            trunks:
              - name: a
                gateways: [ "sip:10.0.0.1" ]
                priority: null
            """);

        config.Http.ShouldBe(HttpConfig.Default with { Listen = config.Http.Listen });
        config.Probing.Interval.ShouldBe(TimeSpan.FromSeconds(2));
        config.Trunks[0].Priority.ShouldBe(100);
    }

    [Fact]
    public void LoadFromString_BooleanSpellings_Accepted()
    {
        var config = LoadOk("""
            trunks:
              - { name: a, gateways: [ "sip:10.0.0.1" ], enabled: no, failover_after_ringing: yes }
              - { name: b, gateways: [ "sip:10.0.0.2" ], enabled: off, failover_after_ringing: on }
            """);

        config.Trunks.ShouldAllBe(t => !t.Enabled && t.FailoverAfterRinging);
    }

    [Fact]
    public void LoadFromString_RegistrationExpiresAsDuration_Accepted()
    {
        var config = LoadOk("""
            trunks:
              - name: a
                gateways: [ "sip:10.0.0.1" ]
                registration: { user: u, expires: 30m }
            """);

        config.Trunks[0].Registration!.Expires.ShouldBe(TimeSpan.FromMinutes(30));
        config.Trunks[0].Registration!.Password.ShouldBeNull();
    }
}
