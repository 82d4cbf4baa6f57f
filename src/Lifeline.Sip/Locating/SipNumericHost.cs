using System.Net;
using System.Net.Sockets;

namespace Lifeline.Sip.Locating;

/// <summary>
/// Tells a numeric host from a domain name the way a SIP URI does (RFC 3261 section 25.1): an IPv4
/// address is exactly four dotted decimal numbers, an IPv6 address has colons (and brackets in a URI).
/// <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> alone is too lenient: it reads "10" or
/// "1.2" as IPv4 addresses.
/// </summary>
internal static class SipNumericHost
{
    /// <summary>False when the host is not numeric; <paramref name="malformed"/> then says whether it is not a name either.</summary>
    public static bool TryParse(string host, out IPAddress address, out bool malformed)
    {
        address = IPAddress.None;
        malformed = false;
        var text = host.AsSpan();
        var bracketed = text.Length >= 2 && text[0] == '[' && text[^1] == ']';
        if (bracketed || text.Contains(':'))
        {
            var inner = bracketed ? text[1..^1] : text;
            if (IPAddress.TryParse(inner, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6)
            {
                address = v6;
                return true;
            }

            malformed = true;
            return false;
        }

        if (!IsDottedQuad(text) || !IPAddress.TryParse(text, out var v4))
        {
            return false;
        }

        address = v4;
        return true;
    }

    private static bool IsDottedQuad(ReadOnlySpan<char> text)
    {
        var parts = 0;
        var digits = 0;
        var value = 0;
        foreach (var c in text)
        {
            if (c == '.')
            {
                if (digits == 0)
                {
                    return false;
                }

                parts++;
                digits = 0;
                value = 0;
                continue;
            }

            if (c is < '0' or > '9' || ++digits > 3)
            {
                return false;
            }

            value = (value * 10) + (c - '0');
            if (value > 255)
            {
                return false;
            }
        }

        return digits > 0 && parts == 3;
    }
}
