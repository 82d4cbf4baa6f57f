namespace Lifeline.Sip.Dns;

/// <summary>Checks and encodes the domain names this client asks about.</summary>
internal static class DnsName
{
    public const int MaxWireLength = 255;
    public const int MaxLabelLength = 63;

    /// <summary>Compares names the DNS way: ASCII letters case-insensitively (RFC 4343).</summary>
    public static bool AreEqual(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Accepts a host name in presentation form (one trailing dot allowed) and returns it without the dot.
    /// Only printable ASCII is accepted: internationalised names must arrive already in punycode, and
    /// backslash escapes are not supported, so a name can never smuggle a dot inside a label.
    /// </summary>
    public static bool TryNormalize(string? name, out string normalized)
    {
        normalized = string.Empty;
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        var text = name.EndsWith('.') ? name[..^1] : name;
        if (text.Length == 0 || text.Length > MaxWireLength - 2)
        {
            return false;
        }

        var labelLength = 0;
        foreach (var c in text)
        {
            if (c == '.')
            {
                if (labelLength == 0)
                {
                    return false;
                }

                labelLength = 0;
                continue;
            }

            if (c <= ' ' || c > '~' || c == '\\')
            {
                return false;
            }

            if (++labelLength > MaxLabelLength)
            {
                return false;
            }
        }

        if (labelLength == 0)
        {
            return false;
        }

        normalized = text;
        return true;
    }

    /// <summary>Writes a normalized name as uncompressed labels. Returns false when it does not fit.</summary>
    public static bool TryEncode(string normalized, Span<byte> destination, out int written)
    {
        written = 0;
        var needed = normalized.Length + 2;
        if (needed > MaxWireLength || destination.Length < needed)
        {
            return false;
        }

        var lengthAt = 0;
        var pos = 1;
        foreach (var c in normalized)
        {
            if (c == '.')
            {
                destination[lengthAt] = (byte)(pos - lengthAt - 1);
                lengthAt = pos++;
                continue;
            }

            destination[pos++] = (byte)c;
        }

        destination[lengthAt] = (byte)(pos - lengthAt - 1);
        destination[pos++] = 0;
        written = pos;
        return true;
    }
}
