using Lifeline.Sip.Messages;

namespace Lifeline.Sip.Parsing;

/// <summary>
/// Why a message was rejected: which part (<see cref="Part"/>, and for header values which
/// <see cref="Header"/>), what is wrong (<see cref="Code"/>, <see cref="Description"/>), and where
/// (<see cref="Offset"/>, in bytes from the start of the buffer).
/// </summary>
public readonly struct SipParseError : IEquatable<SipParseError>
{
    /// <summary>Creates an error value.</summary>
    public SipParseError(SipErrorCode code, SipMessagePart part, int offset, SipHeaderId header = SipHeaderId.Unknown)
    {
        Code = code;
        Part = part;
        Offset = offset;
        Header = header;
    }

    /// <summary>What is wrong.</summary>
    public SipErrorCode Code { get; }

    /// <summary>Which part of the message is wrong.</summary>
    public SipMessagePart Part { get; }

    /// <summary>For <see cref="SipMessagePart.HeaderValue"/> errors: which header (Unknown for extension headers).</summary>
    public SipHeaderId Header { get; }

    /// <summary>Byte offset of the offending part in the buffer that was parsed.</summary>
    public int Offset { get; }

    /// <summary>True when this value describes an error.</summary>
    public bool IsError => Code != SipErrorCode.None;

    /// <summary>A short English description of <see cref="Code"/>.</summary>
    public string Description => Describe(Code);

    /// <summary>
    /// The status code a server should answer a request with when it rejects it for this
    /// reason: 505 for a SIP version other than 2.0, 400 for anything else.
    /// </summary>
    public int SuggestedStatusCode => Code == SipErrorCode.UnsupportedVersion ? 505 : 400;

    /// <summary>Text for a code.</summary>
    public static string Describe(SipErrorCode code) => code switch
    {
        SipErrorCode.None => "no error",
        SipErrorCode.Empty => "empty message",
        SipErrorCode.MessageTooLarge => "message larger than the maximum message size",
        SipErrorCode.TooManyHeaders => "more header lines than the maximum header count",
        SipErrorCode.IncompleteHeaders => "header section not terminated by an empty line",
        SipErrorCode.InvalidLineEnding => "bare CR or control character at a line end",
        SipErrorCode.InvalidStartLine => "malformed start line",
        SipErrorCode.InvalidMethod => "method is not a token",
        SipErrorCode.InvalidRequestUri => "malformed Request-URI",
        SipErrorCode.InvalidVersion => "malformed SIP-Version",
        SipErrorCode.UnsupportedVersion => "SIP version other than SIP/2.0",
        SipErrorCode.InvalidStatusCode => "status code is not three digits",
        SipErrorCode.InvalidReasonPhrase => "control character in reason phrase",
        SipErrorCode.InvalidHeaderName => "header name is not a token",
        SipErrorCode.MissingColon => "header line without a colon",
        SipErrorCode.UnexpectedContinuation => "continuation line without a header",
        SipErrorCode.InvalidHeaderValue => "header value does not follow its grammar",
        SipErrorCode.ValueOutOfRange => "number outside its legal range",
        SipErrorCode.DuplicateHeader => "single-valued header appears more than once",
        SipErrorCode.MissingHeader => "mandatory header missing",
        SipErrorCode.CSeqMethodMismatch => "CSeq method differs from the request method",
        SipErrorCode.InvalidContentLength => "Content-Length is not a non-negative number",
        SipErrorCode.ConflictingContentLength => "Content-Length headers disagree",
        SipErrorCode.MissingContentLength => "no Content-Length on a stream transport",
        SipErrorCode.BodyTruncated => "Content-Length larger than the data available",
        _ => "unknown error",
    };

    /// <inheritdoc />
    public bool Equals(SipParseError other) => Code == other.Code && Part == other.Part && Header == other.Header && Offset == other.Offset;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SipParseError other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Code, Part, Header, Offset);

    /// <inheritdoc />
    public override string ToString()
    {
        if (!IsError)
        {
            return "no error";
        }

        var where = Part == SipMessagePart.HeaderValue && Header != SipHeaderId.Unknown
            ? $"header value of {SipHeaderNames.GetName(Header)}"
            : Part.ToString();
        return $"{where} at offset {Offset}: {Description}";
    }

    public static bool operator ==(SipParseError left, SipParseError right) => left.Equals(right);

    public static bool operator !=(SipParseError left, SipParseError right) => !left.Equals(right);
}
