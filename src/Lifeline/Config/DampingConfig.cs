namespace Lifeline.Config;

/// <summary>
/// <c>health.damping:</c> — flap suppression in the manner of BGP route-flap damping (RFC 2439):
/// each transition adds <see cref="Penalty"/>, which halves every <see cref="HalfLife"/>; above
/// <see cref="Suppress"/> the target stays out of service until the penalty decays below <see cref="Reuse"/>.
/// </summary>
internal sealed record DampingConfig
{
    public static DampingConfig Default { get; } = new();

    public bool Enabled { get; init; } = true;

    public double Penalty { get; init; } = 1000;

    public TimeSpan HalfLife { get; init; } = TimeSpan.FromSeconds(60);

    public double Suppress { get; init; } = 2000;

    public double Reuse { get; init; } = 750;

    /// <summary>Longest time a target stays suppressed, however high its penalty.</summary>
    public TimeSpan MaxSuppress { get; init; } = TimeSpan.FromMinutes(5);
}
