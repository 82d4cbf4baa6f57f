namespace Lifeline.Sip.Transports;

/// <summary>
/// One listening transport (a UDP socket, or a TCP listener with its connections) bound to one local address.
/// Open one with <see cref="SipTransport.Open"/>; dispose it to stop.
/// </summary>
public interface ISipTransport : ISipSender, IAsyncDisposable
{
    SipTransportProtocol Protocol { get; }

    /// <summary>The bound address, with the actual port when 0 was asked for.</summary>
    SipEndPoint LocalEndPoint { get; }

    /// <summary>True while the connection is open on this transport (always false for UDP).</summary>
    bool HasConnection(SipConnectionId connection);

    /// <summary>A snapshot of the counters.</summary>
    SipTransportStatistics GetStatistics();
}
