namespace Lifeline.Sip.Parsing;

/// <summary>Why a message was rejected. <see cref="SipParseError.Description"/> gives the text.</summary>
public enum SipErrorCode : byte
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>No bytes, or only CR LF keepalives.</summary>
    Empty,

    /// <summary>The message is larger than <see cref="SipParserOptions.MaxMessageSize"/>.</summary>
    MessageTooLarge,

    /// <summary>More header lines than <see cref="SipParserOptions.MaxHeaderCount"/>.</summary>
    TooManyHeaders,

    /// <summary>The header section never ends with an empty line.</summary>
    IncompleteHeaders,

    /// <summary>A CR not followed by LF, or a control character where a line must end.</summary>
    InvalidLineEnding,

    /// <summary>The start line is neither a request line nor a status line.</summary>
    InvalidStartLine,

    /// <summary>The request method is not a token.</summary>
    InvalidMethod,

    /// <summary>The Request-URI is missing or malformed.</summary>
    InvalidRequestUri,

    /// <summary>The SIP-Version is not of the form <c>SIP/digits.digits</c>.</summary>
    InvalidVersion,

    /// <summary>A SIP version other than 2.0 (answer 505).</summary>
    UnsupportedVersion,

    /// <summary>The status code is not three digits.</summary>
    InvalidStatusCode,

    /// <summary>The reason phrase has control characters.</summary>
    InvalidReasonPhrase,

    /// <summary>A header name is empty or not a token.</summary>
    InvalidHeaderName,

    /// <summary>A header line has no colon.</summary>
    MissingColon,

    /// <summary>A header line starts with white space where no header precedes it.</summary>
    UnexpectedContinuation,

    /// <summary>A header value does not follow its grammar.</summary>
    InvalidHeaderValue,

    /// <summary>A number in a header value is outside its legal range.</summary>
    ValueOutOfRange,

    /// <summary>A header that may appear once appears more than once.</summary>
    DuplicateHeader,

    /// <summary>A header every message (or request) must have is missing.</summary>
    MissingHeader,

    /// <summary>The CSeq method differs from the request method.</summary>
    CSeqMethodMismatch,

    /// <summary>Content-Length is not a non-negative decimal number.</summary>
    InvalidContentLength,

    /// <summary>Two Content-Length headers disagree.</summary>
    ConflictingContentLength,

    /// <summary>A message on a stream transport has no Content-Length.</summary>
    MissingContentLength,

    /// <summary>Content-Length is larger than the bytes that arrived (or than the maximum size).</summary>
    BodyTruncated,
}
