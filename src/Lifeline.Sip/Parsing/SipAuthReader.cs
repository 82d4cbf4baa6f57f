namespace Lifeline.Sip.Parsing;

/// <summary>
/// Reads <c>scheme LWS auth-param *(COMMA auth-param)</c> (RFC 3261 §25.1 challenge and
/// credentials), where auth-param = name EQUAL ( token / quoted-string ).
/// </summary>
internal static class SipAuthReader
{
    /// <summary>Reads the scheme; <paramref name="parametersStart"/> is where the parameters begin.</summary>
    public static bool TryReadScheme(ReadOnlySpan<byte> span, out int schemeStart, out int schemeLength, out int parametersStart)
    {
        var reader = new SipValueReader(span);
        reader.SkipLws();
        schemeLength = reader.ReadToken(out schemeStart);
        parametersStart = reader.Position;
        if (schemeLength == 0)
        {
            return false;
        }

        // The scheme is separated from its parameters by LWS; a scheme alone is allowed.
        return reader.AtEnd || reader.SkipLws() > 0;
    }

    public static SipParameterStep Next(ReadOnlySpan<byte> span, ref int position, out int nameStart, out int nameLength, out int valueStart, out int valueLength)
    {
        nameStart = nameLength = valueStart = valueLength = 0;
        var reader = new SipValueReader(span) { Position = position };
        reader.SkipLws();
        if (reader.AtEnd)
        {
            position = reader.Position;
            return SipParameterStep.End;
        }

        if (position > 0 && reader.Peek() == (byte)',')
        {
            reader.Position++;
            reader.SkipLws();
        }

        nameLength = reader.ReadToken(out nameStart);
        if (nameLength == 0 || !reader.TrySeparator((byte)'='))
        {
            return SipParameterStep.Malformed;
        }

        if (reader.Peek() == (byte)'"')
        {
            if (!reader.ReadQuotedString(out valueStart, out valueLength))
            {
                return SipParameterStep.Malformed;
            }
        }
        else
        {
            valueStart = reader.Position;
            while (!reader.AtEnd && reader.Peek() is not ((byte)',' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'"'))
            {
                reader.Position++;
            }

            valueLength = reader.Position - valueStart;
            if (valueLength == 0)
            {
                return SipParameterStep.Malformed;
            }
        }

        reader.SkipLws();
        if (!reader.AtEnd && reader.Peek() != (byte)',')
        {
            return SipParameterStep.Malformed;
        }

        position = reader.Position;
        return SipParameterStep.Parameter;
    }

    public static bool TryFind(ReadOnlySpan<byte> span, ReadOnlySpan<byte> name, out int valueStart, out int valueLength)
    {
        var position = 0;
        while (Next(span, ref position, out var ns, out var nl, out valueStart, out valueLength) == SipParameterStep.Parameter)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(span.Slice(ns, nl), name))
            {
                return true;
            }
        }

        valueStart = valueLength = 0;
        return false;
    }

    public static bool IsWellFormed(ReadOnlySpan<byte> span)
    {
        var position = 0;
        while (true)
        {
            switch (Next(span, ref position, out _, out _, out _, out _))
            {
                case SipParameterStep.End:
                    return true;
                case SipParameterStep.Malformed:
                    return false;
            }
        }
    }
}
