namespace Lifeline.Sip.Transports;

/// <summary>The transport protocol a SIP message travels over.</summary>
public enum SipTransportProtocol
{
    /// <summary>One message per datagram (RFC 3261 section 18).</summary>
    Udp,

    /// <summary>A byte stream; messages are delimited by Content-Length (RFC 3261 section 18.3).</summary>
    Tcp,
}
