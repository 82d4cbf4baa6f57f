using Lifeline.Config;
using Lifeline.Health;

namespace Lifeline.Monitoring;

/// <summary>
/// Every trunk and gateway of a configuration as targets, with the health rules each follows
/// (<see cref="TrunkHealthOptions"/>). Immutable; built once per loaded configuration.
/// </summary>
internal sealed class TargetCatalog
{
    private readonly Dictionary<string, MonitoredTarget> _byId;
    private readonly Dictionary<string, MonitoredTrunk> _byTrunk;

    private TargetCatalog(HealthOptions defaults, IReadOnlyList<MonitoredTrunk> trunks)
    {
        Defaults = defaults;
        Trunks = trunks;
        _byId = new Dictionary<string, MonitoredTarget>(StringComparer.Ordinal);
        _byTrunk = new Dictionary<string, MonitoredTrunk>(StringComparer.Ordinal);
        var watched = new List<MonitoredTarget>();
        foreach (var trunk in trunks)
        {
            _byTrunk[trunk.Name] = trunk;
            foreach (var target in trunk.Gateways)
            {
                _byId[target.Id] = target;
                if (trunk.Watched)
                {
                    watched.Add(target);
                }
            }
        }

        Watched = watched;
    }

    /// <summary>The board-wide rules (top-level sections).</summary>
    public HealthOptions Defaults { get; }

    /// <summary>Every configured trunk, in configuration order.</summary>
    public IReadOnlyList<MonitoredTrunk> Trunks { get; }

    /// <summary>The gateways of enabled trunks: the targets that are tracked, probed and routed to.</summary>
    public IReadOnlyList<MonitoredTarget> Watched { get; }

    /// <summary>
    /// Builds the catalog of a loaded configuration. The configuration loader has already checked every range, so an
    /// error here means the two disagree; it is reported against the trunk's <c>health</c> key, never thrown.
    /// </summary>
    public static TargetCatalogResult FromConfig(LifelineConfig config)
    {
        var errors = new List<ConfigError>();
        var defaults = TrunkHealthOptions.Defaults(config);
        foreach (var problem in defaults.Validate())
        {
            errors.Add(new ConfigError(config.SourceFile, 0, 0, "health", problem));
        }

        var trunks = new List<MonitoredTrunk>(config.Trunks.Count);
        for (var i = 0; i < config.Trunks.Count; i++)
        {
            var trunk = config.Trunks[i];
            var options = TrunkHealthOptions.For(trunk, config.SelfHealth);
            foreach (var problem in options.Validate())
            {
                errors.Add(new ConfigError(config.SourceFile, 0, 0, $"trunks[{i}].health", problem));
            }

            var gateways = new List<MonitoredTarget>(trunk.Gateways.Count);
            foreach (var gateway in trunk.Gateways)
            {
                gateways.Add(new MonitoredTarget(MonitoredTarget.IdOf(trunk.Name, gateway), trunk, gateway, options));
            }

            trunks.Add(new MonitoredTrunk(trunk, gateways));
        }

        return errors.Count > 0 ? TargetCatalogResult.Failure(errors) : TargetCatalogResult.Success(new TargetCatalog(defaults, trunks));
    }

    /// <summary>A configured gateway by target id (watched or not).</summary>
    public MonitoredTarget? Find(string targetId) => _byId.GetValueOrDefault(targetId);

    /// <summary>A configured trunk by name.</summary>
    public MonitoredTrunk? FindTrunk(string name) => _byTrunk.GetValueOrDefault(name);

    /// <summary>Whether the target is a gateway of an enabled trunk.</summary>
    public bool IsWatched(string targetId) => _byId.TryGetValue(targetId, out var target) && target.Trunk.Enabled;

    /// <summary>
    /// Whether a signal for a target is taken (the target is watched: known, its trunk enabled), and if so whether it
    /// goes to the board (<paramref name="counts"/>: false for a call outcome the trunk's <c>call_failures</c> rules
    /// leave out). The daemon's monitor and the demo take signals the same way through this.
    /// </summary>
    public bool Takes(string targetId, in Signal signal, out bool counts)
    {
        counts = false;
        if (Find(targetId) is not { Trunk.Enabled: true } target)
        {
            return false;
        }

        counts = Counts(target, signal);
        return true;
    }

    /// <summary>Whether a signal for a watched target goes to the board (see <see cref="Takes"/>).</summary>
    public static bool Counts(MonitoredTarget target, in Signal signal) => target.Trunk.EffectiveHealth.CallFailures.Counts(signal);
}
