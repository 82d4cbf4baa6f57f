namespace Lifeline.Config.Parsing;

/// <summary>Maps the YAML tree onto <see cref="LifelineConfig"/>, by hand, section by section.</summary>
internal static class ConfigParser
{
    public static readonly string[] RootKeys = ["version", "http", "journal", "probing", "health", "self_health", "nat", "trunks", "proxy"];

    private static readonly string[] HttpKeys = ["listen", "token"];
    private static readonly string[] JournalKeys = ["path", "retention", "probe_stats_retention", "calls_retention"];
    private static readonly string[] SelfHealthKeys = ["all_failed_share", "min_targets", "window", "timer_lateness"];
    private static readonly string[] NatKeys = ["udp_binding", "tcp_binding"];

    public static LifelineConfig? Parse(ConfigNode? root, ConfigContext context)
    {
        if (root is null or ConfigScalar { IsNull: true })
        {
            if (!context.HasErrors)
            {
                context.Error(context.FileName, 0, 0, string.Empty, "the file is empty: it needs at least a trunks: list (see examples/lifeline.yaml)");
            }

            return null;
        }

        if (root is not ConfigMapping)
        {
            context.Error(root, string.Empty, $"expected a mapping of sections (http, journal, probing, health, trunks, proxy …) at the top level, got {root.Describe()}");
            return null;
        }

        var m = context.Map(root, string.Empty, root, RootKeys);
        var version = m.Value("version", 1, "1", MappingReader.ParseInt, v => v == 1 ? null : "1 (the only version this Lifeline reads)");
        var http = ParseHttp(m.Mapping("http", HttpKeys));
        var journal = ParseJournal(m.Mapping("journal", JournalKeys));
        var probing = ProbingSection.Parse(m.Mapping("probing", ProbingSection.GlobalKeys), ProbingConfig.Default, global: true);
        var health = HealthSection.Parse(m.Mapping("health", HealthSection.Keys), HealthConfig.Default, global: true);
        var selfHealth = ParseSelfHealth(m.Mapping("self_health", SelfHealthKeys));
        var nat = ParseNat(m.Mapping("nat", NatKeys));
        var trunks = TrunkSection.ParseAll(m, probing, health);

        // "proxy:" with nothing under it still means a proxy, and so still needs its allow list.
        var proxy = m.KeyNode("proxy") is null ? null : ProxySection.Parse(m.Mapping("proxy", ProxySection.Keys), trunks, http);

        if (context.HasErrors)
        {
            return null;
        }

        return new LifelineConfig
        {
            Version = version,
            SourceFile = context.FileName,
            Http = http,
            Journal = journal,
            Probing = probing,
            Health = health,
            SelfHealth = selfHealth,
            Nat = nat,
            Trunks = trunks,
            Proxy = proxy,
        };
    }

    private static HttpConfig ParseHttp(MappingReader m)
    {
        var result = new HttpConfig
        {
            Listen = m.Value("listen", HttpConfig.Default.Listen, "an address like 127.0.0.1:8080", AddressText.TryParseEndPoint),
            Token = m.Secret("token"),
        };
        if (result.Token is { Length: 0 })
        {
            m.Error("token", "the token is empty; leave the key out for no token, or set a long random one");
        }

        if (!IsLoopback(result.Listen) && result.Token is null && m.Has("listen"))
        {
            m.Error("listen", $"{result.Listen} is reachable from other machines, so http.token is required: without it anyone who reaches the port could drain or disable trunks");
        }

        return result;
    }

    private static bool IsLoopback(System.Net.IPEndPoint endPoint) => System.Net.IPAddress.IsLoopback(endPoint.Address);

    private static JournalConfig ParseJournal(MappingReader m)
    {
        var retentionMin = TimeSpan.FromHours(1);
        var retentionMax = TimeSpan.FromDays(3650);
        var defaults = new JournalConfig();
        return new JournalConfig
        {
            Path = m.Context.ResolvePath(m.String("path", JournalConfig.DefaultPath)),
            Retention = m.Duration("retention", defaults.Retention, retentionMin, retentionMax),
            ProbeStatsRetention = m.Duration("probe_stats_retention", defaults.ProbeStatsRetention, retentionMin, retentionMax),
            CallsRetention = m.Duration("calls_retention", defaults.CallsRetention, retentionMin, retentionMax),
        };
    }

    private static SelfHealthConfig ParseSelfHealth(MappingReader m)
    {
        var d = SelfHealthConfig.Default;
        return new SelfHealthConfig
        {
            AllFailedShare = m.Number("all_failed_share", d.AllFailedShare, 0, 1, minExclusive: true),
            MinTargets = m.Int("min_targets", d.MinTargets, 1, 100_000),
            Window = m.Duration("window", d.Window, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
            TimerLateness = m.Duration("timer_lateness", d.TimerLateness, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1)),
        };
    }

    private static NatConfig ParseNat(MappingReader m) => new()
    {
        UdpBinding = m.Duration("udp_binding", NatConfig.Default.UdpBinding, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
        TcpBinding = m.Duration("tcp_binding", NatConfig.Default.TcpBinding, TimeSpan.FromSeconds(1), TimeSpan.FromDays(7)),
    };
}
