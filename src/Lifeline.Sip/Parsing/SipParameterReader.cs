namespace Lifeline.Sip.Parsing;

/// <summary>Reads <c>*( SEMI name [ EQUAL value ] )</c> parameter lists.</summary>
internal static class SipParameterReader
{
    public static SipParameterStep Next(
        ReadOnlySpan<byte> span,
        ref int position,
        out int nameStart,
        out int nameLength,
        out int valueStart,
        out int valueLength,
        out bool hasValue)
    {
        nameStart = nameLength = valueStart = valueLength = 0;
        hasValue = false;
        var reader = new SipValueReader(span) { Position = position };
        reader.SkipLws();
        if (reader.AtEnd)
        {
            position = reader.Position;
            return SipParameterStep.End;
        }

        if (!reader.TryConsume((byte)';'))
        {
            return SipParameterStep.Malformed;
        }

        reader.SkipLws();
        nameLength = reader.ReadToken(out nameStart);
        if (nameLength == 0)
        {
            return SipParameterStep.Malformed;
        }

        if (reader.TrySeparator((byte)'='))
        {
            hasValue = true;
            if (!reader.ReadParameterValue(out valueStart, out valueLength))
            {
                return SipParameterStep.Malformed;
            }
        }

        position = reader.Position;
        return SipParameterStep.Parameter;
    }

    /// <summary>True when the whole span is a well-formed parameter list.</summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> span)
    {
        var position = 0;
        while (true)
        {
            switch (Next(span, ref position, out _, out _, out _, out _, out _))
            {
                case SipParameterStep.End:
                    return true;
                case SipParameterStep.Malformed:
                    return false;
            }
        }
    }

    /// <summary>Finds a parameter by name (case-insensitive). The value range is empty when it has none.</summary>
    public static bool TryFind(ReadOnlySpan<byte> span, ReadOnlySpan<byte> name, out int valueStart, out int valueLength, out bool hasValue)
    {
        var position = 0;
        while (Next(span, ref position, out var ns, out var nl, out valueStart, out valueLength, out hasValue) == SipParameterStep.Parameter)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(span.Slice(ns, nl), name))
            {
                return true;
            }
        }

        valueStart = valueLength = 0;
        hasValue = false;
        return false;
    }
}
