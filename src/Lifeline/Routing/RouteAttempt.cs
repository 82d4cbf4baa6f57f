namespace Lifeline.Routing;

/// <summary>One step of a route plan: send the call to this gateway of this trunk.</summary>
internal readonly record struct RouteAttempt(RouteTrunk Trunk, RouteGateway Gateway);
