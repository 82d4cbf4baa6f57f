namespace Lifeline.Config;

/// <summary>
/// The whole configuration, as loaded by <see cref="ConfigLoader"/>: immutable, every default applied,
/// every path resolved, every trunk's probing and health settings merged with the top-level defaults.
/// </summary>
internal sealed record LifelineConfig
{
    /// <summary>Schema version of the file (<c>version:</c>, default 1).</summary>
    public int Version { get; init; } = 1;

    /// <summary>Full path of the file it was read from (or the name given to LoadFromString).</summary>
    public required string SourceFile { get; init; }

    public HttpConfig Http { get; init; } = HttpConfig.Default;

    public JournalConfig Journal { get; init; } = new();

    /// <summary>The top-level probing defaults; each trunk's resolved settings are in <see cref="TrunkConfig.EffectiveProbing"/>.</summary>
    public ProbingConfig Probing { get; init; } = ProbingConfig.Default;

    /// <summary>The top-level health defaults; each trunk's resolved settings are in <see cref="TrunkConfig.EffectiveHealth"/>.</summary>
    public HealthConfig Health { get; init; } = HealthConfig.Default;

    public SelfHealthConfig SelfHealth { get; init; } = SelfHealthConfig.Default;

    public NatConfig Nat { get; init; } = NatConfig.Default;

    public required IReadOnlyList<TrunkConfig> Trunks { get; init; }

    /// <summary>Null when the file has no <c>proxy:</c> section.</summary>
    public ProxyConfig? Proxy { get; init; }

    public TrunkConfig? FindTrunk(string name)
    {
        foreach (var trunk in Trunks)
        {
            if (trunk.Name == name)
            {
                return trunk;
            }
        }

        return null;
    }
}
