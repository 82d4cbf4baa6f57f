namespace Lifeline.Sip.Transports;

/// <summary>Why a connection was closed.</summary>
public enum SipConnectionCloseReason
{
    /// <summary>The peer closed its end.</summary>
    RemoteClosed,

    /// <summary>Nothing was sent or received for longer than the idle timeout.</summary>
    IdleTimeout,

    /// <summary>The peer sent bytes that are not SIP framing (bad start line, missing or bad Content-Length, header block too big).</summary>
    FramingError,

    /// <summary>More un-framed bytes were buffered than the per-connection cap allows.</summary>
    BufferOverflow,

    /// <summary>A socket error broke the connection.</summary>
    SocketError,

    /// <summary>A send was cancelled part-way, which would have left half a message on the stream.</summary>
    SendAborted,

    /// <summary>The transport was disposed.</summary>
    TransportStopped,
}
