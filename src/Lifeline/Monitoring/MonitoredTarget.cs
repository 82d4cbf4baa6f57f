using Lifeline.Config;
using Lifeline.Health;

namespace Lifeline.Monitoring;

/// <summary>
/// One watched gateway: its target id (<c>trunk/gateway-uri</c>, as in the journal, the API and metrics), its
/// trunk's settings and the health rules it follows. Probers read <see cref="Gateway"/> and
/// <see cref="Trunk"/>.<see cref="TrunkConfig.EffectiveProbing"/>; they report signals under <see cref="Id"/>.
/// </summary>
/// <param name="Id">The target id, e.g. <c>primary/sip:203.0.113.10:5060</c>.</param>
/// <param name="Trunk">The trunk it belongs to.</param>
/// <param name="Gateway">The gateway URI as written in the configuration.</param>
/// <param name="Options">The health rules it follows (its trunk's).</param>
internal sealed record MonitoredTarget(string Id, TrunkConfig Trunk, string Gateway, HealthOptions Options)
{
    /// <summary>The kind stored in the journal for gateways.</summary>
    public const string GatewayKind = "gateway";

    /// <summary>The id of a trunk's gateway.</summary>
    // Interned: the catalog, the board, the probing engine and the route planner each build a target's id, and at
    // 100,000 gateways separate copies cost about 9 MB apiece. A gateway removed by a reload leaves its id behind.
    public static string IdOf(string trunk, string gateway) => string.Intern(trunk + "/" + gateway);
}
