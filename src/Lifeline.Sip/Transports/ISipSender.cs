namespace Lifeline.Sip.Transports;

/// <summary>
/// Sends SIP messages as bytes. Implemented by each transport and by <see cref="SipTransportSet"/>,
/// which picks the transport; the transaction layer and the proxy depend on this only.
/// Failures are <see cref="SipSendResult"/> values: nothing here throws for network errors or cancellation.
/// </summary>
public interface ISipSender
{
    /// <summary>
    /// Sends one whole message. The bytes must stay unchanged until the returned task completes.
    /// </summary>
    /// <param name="message">A complete SIP message.</param>
    /// <param name="remote">Where to send it. Over TCP an open connection to this address is reused, or one is opened (within the connect timeout). May be empty when <paramref name="connection"/> is set.</param>
    /// <param name="connection">
    /// When set (TCP), send on this connection only, as RFC 3261 section 18.2.2 requires for responses; if it has
    /// closed the result is <see cref="SipSendStatus.ConnectionClosed"/> and the caller applies the RFC's fallback
    /// (the Via's received address and sent-by port) by calling again without a connection. Ignored by UDP.
    /// </param>
    /// <param name="cancellationToken">Ends the wait; the result is then <see cref="SipSendStatus.Cancelled"/>.</param>
    ValueTask<SipSendResult> SendAsync(ReadOnlyMemory<byte> message, SipEndPoint remote, SipConnectionId connection = default, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends an RFC 5626 keepalive ping (CRLFCRLF). Over TCP the connection to <paramref name="remote"/> is reused or
    /// opened, and the pong that answers is reported through <see cref="ISipMessageHandler.OnKeepAlivePong"/>.
    /// Over UDP the CRLFCRLF datagram only keeps NAT bindings open: no pong comes back.
    /// </summary>
    ValueTask<SipSendResult> SendKeepAliveAsync(SipEndPoint remote, CancellationToken cancellationToken = default);
}
