namespace Lifeline.Routing;

/// <summary>A gateway as the proxy sends calls to it.</summary>
/// <param name="TargetId">Its health target id (<c>trunk/gateway-uri</c>): call outcomes are reported under it.</param>
/// <param name="Uri">The gateway URI as written in the configuration (<c>sip:198.51.100.7:5060;transport=tcp</c>).</param>
internal sealed record RouteGateway(string TargetId, string Uri);
