namespace Lifeline.Sip.Parsing;

/// <summary>
/// The framing decision for the start of a stream buffer: read more, a message (or keepalive)
/// of <see cref="Length"/> bytes to consume, or an error after which the stream is unusable.
/// </summary>
public readonly struct SipFrameResult
{
    internal SipFrameResult(SipFrameStatus status, int length, SipParseError error = default)
    {
        Status = status;
        Length = length;
        Error = error;
    }

    /// <summary>What was found.</summary>
    public SipFrameStatus Status { get; }

    /// <summary>
    /// For <see cref="SipFrameStatus.Message"/> and the keepalives: the number of bytes to consume.
    /// For <see cref="SipFrameStatus.NeedMoreData"/>: the total number of bytes needed, when the
    /// header section is complete and Content-Length is known; otherwise 0.
    /// </summary>
    public int Length { get; }

    /// <summary>For <see cref="SipFrameStatus.Error"/>: why.</summary>
    public SipParseError Error { get; }

    /// <inheritdoc />
    public override string ToString() => Status == SipFrameStatus.Error ? $"Error: {Error}" : $"{Status} ({Length} bytes)";
}
