using System.Globalization;
using Lifeline.Config;
using Lifeline.Health;
using Lifeline.Monitoring;
using Lifeline.Probing;
using Lifeline.Proxy;
using Lifeline.Routing;
using Lifeline.Sip.Transports;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lifeline.Cli.Demo;

/// <summary>
/// The simulated carriers and dialer, and Lifeline between them, all in this process on loopback. Lifeline's parts
/// are the real ones, built from a configuration the real loader read (<see cref="DemoConfig"/>): a
/// <see cref="HealthBoard"/> with the trunks' rules; the prober (<see cref="ProbingService"/> sending OPTIONS over
/// UDP) and the failover proxy (<see cref="ProxyCore"/> with the <see cref="RoutePlanner"/>) whose signals go
/// into that board; the proxy's call records feed the demo's <see cref="DemoCallLog"/>. Only the carriers
/// (<see cref="DemoGateway"/>) and the dialer (<see cref="DemoDialer"/>) are simulated.
/// </summary>
internal sealed class DemoSession : IAsyncDisposable
{
    /// <summary>How a start failure because the proxy's port was taken begins, so that another port is tried.</summary>
    private const string ProxyBusy = "the proxy cannot open its port: ";

    /// <summary>How long the end of the demo waits for the last calls to be answered and hung up.</summary>
    private static readonly TimeSpan s_drainLimit = DemoDialer.Hold + TimeSpan.FromSeconds(3);

    private readonly HealthBoard _board;
    private readonly DemoGateway[] _gateways;
    private readonly string[] _ids;
    private readonly ProbingService _probing;
    private readonly CancellationTokenSource _dialing = new();
    private ProxyService? _proxy;
    private DemoDialer? _dialer;
    private Task _dialingLoop = Task.CompletedTask;
    private bool _callsStopped;
    private int _callsSeen;

    private DemoSession(LifelineConfig config, HealthOptions options, HealthBoard board, DemoTimeline timeline, DemoGateway[] gateways, string[] ids, DemoTransitionLog log, ProbingService probing, double callsPerSecond)
    {
        Config = config;
        Options = options;
        _board = board;
        Timeline = timeline;
        _gateways = gateways;
        _ids = ids;
        Log = log;
        _probing = probing;
        CallsPerSecond = callsPerSecond;
    }

    /// <summary>The configuration Lifeline runs under (generated, read by the real loader).</summary>
    public LifelineConfig Config { get; }

    /// <summary>The health rules in force: Lifeline's defaults.</summary>
    public HealthOptions Options { get; }

    public DemoTimeline Timeline { get; }

    public DemoTransitionLog Log { get; }

    public IReadOnlyList<DemoGateway> Gateways => _gateways;

    /// <summary>The calls placed through the proxy.</summary>
    public DemoCallLog Calls { get; } = new();

    /// <summary>What the calls showed so far, in sentences (updated by <see cref="Tick"/>).</summary>
    public DemoCallEvents CallEvents { get; } = new();

    /// <summary>The dialer's rate.</summary>
    public double CallsPerSecond { get; }

    /// <summary>Where the proxy takes calls (UDP on 127.0.0.1).</summary>
    public SipEndPoint ProxyEndPoint { get; private set; }

    /// <summary>The trunks in the order the proxy tries them (priority), each with its priority.</summary>
    public IReadOnlyList<(string Trunk, int Priority)> TrunkOrder =>
        [.. Config.Trunks.OrderBy(t => t.Priority).Select(t => (t.Name, t.Priority))];

    /// <summary>
    /// Opens one gateway per script on 127.0.0.1, loads the configuration for them, starts probing them, starts the
    /// proxy and a dialer placing <paramref name="callsPerSecond"/> calls a second through it.
    /// </summary>
    public static async Task<DemoStartResult> StartAsync(IReadOnlyList<DemoScript> scripts, double callsPerSecond, TimeProvider time, Random random, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(callsPerSecond);
        var timeline = new DemoTimeline(time);
        var gateways = new List<DemoGateway>(scripts.Count);
        foreach (var script in scripts)
        {
            var opened = await DemoGateway.OpenAsync(script, timeline, new Random(random.Next())).ConfigureAwait(false);
            if (!opened.IsOpen)
            {
                await DisposeAllAsync(gateways).ConfigureAwait(false);
                return DemoStartResult.Failed(opened.Error);
            }

            gateways.Add(opened.Gateway);
        }

        // The proxy's port is chosen free just before it opens; should another process take it first, try another.
        DemoStartResult? failed = null;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var listen = string.Create(CultureInfo.InvariantCulture, $"udp:127.0.0.1:{DemoPort.FreeUdp()}");
            var started = await StartLifelineAsync(gateways, listen, callsPerSecond, timeline, random, cancellationToken).ConfigureAwait(false);
            if (started.IsStarted)
            {
                return started;
            }

            failed = started;
            if (!started.Error.StartsWith(ProxyBusy, StringComparison.Ordinal))
            {
                break;
            }
        }

        await DisposeAllAsync(gateways).ConfigureAwait(false);
        return failed!.Value;
    }

    /// <summary>Lifeline's side — configuration, board, prober, proxy — and the dialer, for gateways already open.</summary>
    private static async Task<DemoStartResult> StartLifelineAsync(List<DemoGateway> gateways, string proxyListen, double callsPerSecond, DemoTimeline timeline, Random random, CancellationToken cancellationToken)
    {
        var time = timeline.Time;
        var loaded = DemoConfig.Load(gateways, proxyListen);
        var catalog = loaded.IsSuccess ? TargetCatalog.FromConfig(loaded.Config) : default;
        if (!loaded.IsSuccess || !catalog.IsSuccess)
        {
            var errors = loaded.IsSuccess ? string.Join("; ", catalog.Errors) : string.Join("; ", loaded.Errors);
            return DemoStartResult.Failed("the demo's generated configuration was refused (a bug): " + errors);
        }

        var config = loaded.Config;
        var board = new HealthBoard(catalog.Catalog.Defaults, time);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var ids = new string[gateways.Count];
        for (var i = 0; i < gateways.Count; i++)
        {
            // The planner reads the board by these ids; the view shows the gateway's name.
            ids[i] = MonitoredTarget.IdOf(gateways[i].Script.Name, gateways[i].Uri);
            names[ids[i]] = gateways[i].Script.Name;
            board.Track(ids[i], catalog.Catalog.Find(ids[i])?.Options ?? catalog.Catalog.Defaults);
        }

        var targets = gateways.Select((g, i) => new ProbeTargetSpec(ids[i], g.Script.Name, g.Uri, ProbeSettings.Default)).ToList();
        var probingOptions = new ProbingOptions { UdpListen = "udp:127.0.0.1:0", TcpListen = "tcp:127.0.0.1:0" };
        var log = new DemoTransitionLog(timeline, names);
        var signals = new DemoSignals(board, catalog.Catalog, log);
        var probing = new ProbingService(board, ((ISignalSink)signals).Report, targets, probingOptions, time, random: random);
        signals.Attach(probing);
        var session = new DemoSession(config, catalog.Catalog.Defaults, board, timeline, [.. gateways], ids, log, probing, callsPerSecond);
        try
        {
            await session._probing.StartAsync(cancellationToken).ConfigureAwait(false);
            var proxy = new ProxyCore(
                ProxyOptions.FromConfig(config.Proxy!),
                RoutePlanner.Create(config, board, time),
                signals,
                new ProxyStatistics(),
                time,
                NullLogger.Instance,
                new ProxyRecords(session.Calls.Record, null));
            session._proxy = new ProxyService(config.Proxy!, proxy, time);
            await session._proxy.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            await session.DisposeLifelineAsync().ConfigureAwait(false);
            return DemoStartResult.Failed(e.Message);
        }
        catch (ProxyListenException e)
        {
            await session.DisposeLifelineAsync().ConfigureAwait(false);
            return DemoStartResult.Failed(ProxyBusy + e.Message);
        }

        session.ProxyEndPoint = session._proxy.Stack!.Transports.Transports[0].LocalEndPoint;
        session._dialer = await DemoDialer.OpenAsync(session.ProxyEndPoint, timeline, session.Calls).ConfigureAwait(false);
        if (session._dialer is null)
        {
            await session.DisposeLifelineAsync().ConfigureAwait(false);
            return DemoStartResult.Failed("cannot open the simulated dialer on 127.0.0.1");
        }

        session._dialingLoop = session._dialer.RunAsync(callsPerSecond, session._dialing.Token);
        return DemoStartResult.Started(session);
    }

    /// <summary>
    /// Re-evaluates the time-based rules (stable time reached, damping released), as the daemon does every second;
    /// a target whose health changed here is probed at its new pace. Then turns the calls that ended since the last
    /// tick into <see cref="CallEvents"/> (all of them when <paramref name="final"/>). Called by one thread (the view's).
    /// </summary>
    public void Tick(bool final = false)
    {
        var transitions = _board.Tick();
        Log.Add(transitions);
        foreach (var transition in transitions)
        {
            _probing.HealthChanged(transition.TargetId);
        }

        var fresh = Calls.From(_callsSeen);
        _callsSeen += fresh.Count;
        CallEvents.Update(fresh, Timeline.Elapsed, DemoCallFigures.Direct(Calls.All()), final);
    }

    /// <summary>
    /// Stops placing calls and waits a little for the last ones to be answered and hung up, so the summary counts
    /// every call; calls still unanswered after that are reported in flight.
    /// </summary>
    public async Task StopCallsAsync()
    {
        if (_callsStopped)
        {
            return;
        }

        _callsStopped = true;
        await _dialing.CancelAsync().ConfigureAwait(false);
        await _dialingLoop.ConfigureAwait(false);
        if (_dialer is not null)
        {
            await _dialer.DrainAsync(s_drainLimit).ConfigureAwait(false);
        }

        Calls.Settle();
    }

    /// <summary>Every gateway's row, now.</summary>
    public IReadOnlyList<DemoGatewayStatus> Status()
    {
        var now = Timeline.Time.GetUtcNow();
        var snapshot = _board.Current;

        // Fresh from the board: the published snapshot changes only on transitions, so its RTT would be stale.
        var fresh = new Dictionary<string, TargetHealthSnapshot>(StringComparer.Ordinal);
        foreach (var target in _board.Capture())
        {
            fresh[target.TargetId] = target;
        }

        var rows = new DemoGatewayStatus[_gateways.Length];
        for (var i = 0; i < _gateways.Length; i++)
        {
            var gateway = _gateways[i];
            var id = _ids[i];
            var health = fresh.TryGetValue(id, out var h) ? h : new TargetHealthSnapshot { TargetId = id, Since = Timeline.StartedAt };
            var penalty = FlapDamping.ValueAt(new FlapPenalty(health.Penalty, health.PenaltyAt), now, Options.Damping);
            var probe = _probing.Scheduler.Find(id);
            rows[i] = new DemoGatewayStatus(
                gateway.Script,
                gateway.Uri,
                health,
                Timeline.Offset(health.Since),
                _board.RttPercentilesFor(id),
                probe?.Sent ?? 0,
                probe?.Answered ?? 0,
                probe?.Lost ?? 0,
                penalty,
                health.Damped && health.SuppressedUntil is { } until ? Timeline.Offset(until) : null,
                _board.ProbeTimeoutFor(id),
                snapshot.TrafficShare(id, now));
        }

        return rows;
    }

    /// <summary>Each trunk's calls as the proxy counts them, in the order the proxy tries the trunks.</summary>
    public IReadOnlyList<DemoTrunkCalls> TrunkCalls()
    {
        var order = TrunkOrder;
        var rows = new DemoTrunkCalls[order.Count];
        for (var i = 0; i < order.Count; i++)
        {
            var (trunk, priority) = order[i];
            var counts = _proxy?.Statistics.TrunkSnapshot(trunk) ?? new ProxyTrunkSnapshot(trunk, 0, 0, 0, 0, 0);
            rows[i] = new DemoTrunkCalls(trunk, priority, counts.Active, counts.Attempts, counts.Answered, counts.Failed);
        }

        return rows;
    }

    /// <summary>Everything the view and the summary say about calls, now.</summary>
    public DemoCallFigures CallFigures()
    {
        // The list first: every call in it was placed before, so placed = answered + lost + in flight holds.
        var calls = Calls.All();
        return DemoCallFigures.Of(calls, CallsPerSecond, Calls.Placed, TrunkCalls());
    }

    public async ValueTask DisposeAsync()
    {
        await DisposeLifelineAsync().ConfigureAwait(false);
        await DisposeAllAsync(_gateways).ConfigureAwait(false);
    }

    /// <summary>Everything but the gateways: the dialer, the proxy, the prober.</summary>
    private async Task DisposeLifelineAsync()
    {
        await StopCallsAsync().ConfigureAwait(false);
        if (_dialer is not null)
        {
            await _dialer.DisposeAsync().ConfigureAwait(false);
        }

        if (_proxy is not null)
        {
            await _proxy.DisposeAsync().ConfigureAwait(false);
        }

        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5), Timeline.Time))
        {
            await _probing.StopAsync(stop.Token).ConfigureAwait(false);
        }

        _probing.Dispose();
        _dialing.Dispose();
    }

    private static async Task DisposeAllAsync(IEnumerable<DemoGateway> gateways)
    {
        foreach (var gateway in gateways)
        {
            await gateway.DisposeAsync().ConfigureAwait(false);
        }
    }
}
