using Lifeline.Sip.Parsing;

namespace Lifeline.Sip.Messages;

/// <summary>A CSeq value: sequence number and method (RFC 3261 §20.16).</summary>
public readonly struct SipCSeq
{
    /// <summary>Creates a value.</summary>
    public SipCSeq(uint sequence, SipMethod method)
    {
        Sequence = sequence;
        Method = method;
    }

    /// <summary>The sequence number (at most 2³²−1).</summary>
    public uint Sequence { get; }

    /// <summary>The method.</summary>
    public SipMethod Method { get; }

    /// <summary>Parses <c>1*DIGIT LWS Method</c>; leading zeros are allowed, values above 2³²−1 are not.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> value, out SipCSeq cseq)
    {
        cseq = default;
        var reader = new SipValueReader(value.Span);
        reader.SkipLws();
        var digits = reader.ReadDigits(out var start);
        if (digits == 0 || !SipChars.TryParseDecimal(value.Span.Slice(start, digits), uint.MaxValue, out var sequence))
        {
            return false;
        }

        if (reader.SkipLws() == 0)
        {
            return false;
        }

        var methodLength = reader.ReadToken(out var methodStart);
        reader.SkipLws();
        if (methodLength == 0 || !reader.AtEnd)
        {
            return false;
        }

        cseq = new SipCSeq((uint)sequence, SipMethod.FromBytes(value.Slice(methodStart, methodLength)));
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Sequence} {Method}";
}
