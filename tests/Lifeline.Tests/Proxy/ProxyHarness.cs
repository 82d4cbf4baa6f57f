using System.Collections.Concurrent;
using System.Text;
using Lifeline.Config;
using Lifeline.Journal;
using Lifeline.Proxy;
using Lifeline.Routing;
using Lifeline.Sip.Transports;
using Lifeline.Tests.Monitoring;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lifeline.Tests.Proxy;

/// <summary>
/// The proxy on loopback with its carriers and a dialer, all real SIP stacks: trunks are named after their carrier
/// and tried in the order given; <paramref name="trunkYaml"/> adds keys to a trunk's configuration.
/// </summary>
internal sealed class ProxyHarness : IAsyncDisposable
{
    private ProxyHarness(ProxyService service, DialerPeer dialer, IReadOnlyDictionary<string, CarrierPeer> carriers, IReadOnlyDictionary<string, RouteTrunk> trunks, TestRoutePlanner planner, RecordingSignalSink signals, ConcurrentQueue<CallRecord> records)
    {
        Service = service;
        Dialer = dialer;
        Carriers = carriers;
        Trunks = trunks;
        Planner = planner;
        Signals = signals;
        Records = records;
    }

    public ProxyService Service { get; }

    public DialerPeer Dialer { get; }

    public IReadOnlyDictionary<string, CarrierPeer> Carriers { get; }

    /// <summary>Carriers that swallow everything, by trunk name.</summary>
    public IReadOnlyDictionary<string, BlackHoleCarrier> BlackHoles { get; private init; } = new Dictionary<string, BlackHoleCarrier>();

    public IReadOnlyDictionary<string, RouteTrunk> Trunks { get; }

    public TestRoutePlanner Planner { get; }

    public RecordingSignalSink Signals { get; }

    public ConcurrentQueue<CallRecord> Records { get; }

    public ProxyStatistics Statistics => Service.Statistics;

    public SipEndPoint ProxyEndPoint => Service.Stack!.Transports.Transports[0].LocalEndPoint;

    public CarrierPeer this[string name] => Carriers[name];

    /// <summary>The health target id of a trunk's (only) gateway.</summary>
    public string TargetOf(string trunk) => Trunks[trunk].Gateways[0].TargetId;

    public static async Task<ProxyHarness> StartAsync(
        string[] carriers,
        TimeProvider? time = null,
        string allow = "127.0.0.1/32",
        string protocol = "udp",
        TimeSpan? firstResponseTimeout = null,
        Func<string, string>? trunkYaml = null,
        string dialerBind = "127.0.0.1",
        System.Diagnostics.Metrics.IMeterFactory? meters = null,
        string[]? blackHoles = null,
        string? proxyYaml = null)
    {
        time ??= TimeProvider.System;
        var peers = new Dictionary<string, CarrierPeer>(StringComparer.Ordinal);
        var holes = new Dictionary<string, BlackHoleCarrier>(StringComparer.Ordinal);
        foreach (var name in carriers)
        {
            if (blackHoles?.Contains(name) == true)
            {
                holes[name] = new BlackHoleCarrier();
            }
            else
            {
                peers[name] = await CarrierPeer.StartAsync(name, protocol);
            }
        }

        var yaml = new StringBuilder();
        yaml.AppendLine("proxy:");
        yaml.AppendLine("  listen: [ \"" + protocol + ":127.0.0.1:5060\" ]");
        yaml.AppendLine("  allow: [ " + allow + " ]");
        if (proxyYaml is not null)
        {
            yaml.AppendLine("  " + proxyYaml);
        }

        yaml.AppendLine("trunks:");
        var priority = 1;
        foreach (var name in carriers)
        {
            yaml.AppendLine("  - name: " + name);
            yaml.AppendLine("    gateways: [ \"" + (holes.TryGetValue(name, out var hole) ? hole.Uri : peers[name].Uri) + "\" ]");
            yaml.AppendLine("    priority: " + priority++);
            if (trunkYaml?.Invoke(name) is { Length: > 0 } extra)
            {
                foreach (var line in extra.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    yaml.AppendLine("    " + line.TrimEnd());
                }
            }
        }

        var config = TestConfig.Load(yaml.ToString());
        var proxyConfig = config.Proxy! with
        {
            Listen = [new ProxyListen(protocol == "tcp" ? ListenTransport.Tcp : ListenTransport.Udp, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0))],
        };
        var trunks = new Dictionary<string, RouteTrunk>(StringComparer.Ordinal);
        var ordered = new List<RouteTrunk>();
        foreach (var trunk in config.Trunks)
        {
            var route = new RouteTrunk(
                trunk,
                [.. trunk.Gateways.Select(g => new RouteGateway(trunk.Name + "/" + g, g))],
                new TrunkLoad(trunk.Limits.MaxCalls, trunk.Limits.MaxCps, time));
            trunks[trunk.Name] = route;
            ordered.Add(route);
        }

        var planner = new TestRoutePlanner(ordered, firstResponseTimeout ?? TimeSpan.FromSeconds(5));
        var signals = new RecordingSignalSink();
        var records = new ConcurrentQueue<CallRecord>();
        var statistics = new ProxyStatistics();
        var core = new ProxyCore(
            ProxyOptions.FromConfig(proxyConfig),
            planner,
            signals,
            statistics,
            time,
            NullLogger.Instance,
            new ProxyRecords(r =>
            {
                records.Enqueue(r);
                return true;
            }, null),
            meters is null ? null : new ProxyMetrics(meters, statistics));
        var service = new ProxyService(proxyConfig, core, time);
        await service.StartAsync(CancellationToken.None);
        var proxyEndPoint = service.Stack!.Transports.Transports[0].LocalEndPoint;
        var dialer = await DialerPeer.StartAsync(proxyEndPoint, protocol, dialerBind);
        return new ProxyHarness(service, dialer, peers, trunks, planner, signals, records) { BlackHoles = holes };
    }

    /// <summary>Waits (real time, generously) until <paramref name="condition"/> holds.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("waited 30 s for: " + what);
            }

            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Dialer.DisposeAsync();
        await Service.DisposeAsync();
        foreach (var carrier in Carriers.Values)
        {
            await carrier.DisposeAsync();
        }

        foreach (var hole in BlackHoles.Values)
        {
            await hole.DisposeAsync();
        }
    }
}
