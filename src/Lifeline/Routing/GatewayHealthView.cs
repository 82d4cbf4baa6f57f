using Lifeline.Health;

namespace Lifeline.Routing;

/// <summary>
/// One health board snapshot as the planner reads it: each gateway's published health by its index in the planner,
/// so a plan reads an array instead of hashing target ids. Built once per snapshot, shared by every plan made from it.
/// </summary>
internal sealed class GatewayHealthView
{
    private GatewayHealthView(HealthBoardSnapshot snapshot, TargetHealth[] health)
    {
        Snapshot = snapshot;
        Health = health;
    }

    /// <summary>The snapshot this view was built from.</summary>
    public HealthBoardSnapshot Snapshot { get; }

    /// <summary>Published health per gateway index; a gateway the board does not know yet is Up (it is watched from start).</summary>
    public TargetHealth[] Health { get; }

    public static GatewayHealthView Build(HealthBoardSnapshot snapshot, IReadOnlyList<RouteGateway> gateways)
    {
        var health = new TargetHealth[gateways.Count];
        for (var i = 0; i < health.Length; i++)
        {
            health[i] = snapshot.HealthOf(gateways[i].TargetId) ?? TargetHealth.Up;
        }

        return new GatewayHealthView(snapshot, health);
    }
}
