using Lifeline.Health;
using Lifeline.Probing;

namespace Lifeline.Cli.Demo;

/// <summary>
/// The simulated gateways and Lifeline watching them, all in this process on loopback: a <see cref="HealthBoard"/>
/// with the default <see cref="HealthOptions"/>, and the real prober — <see cref="ProbingService"/> with its
/// <see cref="ProbeScheduler"/> sending OPTIONS over UDP — whose signals go straight into the board. The only thing
/// simulated is the carriers.
/// </summary>
internal sealed class DemoSession : IAsyncDisposable
{
    private readonly HealthBoard _board;
    private readonly DemoGateway[] _gateways;
    private readonly ProbingService _probing;

    private DemoSession(HealthOptions options, HealthBoard board, DemoTimeline timeline, DemoGateway[] gateways, DemoTransitionLog log, ProbingService probing)
    {
        Options = options;
        _board = board;
        Timeline = timeline;
        _gateways = gateways;
        Log = log;
        _probing = probing;
    }

    /// <summary>The health rules in force: Lifeline's defaults.</summary>
    public HealthOptions Options { get; }

    public DemoTimeline Timeline { get; }

    public DemoTransitionLog Log { get; }

    public IReadOnlyList<DemoGateway> Gateways => _gateways;

    /// <summary>Opens one gateway per script on 127.0.0.1 and starts probing them.</summary>
    public static async Task<DemoStartResult> StartAsync(IReadOnlyList<DemoScript> scripts, TimeProvider time, Random random, CancellationToken cancellationToken)
    {
        var options = new HealthOptions();
        var board = new HealthBoard(options, time);
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
            board.Track(script.Name);
        }

        var targets = gateways.ConvertAll(g => new ProbeTargetSpec(g.Script.Name, "demo", g.Uri, ProbeSettings.Default));
        var probingOptions = new ProbingOptions { UdpListen = "udp:127.0.0.1:0", TcpListen = "tcp:127.0.0.1:0" };
        var log = new DemoTransitionLog(timeline);

        // Signals go straight into the board, as the daemon's health monitor would apply them.
        ProbeSignalSink report = (string targetId, in Signal signal) =>
        {
            log.Add(board.Apply(targetId, signal));
            return true;
        };
        var probing = new ProbingService(board, report, targets, probingOptions, time, random: random);
        var session = new DemoSession(options, board, timeline, [.. gateways], log, probing);
        try
        {
            await session._probing.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            await session.DisposeAsync().ConfigureAwait(false);
            return DemoStartResult.Failed(e.Message);
        }

        return DemoStartResult.Started(session);
    }

    /// <summary>
    /// Re-evaluates the time-based rules (stable time reached, damping released), as the daemon does every second;
    /// a target whose health changed here is probed at its new pace.
    /// </summary>
    public void Tick()
    {
        var transitions = _board.Tick();
        Log.Add(transitions);
        foreach (var transition in transitions)
        {
            _probing.HealthChanged(transition.TargetId);
        }
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
            var name = gateway.Script.Name;
            var health = fresh.TryGetValue(name, out var h) ? h : new TargetHealthSnapshot { TargetId = name, Since = Timeline.StartedAt };
            var penalty = FlapDamping.ValueAt(new FlapPenalty(health.Penalty, health.PenaltyAt), now, Options.Damping);
            var probe = _probing.Scheduler.Find(name);
            rows[i] = new DemoGatewayStatus(
                gateway.Script,
                gateway.Uri,
                health,
                Timeline.Offset(health.Since),
                _board.RttPercentilesFor(name),
                probe?.Sent ?? 0,
                probe?.Answered ?? 0,
                probe?.Lost ?? 0,
                penalty,
                health.Damped && health.SuppressedUntil is { } until ? Timeline.Offset(until) : null,
                _board.ProbeTimeoutFor(name),
                snapshot.TrafficShare(name, now));
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5), Timeline.Time))
        {
            await _probing.StopAsync(stop.Token).ConfigureAwait(false);
        }

        _probing.Dispose();
        await DisposeAllAsync(_gateways).ConfigureAwait(false);
    }

    private static async Task DisposeAllAsync(IEnumerable<DemoGateway> gateways)
    {
        foreach (var gateway in gateways)
        {
            await gateway.DisposeAsync().ConfigureAwait(false);
        }
    }
}
