using Lifeline.Health;
using Lifeline.Monitoring;
using Lifeline.Proxy;

namespace Lifeline.Cli.Api;

/// <summary>Builds <c>GET /api/status</c> from the board's published snapshot, the catalog and the monitor.</summary>
internal static class StatusView
{
    // Best first: what a trunk is worth is what its best gateway is worth.
    private static readonly TargetHealth[] Preference =
        [TargetHealth.Up, TargetHealth.Suspect, TargetHealth.Recovering, TargetHealth.Drained, TargetHealth.Down, TargetHealth.Disabled];

    public static StatusResponse Build(HealthMonitor monitor, string journalPath, DateTimeOffset now, ProxyStatistics? proxy = null)
    {
        var board = monitor.Board;
        var current = board.Current;

        // Fresh, not the published snapshot: RTT and counters move with every answer, health only on transitions.
        var fresh = new Dictionary<string, TargetHealthSnapshot>(StringComparer.Ordinal);
        foreach (var snapshot in board.Capture())
        {
            fresh[snapshot.TargetId] = snapshot;
        }

        var trunks = new List<TrunkStatus>(monitor.Catalog.Trunks.Count);
        foreach (var trunk in monitor.Catalog.Trunks)
        {
            var gateways = new List<GatewayStatus>(trunk.Gateways.Count);
            var best = TargetHealth.Disabled;
            var inService = 0;
            foreach (var target in trunk.Gateways)
            {
                var gateway = trunk.Watched && fresh.TryGetValue(target.Id, out var snapshot)
                    ? Watched(monitor, target, snapshot, snapshot.TrafficShare(now, current.RecoveryFor(target.Id)))
                    : NotWatched(target);
                gateways.Add(gateway);
                var health = Enum.Parse<TargetHealth>(gateway.Health);
                if (Array.IndexOf(Preference, health) < Array.IndexOf(Preference, best))
                {
                    best = health;
                }

                inService += gateway.TrafficShare > 0 ? 1 : 0;
            }

            trunks.Add(new TrunkStatus
            {
                Name = trunk.Name,
                Priority = trunk.Config.Priority,
                Enabled = trunk.Watched,
                Health = best.ToString(),
                GatewaysInService = inService,
                Gateways = gateways,
                Calls = proxy is null ? null : Calls(proxy.TrunkSnapshot(trunk.Name)),
            });
        }

        var self = current.SelfHealth;
        var selfHealth = new SelfHealthStatus(
            self.State.ToString(),
            self.Reason.Length == 0 ? null : self.Reason,
            self.Since,
            self.Holding,
            Math.Round(monitor.LastTickLateness.TotalMilliseconds, 1));
        var writer = monitor.Writer;
        var journal = new JournalStatus(journalPath, writer.LastFailure is null, writer.LastFailure, writer.QueueLength);
        ProxyStatus? proxyStatus = null;
        if (proxy is not null)
        {
            var totals = proxy.Totals;
            proxyStatus = new ProxyStatus(totals.Received, totals.Answered, totals.Failed, totals.Refused, totals.Forbidden, totals.Failovers);
        }

        return new StatusResponse(now, selfHealth, journal, trunks, proxyStatus);
    }

    private static TrunkCallsStatus Calls(ProxyTrunkSnapshot trunk) =>
        new(trunk.Active, trunk.Attempts, trunk.Answered, trunk.Failed, trunk.Overflowed);

    private static GatewayStatus Watched(HealthMonitor monitor, MonitoredTarget target, TargetHealthSnapshot snapshot, double share)
    {
        var rtt = monitor.Board.RttPercentilesFor(target.Id);
        var last = monitor.LastTransitionOf(target.Id);
        return new GatewayStatus
        {
            Id = target.Id,
            Uri = target.Gateway,
            Health = snapshot.Health.ToString(),
            Since = snapshot.Since,
            Computed = snapshot.Computed.ToString(),
            TrafficShare = share,
            Damped = snapshot.Damped,
            SuppressedUntil = snapshot.SuppressedUntil,
            Rtt = new RttStatus(
                Ms(snapshot.SmoothedRtt),
                rtt.Count > 0 ? Ms(rtt.P50) : null,
                rtt.Count > 0 ? Ms(rtt.P90) : null,
                rtt.Count > 0 ? Ms(rtt.P99) : null,
                rtt.Count),
            LastTransition = last is null ? null : new TransitionStatus(last.At, last.From, last.To, last.Reason),
        };
    }

    private static GatewayStatus NotWatched(MonitoredTarget target) => new()
    {
        Id = target.Id,
        Uri = target.Gateway,
        Health = nameof(TargetHealth.Disabled),
        TrafficShare = 0,
        LastTransition = null,
    };

    private static double? Ms(TimeSpan? value) => value is { } v ? Math.Round(v.TotalMilliseconds, 3) : null;
}
