using Lifeline.Routing;

namespace Lifeline.Tests.Proxy;

/// <summary>A route plan of fixed trunks in a fixed order, a fixed first-response timeout, and a way to refuse.</summary>
internal sealed class TestRoutePlanner(IReadOnlyList<RouteTrunk> trunks, TimeSpan firstResponseTimeout) : IRoutePlanner
{
    public string? Refusal { get; set; }

    public RoutePlan Plan(string dialed)
    {
        var normalized = dialed.TrimStart('+');
        if (Refusal is not null)
        {
            return new RoutePlan(dialed, normalized, [], Refusal);
        }

        var attempts = new List<RouteAttempt>();
        foreach (var trunk in trunks)
        {
            foreach (var gateway in trunk.Gateways)
            {
                attempts.Add(new RouteAttempt(trunk, gateway));
            }
        }

        return new RoutePlan(dialed, normalized, attempts, null);
    }

    public TimeSpan FirstResponseTimeout(RouteAttempt attempt) => firstResponseTimeout;
}
