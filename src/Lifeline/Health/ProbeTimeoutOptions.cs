namespace Lifeline.Health;

/// <summary>
/// The adaptive probe timeout: <c>clamp(max(Multiplier × SRTT, SRTT + 4 × RTTVAR), Floor, Cap)</c>, never the 32 s
/// SIP transaction timer.
/// </summary>
internal sealed record ProbeTimeoutOptions
{
    /// <summary>Multiple of the smoothed RTT. Default 3.</summary>
    public double Multiplier { get; init; } = 3.0;

    /// <summary>Lowest timeout, so scheduling jitter on a LAN gateway is not a miss. Default 200 ms.</summary>
    public TimeSpan Floor { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Highest timeout. Default 2 s.</summary>
    public TimeSpan Cap { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Timeout before any RTT was measured. Default 1 s (RFC 6298's initial RTO).</summary>
    public TimeSpan Initial { get; init; } = TimeSpan.FromSeconds(1);
}
