namespace Lifeline.Routing;

/// <summary>
/// Decides, for one dialed number, which trunks and gateways a call tries and in what order. Implementations read
/// an immutable health snapshot and take no lock, so the proxy may call them on any thread for every call.
/// </summary>
internal interface IRoutePlanner
{
    /// <summary>The route plan for <paramref name="dialed"/> (the Request-URI user part as the dialer sent it).</summary>
    RoutePlan Plan(string dialed);

    /// <summary>
    /// How long an attempt waits for the carrier's first response (provisional or final) before it counts as a
    /// carrier failure and the call moves on: adaptive from the RTT that probes and earlier calls measured, bounded,
    /// or the trunk's configured <c>invite_timeout</c>.
    /// </summary>
    TimeSpan FirstResponseTimeout(RouteAttempt attempt);
}
