namespace Lifeline.Sip.Locating;

/// <summary>
/// What RFC 3263 needs from a SIP URI to find its servers: the host part (a domain, an IPv4 address or
/// an IPv6 address, bracketed or not), the port if the URI has one, the <c>transport</c> parameter if
/// it has one (see <see cref="TryParseTransport"/>), and whether it is a <c>sips:</c> URI. When the
/// URI has an <c>maddr</c> parameter, RFC 3263 section 4 makes that the host.
/// </summary>
/// <param name="Host">The URI's host (for example "carrier.example", "192.0.2.1", "[2001:db8::1]").</param>
/// <param name="Port">The URI's explicit port, or null.</param>
/// <param name="Transport">The URI's transport parameter, or null.</param>
/// <param name="Secure">True for a sips: URI (TLS only).</param>
public sealed record SipLocateRequest(string Host, int? Port = null, SipTransportKind? Transport = null, bool Secure = false)
{
    /// <summary>
    /// Reads a URI's <c>transport</c> parameter: null or empty gives null (none given); "udp", "tcp"
    /// and "tls" in any case give that transport; anything else ("sctp", "ws", …) returns false, as
    /// this locator cannot find servers for it.
    /// </summary>
    public static bool TryParseTransport(string? parameter, out SipTransportKind? transport)
    {
        transport = null;
        if (string.IsNullOrEmpty(parameter))
        {
            return true;
        }

        if (parameter.Equals("udp", StringComparison.OrdinalIgnoreCase))
        {
            transport = SipTransportKind.Udp;
        }
        else if (parameter.Equals("tcp", StringComparison.OrdinalIgnoreCase))
        {
            transport = SipTransportKind.Tcp;
        }
        else if (parameter.Equals("tls", StringComparison.OrdinalIgnoreCase))
        {
            transport = SipTransportKind.Tls;
        }

        return transport is not null;
    }
}
