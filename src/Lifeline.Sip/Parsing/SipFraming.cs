namespace Lifeline.Sip.Parsing;

/// <summary>How the message arrived, which decides how its body is framed (RFC 3261 §18.3).</summary>
public enum SipFraming : byte
{
    /// <summary>
    /// A datagram (UDP): without Content-Length the body is the rest of the datagram; with it,
    /// octets after the body are ignored; a Content-Length larger than the datagram is an error.
    /// </summary>
    Datagram = 0,

    /// <summary>A stream (TCP, TLS): Content-Length is mandatory and frames the body.</summary>
    Stream,
}
