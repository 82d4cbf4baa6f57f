namespace Lifeline.Routing;

/// <summary>One step of a route plan: send the call to this gateway of this trunk.</summary>
internal readonly record struct RouteAttempt(RouteTrunk Trunk, RouteGateway Gateway)
{
    /// <summary>The trunk's rate per minute for the number (its longest matching prefix); null when it has none.</summary>
    public decimal? Rate { get; init; }
}
