namespace Lifeline.Sip.Transports;

/// <summary>
/// Receives what transports read. Called concurrently from several receive loops and connections
/// (one connection's calls are sequential), so implementations are thread-safe and quick: a slow
/// handler delays the messages behind it. Exceptions are caught, counted and reported through
/// <see cref="OnFault"/>; they never stop a transport.
/// </summary>
public interface ISipMessageHandler
{
    /// <summary>A message arrived. <see cref="SipInboundMessage.Data"/> is valid only during this call.</summary>
    void OnMessage(in SipInboundMessage message);

    /// <summary>A CRLF pong answered a ping sent with <see cref="ISipSender.SendKeepAliveAsync"/>.</summary>
    void OnKeepAlivePong(in SipKeepAlivePong pong)
    {
    }

    /// <summary>An open connection closed (TCP only).</summary>
    void OnConnectionClosed(in SipConnectionClosed closed)
    {
    }

    /// <summary>A fault the transport survived, rate-limited; the place to log it.</summary>
    void OnFault(in SipTransportFault fault)
    {
    }
}
