using Lifeline.Config;

namespace Lifeline.Routing;

/// <summary>A trunk as routing sees it: its settings, its gateways, and the live count of its calls (for its limits).</summary>
/// <param name="Config">The trunk's settings (failover codes, ring limit, auth, limits …).</param>
/// <param name="Gateways">Its gateways in configuration order.</param>
/// <param name="Load">Its concurrent-call and calls-per-second counters; shared by every call.</param>
internal sealed record RouteTrunk(TrunkConfig Config, IReadOnlyList<RouteGateway> Gateways, TrunkLoad Load)
{
    public string Name => Config.Name;
}
