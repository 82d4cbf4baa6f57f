namespace Lifeline.Config;

/// <summary><c>trunks[].limits:</c> — the carrier's channel and call-rate limits; null = unlimited.</summary>
internal sealed record LimitsConfig
{
    public static LimitsConfig Unlimited { get; } = new();

    /// <summary>Concurrent calls through the trunk.</summary>
    public int? MaxCalls { get; init; }

    /// <summary>New calls per second.</summary>
    public double? MaxCps { get; init; }
}
