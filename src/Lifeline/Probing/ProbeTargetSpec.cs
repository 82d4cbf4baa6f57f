namespace Lifeline.Probing;

/// <summary>One gateway to probe, as the configuration states it.</summary>
/// <param name="Id">The target id signals are reported under (<c>trunk/gateway-uri</c>).</param>
/// <param name="Trunk">The trunk's name (the label of per-trunk metrics).</param>
/// <param name="Gateway">The gateway's SIP URI as written (<c>sip:198.51.100.7:5060;transport=tcp</c>, <c>sip:gw.carrier.example</c>).</param>
/// <param name="Settings">The trunk's probing settings.</param>
internal sealed record ProbeTargetSpec(string Id, string Trunk, string Gateway, ProbeSettings Settings)
{
    /// <summary>The target id of a trunk's gateway, as the rest of Lifeline writes it.</summary>
    // Interned: the catalog, the board, the probing engine and the route planner each build a target's id, and at
    // 100,000 gateways separate copies cost about 9 MB apiece. A gateway removed by a reload leaves its id behind.
    public static string IdOf(string trunk, string gateway) => string.Intern(trunk + "/" + gateway);
}
