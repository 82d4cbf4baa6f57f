using System.Net;
using Lifeline.Config;

namespace Lifeline.Tests.Config;

public sealed class ConfigLoaderTests
{
    private const string MinimalWatcher = """
        http: { listen: 127.0.0.1:8080 }
        journal: { path: ./lifeline.db }
        trunks:
          - name: primary
            gateways: [ "sip:127.0.0.1:5071" ]
          - name: backup
            gateways: [ "sip:127.0.0.1:5072" ]
        """;

    private const string MinimalProxy = """
        proxy:
          listen: [ "udp:127.0.0.1:5060", "tcp:127.0.0.1:5060" ]
          allow: [ 127.0.0.1/32 ]
        trunks:
          - name: primary
            gateways: [ "sip:127.0.0.1:5071" ]
            priority: 1
          - name: backup
            gateways: [ "sip:127.0.0.1:5072" ]
            priority: 2
        """;

    internal static LifelineConfig LoadOk(string yaml, Func<string, string?>? env = null, string? baseDirectory = null)
    {
        var result = ConfigLoader.LoadFromString(yaml, "lifeline.yaml", env ?? (_ => null), baseDirectory ?? "/etc/lifeline");
        result.IsSuccess.ShouldBeTrue(result.ToString());
        return result.Config!;
    }

    [Fact]
    public void LoadFromString_MinimalWatcher_LoadsWithDefaults()
    {
        var config = LoadOk(MinimalWatcher);

        config.Http.Listen.ShouldBe(new IPEndPoint(IPAddress.Loopback, 8080));
        config.Http.Token.ShouldBeNull();
        config.Journal.Path.ShouldBe("/etc/lifeline/lifeline.db");
        config.Journal.Retention.ShouldBe(TimeSpan.FromDays(30));
        config.Journal.ProbeStatsRetention.ShouldBe(TimeSpan.FromDays(7));
        config.Proxy.ShouldBeNull();
        config.Trunks.Select(t => t.Name).ShouldBe(["primary", "backup"]);
        config.Trunks[0].Gateways.ShouldBe(["sip:127.0.0.1:5071"]);
        config.Trunks[0].Priority.ShouldBe(100);
        config.Trunks[0].Enabled.ShouldBeTrue();
        config.Trunks[0].FailoverCodes.ShouldBe(StatusCodeSet.Of(408, 500, 502, 503, 504));
        config.Trunks[0].InviteTimeout.IsAuto.ShouldBeTrue();
        config.Trunks[0].RingLimit.ShouldBeNull();
        config.Trunks[0].FailoverAfterRinging.ShouldBeFalse();
        config.Trunks[0].Registration.ShouldBeNull();
        config.Trunks[0].Auth.ShouldBeNull();
        config.Trunks[0].Limits.MaxCalls.ShouldBeNull();
        config.Trunks[0].Rates.IsEmpty.ShouldBeTrue();
        config.Trunks[0].EffectiveProbing.ShouldBe(ProbingConfig.Default);
        config.Trunks[0].EffectiveHealth.ShouldBe(HealthConfig.Default);
    }

    [Fact]
    public void LoadFromString_MinimalWatcher_DefaultProbingAndHealthAreTheDocumentedOnes()
    {
        var config = LoadOk(MinimalWatcher);

        var p = config.Probing;
        p.Interval.ShouldBe(TimeSpan.FromSeconds(2));
        p.FastInterval.ShouldBe(TimeSpan.FromMilliseconds(500));
        p.Timeout.ShouldBe(TimeoutSetting.Auto);
        p.TimeoutCap.ShouldBe(TimeSpan.FromSeconds(2));
        p.TimeoutFloor.ShouldBe(TimeSpan.FromMilliseconds(200));
        p.Transport.ShouldBe(ProbeTransport.Auto);
        p.FromUser.ShouldBe("lifeline");
        p.FromDomain.ShouldBeNull();
        p.AliveCodes.IsAny.ShouldBeTrue();
        p.MaxRate.ShouldBe(1000);
        p.CrlfKeepalive.ShouldBe(TimeSpan.FromSeconds(30));
        var h = config.Health;
        h.Detector.ShouldBe(DetectorKind.Consecutive);
        h.DownAfter.ShouldBe(8);
        h.RecoverAfter.ShouldBe(3);
        h.Ramp.ShouldBe([10, 25, 50, 100]);
        h.Damping.HalfLife.ShouldBe(TimeSpan.FromSeconds(60));
        h.Damping.Reuse.ShouldBeLessThan(h.Damping.Suppress);
        config.Nat.UdpBinding.ShouldBe(TimeSpan.FromSeconds(30));
        config.Nat.TcpBinding.ShouldBe(TimeSpan.FromSeconds(120));
    }

    [Fact]
    public void LoadFromString_MinimalProxy_LoadsProxyAndPriorities()
    {
        var config = LoadOk(MinimalProxy);

        config.Http.Listen.ShouldBe(new IPEndPoint(IPAddress.Loopback, 8080));
        config.Proxy.ShouldNotBeNull();
        config.Proxy.Listen.Select(l => l.ToString()).ShouldBe(["udp:127.0.0.1:5060", "tcp:127.0.0.1:5060"]);
        config.Proxy.Allow.ShouldBe([IPNetwork.Parse("127.0.0.1/32")]);
        config.Proxy.Allow[0].Contains(IPAddress.Parse("127.0.0.1")).ShouldBeTrue();
        config.Proxy.Allow[0].Contains(IPAddress.Parse("127.0.0.2")).ShouldBeFalse();
        config.Proxy.RecordRoute.ShouldBeTrue();
        config.Proxy.MaxForwards.ShouldBe(70);
        config.Proxy.Cdr.Enabled.ShouldBeTrue();
        config.Trunks.Select(t => t.Priority).ShouldBe([1, 2]);
    }

    [Fact]
    public void Load_ExampleFile_LoadsEverySection()
    {
        var example = Path.Combine(RepositoryRoot(), "examples", "lifeline.yaml");
        var env = new Dictionary<string, string> { ["LIFELINE_TOKEN"] = "t0ken-from-env-0123456789", ["PRIMARY_SIP_PASSWORD"] = "s3cret" };

        var result = ConfigLoader.Load(example, name => env.GetValueOrDefault(name));

        result.IsSuccess.ShouldBeTrue(result.ToString());
        var config = result.Config!;
        config.Journal.Path.ShouldBe(Path.Combine(Path.GetDirectoryName(example)!, "lifeline.db"));
        config.Http.Token!.Reveal().ShouldBe("t0ken-from-env-0123456789");
        var primary = config.FindTrunk("primary")!;
        primary.Registration!.Password!.Reveal().ShouldBe("s3cret");
        primary.Rates.Prefixes["44"].ShouldBe(0.0150m);
        var backup = config.FindTrunk("backup")!;
        backup.FailoverCodes.Contains(403).ShouldBeTrue();
        backup.EffectiveProbing.Interval.ShouldBe(TimeSpan.FromSeconds(10));
        backup.EffectiveHealth.Ratio.Threshold.ShouldBe(0.3);
        config.Proxy!.Normalize.Count.ShouldBe(4);
        config.Proxy.Routes[0].Trunks.ShouldBe(["primary"]);
    }

    [Fact]
    public void Load_MissingFile_ErrorNamesTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), "lifeline-missing-" + Guid.NewGuid().ToString("N") + ".yaml");

        var result = ConfigLoader.Load(path);

        result.IsSuccess.ShouldBeFalse();
        result.Errors.Count.ShouldBe(1);
        result.Errors[0].File.ShouldBe(path);
        result.Errors[0].ToString().ShouldStartWith(path + ": no such file");
    }

    [Fact]
    public void Load_RealFile_RelativeJournalPathIsBesideTheFile()
    {
        var dir = Directory.CreateTempSubdirectory("lifeline-config-");
        try
        {
            var file = Path.Combine(dir.FullName, "lifeline.yaml");
            File.WriteAllText(file, MinimalWatcher);

            var result = ConfigLoader.Load(file);

            result.IsSuccess.ShouldBeTrue(result.ToString());
            result.Config!.Journal.Path.ShouldBe(Path.Combine(dir.FullName, "lifeline.db"));
            result.Config.SourceFile.ShouldBe(file);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Lifeline.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Lifeline.slnx not found above " + AppContext.BaseDirectory);
    }
}
