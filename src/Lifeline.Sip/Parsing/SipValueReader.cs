namespace Lifeline.Sip.Parsing;

/// <summary>
/// A cursor over one header value for the typed parsers. White space skipping treats the
/// CR LF of folded lines as white space, since the indexer already checked every line break
/// inside a value is followed by SP or HT.
/// </summary>
internal ref struct SipValueReader
{
    private readonly ReadOnlySpan<byte> _span;

    public SipValueReader(ReadOnlySpan<byte> span)
    {
        _span = span;
        Position = 0;
    }

    public int Position { get; set; }

    public readonly bool AtEnd => Position >= _span.Length;

    public readonly int Length => _span.Length;

    public readonly byte Peek() => Position < _span.Length ? _span[Position] : (byte)0;

    public readonly ReadOnlySpan<byte> Rest => _span[Position..];

    /// <summary>Skips LWS; returns the number of bytes skipped.</summary>
    public int SkipLws()
    {
        var start = Position;
        while (Position < _span.Length && SipChars.IsLws(_span[Position]))
        {
            Position++;
        }

        return Position - start;
    }

    /// <summary>Skips LWS, then consumes <paramref name="c"/> and the LWS after it (SWS c SWS).</summary>
    public bool TrySeparator(byte c)
    {
        var save = Position;
        SkipLws();
        if (Position < _span.Length && _span[Position] == c)
        {
            Position++;
            SkipLws();
            return true;
        }

        Position = save;
        return false;
    }

    public bool TryConsume(byte c)
    {
        if (Position < _span.Length && _span[Position] == c)
        {
            Position++;
            return true;
        }

        return false;
    }

    /// <summary>Reads a run of token characters; returns its length (0 when none).</summary>
    public int ReadToken(out int start)
    {
        start = Position;
        while (Position < _span.Length && SipChars.IsToken(_span[Position]))
        {
            Position++;
        }

        return Position - start;
    }

    /// <summary>Reads a run of decimal digits.</summary>
    public int ReadDigits(out int start)
    {
        start = Position;
        while (Position < _span.Length && SipChars.IsDigit(_span[Position]))
        {
            Position++;
        }

        return Position - start;
    }

    /// <summary>
    /// Reads a quoted string starting at the current DQUOTE; the range includes both quotes.
    /// quoted-pair escapes any octet but CR and LF. Returns false when unterminated.
    /// </summary>
    public bool ReadQuotedString(out int start, out int length)
    {
        start = Position;
        length = 0;
        if (Peek() != (byte)'"')
        {
            return false;
        }

        var i = Position + 1;
        while (i < _span.Length)
        {
            var b = _span[i];
            if (b == (byte)'\\')
            {
                if (i + 1 >= _span.Length || _span[i + 1] is (byte)'\r' or (byte)'\n')
                {
                    return false;
                }

                i += 2;
                continue;
            }

            if (b == (byte)'"')
            {
                Position = i + 1;
                length = Position - start;
                return true;
            }

            i++;
        }

        return false;
    }

    /// <summary>
    /// Reads a parameter value: a quoted string, or a run of bytes up to the next separator
    /// (<c>; , ? &gt;</c> white space). Lenient on purpose (IPv6 addresses with colons, tokens
    /// with odd characters); validation checks each known parameter's grammar.
    /// </summary>
    public bool ReadParameterValue(out int start, out int length)
    {
        if (Peek() == (byte)'"')
        {
            return ReadQuotedString(out start, out length);
        }

        start = Position;
        while (Position < _span.Length)
        {
            var b = _span[Position];
            if (b <= 0x20 || b is (byte)';' or (byte)',' or (byte)'"' or (byte)'<' or (byte)'>' or 0x7F)
            {
                break;
            }

            Position++;
        }

        length = Position - start;
        return length > 0;
    }
}
