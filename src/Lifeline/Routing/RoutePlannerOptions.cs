namespace Lifeline.Routing;

/// <summary>
/// The route planner's built-in rules that have no configuration key yet. The first-response timeout of a trunk with
/// <c>invite_timeout: auto</c> is <c>clamp(probe timeout + <see cref="ResponseAllowance"/>, <see cref="MinFirstResponse"/>,
/// <see cref="MaxFirstResponse"/>)</c>, where the probe timeout is the gateway's adaptive one (≈ 3 × smoothed RTT).
/// </summary>
internal sealed record RoutePlannerOptions
{
    /// <summary>Shortest first-response timeout. Default 200 ms.</summary>
    public TimeSpan MinFirstResponse { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest first-response timeout: no call waits longer on a dead carrier. Default 1 s.</summary>
    public TimeSpan MaxFirstResponse { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Added to the probe timeout: a carrier may take up to 200 ms before its 100 Trying (RFC 3261 §17.2.1), which an
    /// OPTIONS answer does not show. Default 200 ms.
    /// </summary>
    public TimeSpan ResponseAllowance { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a gateway's computed timeout is reused before the health board is asked again. Default 1 s.</summary>
    public TimeSpan TimeoutRefresh { get; init; } = TimeSpan.FromSeconds(1);
}
