namespace Lifeline.Sip.Transports;

/// <summary>What <see cref="SipStreamFramer"/> found at the start of the buffered bytes.</summary>
internal enum SipFrameKind
{
    /// <summary>Not enough bytes yet to decide.</summary>
    NeedMore,

    /// <summary>A whole message of <see cref="SipFrame.Length"/> bytes.</summary>
    Message,

    /// <summary>An RFC 5626 ping: CRLFCRLF between messages (4 bytes), to be answered with a pong.</summary>
    Ping,

    /// <summary>A single CRLF between messages (2 bytes): an RFC 5626 pong, or a stray CRLF RFC 3261 section 7.5 says to ignore.</summary>
    Pong,

    /// <summary>Not SIP framing; <see cref="SipFrame.Error"/> says why. The stream cannot be resynchronised.</summary>
    Error,
}
