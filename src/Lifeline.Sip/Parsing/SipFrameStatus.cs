namespace Lifeline.Sip.Parsing;

/// <summary>What <see cref="SipParser.Frame"/> found at the start of a stream buffer.</summary>
public enum SipFrameStatus : byte
{
    /// <summary>The bytes so far are the start of a message (or keepalive); read more.</summary>
    NeedMoreData = 0,

    /// <summary>A complete message of <see cref="SipFrameResult.Length"/> bytes.</summary>
    Message,

    /// <summary>A double CRLF keepalive ping (RFC 5626 §3.5.1); answer with a single CRLF.</summary>
    KeepAlivePing,

    /// <summary>A single CRLF keepalive pong.</summary>
    KeepAlivePong,

    /// <summary>The stream cannot be framed; close the connection.</summary>
    Error,
}
