using Lifeline.Config;
using Lifeline.Health;
using Lifeline.Monitoring;
using Lifeline.Routing;

namespace Lifeline.Proxy;

/// <summary>
/// A stand-in route planner until the routing capability's planner is wired in: every enabled trunk by priority,
/// each gateway the health board gives a share of traffic, no number normalization. It exists so the proxy runs end to
/// end in <c>lifeline run</c>; it is replaced, not extended.
/// </summary>
internal sealed class InterimRoutePlanner : IRoutePlanner
{
    private static readonly TimeSpan AutoFloor = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan AutoCap = TimeSpan.FromSeconds(2);

    private readonly HealthBoard _board;
    private readonly RouteTrunk[] _trunks;
    private readonly TimeProvider _time;

    public InterimRoutePlanner(LifelineConfig config, HealthBoard board, TimeProvider time)
    {
        _board = board;
        _time = time;
        var trunks = new List<RouteTrunk>();
        foreach (var trunk in config.Trunks)
        {
            if (!trunk.Enabled)
            {
                continue;
            }

            var gateways = new List<RouteGateway>(trunk.Gateways.Count);
            foreach (var gateway in trunk.Gateways)
            {
                gateways.Add(new RouteGateway(MonitoredTarget.IdOf(trunk.Name, gateway), gateway));
            }

            trunks.Add(new RouteTrunk(trunk, gateways, new TrunkLoad(trunk.Limits.MaxCalls, trunk.Limits.MaxCps, time)));
        }

        trunks.Sort(static (a, b) => a.Config.Priority.CompareTo(b.Config.Priority));
        _trunks = [.. trunks];
    }

    public RoutePlan Plan(string dialed)
    {
        var snapshot = _board.Current;
        var now = _time.GetUtcNow();
        var attempts = new List<RouteAttempt>(_trunks.Length);
        foreach (var trunk in _trunks)
        {
            foreach (var gateway in trunk.Gateways)
            {
                var health = snapshot.HealthOf(gateway.TargetId);
                if (health is null || snapshot.TrafficShare(gateway.TargetId, now) > 0)
                {
                    attempts.Add(new RouteAttempt(trunk, gateway));
                }
            }
        }

        var normalized = dialed.StartsWith('+') ? dialed[1..] : dialed;
        return new RoutePlan(dialed, normalized, attempts, attempts.Count == 0 ? "no trunk is up" : null);
    }

    public TimeSpan FirstResponseTimeout(RouteAttempt attempt)
    {
        var setting = attempt.Trunk.Config.InviteTimeout;
        if (!setting.IsAuto)
        {
            return setting.Fixed;
        }

        var probe = _board.ProbeTimeoutFor(attempt.Gateway.TargetId);
        return probe < AutoFloor ? AutoFloor : probe > AutoCap ? AutoCap : probe;
    }
}
