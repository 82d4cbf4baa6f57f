namespace Lifeline.Sip.Locating;

/// <summary>
/// What RFC 3263 needs from a SIP URI to find its servers: the host part (a domain, an IPv4 address or
/// an IPv6 address, bracketed or not), the port if the URI has one, the <c>transport</c> parameter if
/// it has one, and whether it is a <c>sips:</c> URI.
/// </summary>
/// <param name="Host">The URI's host (for example "carrier.example", "192.0.2.1", "[2001:db8::1]").</param>
/// <param name="Port">The URI's explicit port, or null.</param>
/// <param name="Transport">The URI's transport parameter, or null.</param>
/// <param name="Secure">True for a sips: URI (TLS only).</param>
public sealed record SipLocateRequest(string Host, int? Port = null, SipTransport? Transport = null, bool Secure = false);
