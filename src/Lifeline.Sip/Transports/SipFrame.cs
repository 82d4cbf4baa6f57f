namespace Lifeline.Sip.Transports;

/// <summary>One answer of <see cref="SipStreamFramer"/>.</summary>
internal readonly struct SipFrame : IEquatable<SipFrame>
{
    private SipFrame(SipFrameKind kind, int length, SipFramingError error)
    {
        Kind = kind;
        Length = length;
        Error = error;
    }

    public static SipFrame NeedMore => default;

    public static SipFrame Ping => new(SipFrameKind.Ping, 4, SipFramingError.None);

    public static SipFrame Pong => new(SipFrameKind.Pong, 2, SipFramingError.None);

    public SipFrameKind Kind { get; }

    /// <summary>Bytes to consume for Message, Ping and Pong; 0 otherwise.</summary>
    public int Length { get; }

    public SipFramingError Error { get; }

    public static SipFrame Message(int length) => new(SipFrameKind.Message, length, SipFramingError.None);

    public static SipFrame Fail(SipFramingError error) => new(SipFrameKind.Error, 0, error);

    public bool Equals(SipFrame other) => Kind == other.Kind && Length == other.Length && Error == other.Error;

    public override bool Equals(object? obj) => obj is SipFrame other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Kind, Length, Error);

    public override string ToString() => Kind switch
    {
        SipFrameKind.Message => $"Message({Length})",
        SipFrameKind.Error => $"Error({Error})",
        _ => Kind.ToString(),
    };
}
