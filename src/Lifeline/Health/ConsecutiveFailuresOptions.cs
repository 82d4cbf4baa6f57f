namespace Lifeline.Health;

/// <summary>Options of the <c>consecutive</c> detector: failed after N failures in a row.</summary>
internal sealed record ConsecutiveFailuresOptions
{
    /// <summary>
    /// Failures in a row that mark the target failed. Default 8: with the default intervals (one probe every 2 s
    /// while Up, every 0.5 s once Suspect) a silent gateway is Down within 5.7 s, while 10% random probe loss
    /// would need 8 losses in a row, 0.1^8 × 43,200 probes a day ≈ one false Down in 6 years (docs/health.md).
    /// </summary>
    public int Failures { get; init; } = 8;
}
