using Lifeline.Config;

namespace Lifeline.Monitoring;

/// <summary>A configured trunk with its gateways as targets. A trunk disabled in the configuration has targets that are not watched.</summary>
/// <param name="Config">The trunk's settings.</param>
/// <param name="Gateways">Its gateways, in configuration order.</param>
internal sealed record MonitoredTrunk(TrunkConfig Config, IReadOnlyList<MonitoredTarget> Gateways)
{
    public string Name => Config.Name;

    /// <summary>False when <c>enabled: false</c>: configured, but unused and unprobed.</summary>
    public bool Watched => Config.Enabled;
}
