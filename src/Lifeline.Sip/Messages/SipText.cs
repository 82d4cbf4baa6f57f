using System.Text;

namespace Lifeline.Sip.Messages;

/// <summary>
/// A slice of a SIP message's bytes (a token, a parameter value, a URI as written). It does not
/// copy: reading <see cref="Span"/> is free, <see cref="ToString"/> decodes (UTF-8) and allocates.
/// The slice is only valid while the buffer it points into is.
/// </summary>
public readonly struct SipText : IEquatable<SipText>
{
    /// <summary>Wraps a range of bytes.</summary>
    public SipText(ReadOnlyMemory<byte> memory) => Memory = memory;

    /// <summary>Wraps a string (encoded as UTF-8; allocates).</summary>
    public SipText(string text) => Memory = Encoding.UTF8.GetBytes(text);

    /// <summary>An empty text.</summary>
    public static SipText Empty => default;

    /// <summary>The bytes as memory.</summary>
    public ReadOnlyMemory<byte> Memory { get; }

    /// <summary>The bytes.</summary>
    public ReadOnlySpan<byte> Span => Memory.Span;

    /// <summary>Number of bytes.</summary>
    public int Length => Memory.Length;

    /// <summary>True when there are no bytes.</summary>
    public bool IsEmpty => Memory.IsEmpty;

    /// <summary>Byte-for-byte comparison (case-sensitive).</summary>
    public bool Equals(ReadOnlySpan<byte> other) => Span.SequenceEqual(other);

    /// <summary>Byte-for-byte comparison against an ASCII/UTF-8 string (case-sensitive).</summary>
    public bool Equals(string? other)
    {
        if (other is null)
        {
            return false;
        }

        if (Ascii.IsValid(other))
        {
            return other.Length == Length && Ascii.Equals(Span, other);
        }

        return ToString() == other;
    }

    /// <summary>ASCII case-insensitive comparison.</summary>
    public bool EqualsIgnoreCase(ReadOnlySpan<byte> other) => Ascii.EqualsIgnoreCase(Span, other);

    /// <summary>ASCII case-insensitive comparison against a string.</summary>
    public bool EqualsIgnoreCase(string other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.Length == Length && Ascii.IsValid(other) && Ascii.EqualsIgnoreCase(Span, other);
    }

    /// <inheritdoc />
    public bool Equals(SipText other) => Span.SequenceEqual(other.Span);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SipText other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    /// <summary>The bytes decoded as UTF-8 (invalid sequences become U+FFFD).</summary>
    public override string ToString() => Memory.IsEmpty ? string.Empty : Encoding.UTF8.GetString(Span);

    public static bool operator ==(SipText left, SipText right) => left.Equals(right);

    public static bool operator !=(SipText left, SipText right) => !left.Equals(right);
}
