namespace Lifeline.Sip.Transports;

/// <summary>How a send ended. Network failures are values, never exceptions.</summary>
public enum SipSendStatus
{
    /// <summary>The bytes were handed to the operating system.</summary>
    Sent,

    /// <summary>The message is larger than the transport's maximum message size (or the socket said so).</summary>
    TooLarge,

    /// <summary>The peer refused the connection (TCP RST on connect, or an ICMP port unreachable).</summary>
    ConnectionRefused,

    /// <summary>Connecting failed for another reason.</summary>
    ConnectionFailed,

    /// <summary>Connecting took longer than the connect timeout.</summary>
    TimedOut,

    /// <summary>No route to the host or network.</summary>
    Unreachable,

    /// <summary>The connection named by the caller is no longer open, or it broke while sending.</summary>
    ConnectionClosed,

    /// <summary>No transport for the remote's protocol and address family.</summary>
    NoTransport,

    /// <summary>The transport has been disposed.</summary>
    TransportClosed,

    /// <summary>The caller's cancellation token fired first.</summary>
    Cancelled,

    /// <summary>Another socket error; see <see cref="SipSendResult.SocketError"/>.</summary>
    Failed,
}
