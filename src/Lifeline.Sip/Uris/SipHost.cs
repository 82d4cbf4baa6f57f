using System.Net;
using Lifeline.Sip.Parsing;

namespace Lifeline.Sip.Uris;

/// <summary>Reads and checks the host part of URIs and Via sent-by (RFC 3261 §25.1, RFC 5118).</summary>
internal static class SipHost
{
    /// <summary>
    /// Reads a host at <paramref name="position"/>: an IPv6 reference in brackets, an IPv4
    /// address, or a domain name. The range includes the brackets of an IPv6 reference.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> span, ref int position, out int start, out int length, out SipHostKind kind)
    {
        start = position;
        length = 0;
        kind = SipHostKind.None;
        if (position >= span.Length)
        {
            return false;
        }

        if (span[position] == (byte)'[')
        {
            var close = span[position..].IndexOf((byte)']');
            if (close < 0)
            {
                return false;
            }

            if (!IsIPv6(span.Slice(position + 1, close - 1)))
            {
                return false;
            }

            length = close + 1;
            position += length;
            kind = SipHostKind.IPv6;
            return true;
        }

        var i = position;
        while (i < span.Length && SipChars.IsHostChar(span[i]))
        {
            i++;
        }

        length = i - position;
        if (length == 0 || !TryClassify(span.Slice(position, length), out kind))
        {
            return false;
        }

        position = i;
        return true;
    }

    /// <summary>Classifies a host without brackets handling: IPv4 or domain name.</summary>
    public static bool TryClassify(ReadOnlySpan<byte> host, out SipHostKind kind)
    {
        kind = SipHostKind.None;
        if (host.IsEmpty)
        {
            return false;
        }

        if (host[0] == (byte)'[')
        {
            if (host.Length < 3 || host[^1] != (byte)']' || !IsIPv6(host[1..^1]))
            {
                return false;
            }

            kind = SipHostKind.IPv6;
            return true;
        }

        var digitsAndDots = true;
        foreach (var b in host)
        {
            if (!SipChars.IsDigit(b) && b != (byte)'.')
            {
                digitsAndDots = false;
                break;
            }
        }

        if (digitsAndDots)
        {
            if (!IsIPv4(host))
            {
                return false;
            }

            kind = SipHostKind.IPv4;
            return true;
        }

        if (!IsHostName(host))
        {
            return false;
        }

        kind = SipHostKind.Name;
        return true;
    }

    /// <summary>IPv4address = 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT, each at most 255.</summary>
    public static bool IsIPv4(ReadOnlySpan<byte> host)
    {
        var parts = 0;
        var i = 0;
        while (true)
        {
            var digits = 0;
            var value = 0;
            while (i < host.Length && SipChars.IsDigit(host[i]))
            {
                value = (value * 10) + (host[i] - '0');
                digits++;
                i++;
                if (digits > 3)
                {
                    return false;
                }
            }

            if (digits == 0 || value > 255)
            {
                return false;
            }

            parts++;
            if (i == host.Length)
            {
                return parts == 4;
            }

            if (host[i] != (byte)'.' || parts == 4)
            {
                return false;
            }

            i++;
        }
    }

    /// <summary>
    /// A domain name: labels of letters, digits, '-' and '_' separated by dots, an optional
    /// trailing dot, no empty label, no label starting or ending with '-'.
    /// </summary>
    public static bool IsHostName(ReadOnlySpan<byte> host)
    {
        if (host.IsEmpty || host.Length > 255)
        {
            return false;
        }

        var labelStart = 0;
        for (var i = 0; i <= host.Length; i++)
        {
            if (i == host.Length || host[i] == (byte)'.')
            {
                var label = host[labelStart..i];
                if (label.IsEmpty)
                {
                    // Only a trailing dot may leave an empty label.
                    return i == host.Length && labelStart > 0;
                }

                if (label[0] == (byte)'-' || label[^1] == (byte)'-')
                {
                    return false;
                }

                labelStart = i + 1;
                continue;
            }

            var b = host[i];
            if (!SipChars.IsAlpha(b) && !SipChars.IsDigit(b) && b != (byte)'-' && b != (byte)'_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// An IPv6 address (without brackets). Per RFC 5118 §4.10 a run of three colons before an
    /// embedded IPv4 address, which RFC 3261's ABNF wrongly allows, is tolerated as two.
    /// </summary>
    public static bool IsIPv6(ReadOnlySpan<byte> address)
    {
        if (address.Length < 2 || address.Length > 64)
        {
            return false;
        }

        Span<char> chars = stackalloc char[64];
        var count = 0;
        for (var i = 0; i < address.Length; i++)
        {
            var b = address[i];
            if (!SipChars.IsHexDigit(b) && b != (byte)':' && b != (byte)'.')
            {
                return false;
            }

            if (b == (byte)':' && count >= 2 && chars[count - 1] == ':' && chars[count - 2] == ':')
            {
                continue;
            }

            chars[count++] = (char)b;
        }

        return IPAddress.TryParse(chars[..count], out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
    }

    /// <summary>Parses a port: digits (leading zeros allowed, at most 10 of them), a value of at most 65535.</summary>
    public static bool TryParsePort(ReadOnlySpan<byte> digits, out int port)
    {
        port = 0;
        if (digits.IsEmpty || digits.Length > 10 || !SipChars.TryParseDecimal(digits, 65535, out var value))
        {
            return false;
        }

        port = (int)value;
        return true;
    }
}
