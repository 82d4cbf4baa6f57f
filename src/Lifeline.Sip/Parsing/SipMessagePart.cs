namespace Lifeline.Sip.Parsing;

/// <summary>The part of a message an error was found in.</summary>
public enum SipMessagePart : byte
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The message as a whole (empty, too large, no end of headers).</summary>
    Message,

    /// <summary>The request line or status line.</summary>
    StartLine,

    /// <summary>The name of a header line (or a line that has no colon).</summary>
    HeaderName,

    /// <summary>The value of a header line; <see cref="SipParseError.Header"/> says which header.</summary>
    HeaderValue,

    /// <summary>The Content-Length header, which frames the body.</summary>
    ContentLength,

    /// <summary>The body.</summary>
    Body,
}
