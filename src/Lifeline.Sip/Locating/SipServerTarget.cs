using System.Net;

namespace Lifeline.Sip.Locating;

/// <summary>One place to send a request: an address and port, over a transport.</summary>
/// <param name="EndPoint">The IP address and port.</param>
/// <param name="Transport">The transport to use.</param>
/// <param name="Source">The RFC 3263 step that produced it.</param>
/// <param name="HostName">The name whose A/AAAA record gave the address (the SRV target, or the host itself); for a numeric host, the address.</param>
public sealed record SipServerTarget(IPEndPoint EndPoint, SipTransportKind Transport, SipTargetSource Source, string HostName)
{
    /// <inheritdoc />
    public override string ToString() => $"{EndPoint} {Transport} ({Source} via {HostName})";
}
