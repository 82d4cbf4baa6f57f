using System.Text;
using Lifeline.Sip.Parsing;

namespace Lifeline.Sip.Messages;

/// <summary>
/// A request method. Method names are case-sensitive (RFC 3261 §7.1): <c>invite</c> is an
/// extension method, not <c>INVITE</c>, and <c>%</c> is not an escape (<c>IN%56ITE</c> is its own method).
/// </summary>
public readonly struct SipMethod : IEquatable<SipMethod>
{
    private static readonly byte[][] KnownNames =
    [
        [], [], "INVITE"u8.ToArray(), "ACK"u8.ToArray(), "BYE"u8.ToArray(), "CANCEL"u8.ToArray(),
        "OPTIONS"u8.ToArray(), "REGISTER"u8.ToArray(), "PRACK"u8.ToArray(), "SUBSCRIBE"u8.ToArray(),
        "NOTIFY"u8.ToArray(), "PUBLISH"u8.ToArray(), "INFO"u8.ToArray(), "REFER"u8.ToArray(),
        "MESSAGE"u8.ToArray(), "UPDATE"u8.ToArray(),
    ];

    private static readonly string[] KnownStrings =
    [
        string.Empty, string.Empty, "INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "PRACK",
        "SUBSCRIBE", "NOTIFY", "PUBLISH", "INFO", "REFER", "MESSAGE", "UPDATE",
    ];

    private readonly ReadOnlyMemory<byte> _name;

    private SipMethod(SipMethodKind kind, ReadOnlyMemory<byte> name)
    {
        Kind = kind;
        _name = name;
    }

    public static SipMethod Invite { get; } = Known(SipMethodKind.Invite);

    public static SipMethod Ack { get; } = Known(SipMethodKind.Ack);

    public static SipMethod Bye { get; } = Known(SipMethodKind.Bye);

    public static SipMethod Cancel { get; } = Known(SipMethodKind.Cancel);

    public static SipMethod Options { get; } = Known(SipMethodKind.Options);

    public static SipMethod Register { get; } = Known(SipMethodKind.Register);

    public static SipMethod Prack { get; } = Known(SipMethodKind.Prack);

    public static SipMethod Subscribe { get; } = Known(SipMethodKind.Subscribe);

    public static SipMethod Notify { get; } = Known(SipMethodKind.Notify);

    public static SipMethod Publish { get; } = Known(SipMethodKind.Publish);

    public static SipMethod Info { get; } = Known(SipMethodKind.Info);

    public static SipMethod Refer { get; } = Known(SipMethodKind.Refer);

    public static SipMethod Message { get; } = Known(SipMethodKind.Message);

    public static SipMethod Update { get; } = Known(SipMethodKind.Update);

    /// <summary>Which method this is; <see cref="SipMethodKind.Extension"/> for unknown tokens.</summary>
    public SipMethodKind Kind { get; }

    /// <summary>The method name as bytes, exactly as written.</summary>
    public ReadOnlySpan<byte> Name => _name.Span;

    /// <summary>True when no method is set (the default value).</summary>
    public bool IsNone => Kind == SipMethodKind.None;

    private static SipMethod Known(SipMethodKind kind) => new(kind, KnownNames[(int)kind]);

    /// <summary>Classifies a method token without copying it.</summary>
    public static SipMethod FromBytes(ReadOnlyMemory<byte> name)
    {
        var kind = Classify(name.Span);
        return kind == SipMethodKind.Extension ? new SipMethod(kind, name) : Known(kind);
    }

    /// <summary>
    /// Creates a method from a name. Returns false when the name is not a non-empty token.
    /// </summary>
    public static bool TryCreate(string name, out SipMethod method)
    {
        ArgumentNullException.ThrowIfNull(name);
        var bytes = Encoding.UTF8.GetBytes(name);
        if (!SipChars.IsAllToken(bytes))
        {
            method = default;
            return false;
        }

        method = FromBytes(bytes);
        return true;
    }

    /// <summary>Identifies a method token (case-sensitive).</summary>
    public static SipMethodKind Classify(ReadOnlySpan<byte> name)
    {
        switch (name.Length)
        {
            case 3:
                if (name.SequenceEqual("ACK"u8))
                {
                    return SipMethodKind.Ack;
                }

                if (name.SequenceEqual("BYE"u8))
                {
                    return SipMethodKind.Bye;
                }

                break;
            case 4:
                if (name.SequenceEqual("INFO"u8))
                {
                    return SipMethodKind.Info;
                }

                break;
            case 5:
                if (name.SequenceEqual("PRACK"u8))
                {
                    return SipMethodKind.Prack;
                }

                if (name.SequenceEqual("REFER"u8))
                {
                    return SipMethodKind.Refer;
                }

                break;
            case 6:
                if (name.SequenceEqual("INVITE"u8))
                {
                    return SipMethodKind.Invite;
                }

                if (name.SequenceEqual("CANCEL"u8))
                {
                    return SipMethodKind.Cancel;
                }

                if (name.SequenceEqual("NOTIFY"u8))
                {
                    return SipMethodKind.Notify;
                }

                if (name.SequenceEqual("UPDATE"u8))
                {
                    return SipMethodKind.Update;
                }

                break;
            case 7:
                if (name.SequenceEqual("OPTIONS"u8))
                {
                    return SipMethodKind.Options;
                }

                if (name.SequenceEqual("PUBLISH"u8))
                {
                    return SipMethodKind.Publish;
                }

                if (name.SequenceEqual("MESSAGE"u8))
                {
                    return SipMethodKind.Message;
                }

                break;
            case 8:
                if (name.SequenceEqual("REGISTER"u8))
                {
                    return SipMethodKind.Register;
                }

                break;
            case 9:
                if (name.SequenceEqual("SUBSCRIBE"u8))
                {
                    return SipMethodKind.Subscribe;
                }

                break;
        }

        return name.IsEmpty ? SipMethodKind.None : SipMethodKind.Extension;
    }

    /// <summary>Method names compare case-sensitively, byte for byte.</summary>
    public bool Equals(SipMethod other) => Kind == other.Kind && (Kind != SipMethodKind.Extension || Name.SequenceEqual(other.Name));

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SipMethod other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(Name);
        return hash.ToHashCode();
    }

    /// <summary>The method name (cached for known methods).</summary>
    public override string ToString() => Kind == SipMethodKind.Extension ? Encoding.UTF8.GetString(Name) : KnownStrings[(int)Kind];

    public static bool operator ==(SipMethod left, SipMethod right) => left.Equals(right);

    public static bool operator !=(SipMethod left, SipMethod right) => !left.Equals(right);
}
