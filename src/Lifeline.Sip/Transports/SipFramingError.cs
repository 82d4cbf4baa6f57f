namespace Lifeline.Sip.Transports;

/// <summary>Why a byte stream is not SIP framing.</summary>
internal enum SipFramingError
{
    None,

    /// <summary>The first line is not a SIP request line or status line (binary garbage, HTTP, TLS ...).</summary>
    InvalidStartLine,

    /// <summary>A CR not followed by LF, or a bare LF, between messages.</summary>
    InvalidKeepAlive,

    /// <summary>No end of the header block within the maximum message size.</summary>
    HeaderTooLarge,

    /// <summary>No Content-Length header: on a stream it is mandatory (RFC 3261 section 20.14).</summary>
    MissingContentLength,

    /// <summary>A Content-Length that is not a number.</summary>
    InvalidContentLength,

    /// <summary>Two Content-Length headers with different values.</summary>
    ConflictingContentLength,

    /// <summary>Header block plus body longer than the maximum message size.</summary>
    MessageTooLarge,
}
