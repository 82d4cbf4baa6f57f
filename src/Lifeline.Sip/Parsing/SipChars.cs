namespace Lifeline.Sip.Parsing;

/// <summary>Character classes of the RFC 3261 grammar, as 256-entry lookup tables.</summary>
internal static class SipChars
{
    private const byte Token = 1;
    private const byte Word = 2;
    private const byte Unreserved = 4;
    private const byte UserChar = 8;
    private const byte PasswordChar = 16;
    private const byte ParamChar = 32;
    private const byte HeaderChar = 64;
    private const byte HostChar = 128;

    private static readonly byte[] Table = Build();

    // Header names are checked on every line of every message: a vectorized search over the token set.
    private static readonly System.Buffers.SearchValues<byte> TokenBytes = System.Buffers.SearchValues.Create(TokenSet());

    private static byte[] TokenSet()
    {
        var bytes = new List<byte>();
        for (var b = 0; b < 256; b++)
        {
            if ((Table[b] & Token) != 0)
            {
                bytes.Add((byte)b);
            }
        }

        return [.. bytes];
    }

    private static byte[] Build()
    {
        var t = new byte[256];
        for (var c = 'a'; c <= 'z'; c++)
        {
            Set(t, c, Token | Word | Unreserved | UserChar | PasswordChar | ParamChar | HeaderChar | HostChar);
            Set(t, char.ToUpperInvariant(c), Token | Word | Unreserved | UserChar | PasswordChar | ParamChar | HeaderChar | HostChar);
        }

        for (var c = '0'; c <= '9'; c++)
        {
            Set(t, c, Token | Word | Unreserved | UserChar | PasswordChar | ParamChar | HeaderChar | HostChar);
        }

        // token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
        foreach (var c in "-.!%*_+`'~")
        {
            Set(t, c, Token | Word);
        }

        // word adds ( ) < > : \ DQUOTE / [ ] ? { }
        foreach (var c in "()<>:\\\"/[]?{}")
        {
            Set(t, c, Word);
        }

        // unreserved = alphanum / mark; mark = - _ . ! ~ * ' ( )
        foreach (var c in "-_.!~*'()")
        {
            Set(t, c, Unreserved | UserChar | PasswordChar | ParamChar | HeaderChar);
        }

        // user-unreserved = & = + $ , ; ? /
        foreach (var c in "&=+$,;?/")
        {
            Set(t, c, UserChar);
        }

        // password = *( unreserved / escaped / & = + $ , )
        foreach (var c in "&=+$,")
        {
            Set(t, c, PasswordChar);
        }

        // param-unreserved = [ ] / : & + $
        foreach (var c in "[]/:&+$")
        {
            Set(t, c, ParamChar);
        }

        // hnv-unreserved = [ ] / ? : + $
        foreach (var c in "[]/?:+$")
        {
            Set(t, c, HeaderChar);
        }

        foreach (var c in "-._")
        {
            Set(t, c, HostChar);
        }

        // escaped (%HH) is allowed where unreserved is; the URI parser checks the two hex digits.
        Set(t, '%', UserChar | PasswordChar | ParamChar | HeaderChar);
        return t;
    }

    private static void Set(byte[] table, char c, int flags) => table[c] |= (byte)flags;

    public static bool IsToken(byte b) => (Table[b] & Token) != 0;

    public static bool IsWord(byte b) => (Table[b] & Word) != 0;

    public static bool IsUnreserved(byte b) => (Table[b] & Unreserved) != 0;

    public static bool IsUserChar(byte b) => (Table[b] & UserChar) != 0;

    public static bool IsPasswordChar(byte b) => (Table[b] & PasswordChar) != 0;

    public static bool IsParamChar(byte b) => (Table[b] & ParamChar) != 0;

    public static bool IsHeaderChar(byte b) => (Table[b] & HeaderChar) != 0;

    public static bool IsHostChar(byte b) => (Table[b] & HostChar) != 0;

    public static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    public static bool IsAlpha(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';

    public static bool IsHexDigit(byte b) => IsDigit(b) || (uint)((b | 0x20) - 'a') <= 'f' - 'a';

    public static int HexValue(byte b) => IsDigit(b) ? b - '0' : (b | 0x20) - 'a' + 10;

    /// <summary>SP or HTAB.</summary>
    public static bool IsWsp(byte b) => b == (byte)' ' || b == (byte)'\t';

    /// <summary>Any byte of linear white space, including the CR LF of a folded line.</summary>
    public static bool IsLws(byte b) => b == (byte)' ' || b == (byte)'\t' || b == (byte)'\r' || b == (byte)'\n';

    public static bool IsAllToken(ReadOnlySpan<byte> span) => !span.IsEmpty && span.IndexOfAnyExcept(TokenBytes) < 0;

    public static bool IsAllDigits(ReadOnlySpan<byte> span)
    {
        if (span.IsEmpty)
        {
            return false;
        }

        foreach (var b in span)
        {
            if (!IsDigit(b))
            {
                return false;
            }
        }

        return true;
    }

    public static ReadOnlySpan<byte> TrimLws(ReadOnlySpan<byte> span)
    {
        var start = 0;
        while (start < span.Length && IsLws(span[start]))
        {
            start++;
        }

        var end = span.Length;
        while (end > start && IsLws(span[end - 1]))
        {
            end--;
        }

        return span[start..end];
    }

    /// <summary>Trims LWS from both ends of a range of <paramref name="source"/>.</summary>
    public static (int Start, int Length) TrimLws(ReadOnlySpan<byte> source, int start, int length)
    {
        var end = start + length;
        while (start < end && IsLws(source[start]))
        {
            start++;
        }

        while (end > start && IsLws(source[end - 1]))
        {
            end--;
        }

        return (start, end - start);
    }

    /// <summary>
    /// Parses an unsigned decimal number with any number of leading zeros. Returns false on an
    /// empty span, a non-digit, or a value above <paramref name="max"/>.
    /// </summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> span, ulong max, out ulong value)
    {
        value = 0;
        if (span.IsEmpty)
        {
            return false;
        }

        foreach (var b in span)
        {
            var d = (uint)(b - '0');
            if (d > 9)
            {
                value = 0;
                return false;
            }

            // Overflow-safe: stop as soon as the running value would pass max.
            if (d > max || value > (max - d) / 10)
            {
                value = 0;
                return false;
            }

            value = (value * 10) + d;
        }

        return true;
    }
}
