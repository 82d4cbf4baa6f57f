using System.Net;
using System.Text;
using Lifeline.Sip.Transports;
using Lifeline.Sip.Uris;

namespace Lifeline.Proxy;

/// <summary>
/// What forwarding a call to one gateway needs, worked out once per gateway URI: where to send (numeric gateways; a
/// host name is resolved by the transport layer's caller, not here) and the part of the Request-URI after the user
/// (<c>@host:port;params</c>), so each call only writes <c>sip:</c>, its number and these bytes.
/// </summary>
internal sealed class ProxyGateway
{
    private ProxyGateway(string uri, byte[] scheme, byte[] hostPart, SipEndPoint endPoint, string? error)
    {
        Uri = uri;
        Scheme = scheme;
        HostPart = hostPart;
        EndPoint = endPoint;
        Error = error;
    }

    /// <summary>The gateway URI as configured.</summary>
    public string Uri { get; }

    /// <summary><c>sip:</c> or <c>sips:</c>.</summary>
    public byte[] Scheme { get; }

    /// <summary><c>@host:port;params</c> of the Request-URI.</summary>
    public byte[] HostPart { get; }

    /// <summary>Where calls go; empty when <see cref="Error"/> says why the gateway cannot be used.</summary>
    public SipEndPoint EndPoint { get; }

    /// <summary>Why calls cannot be sent to this gateway, or null.</summary>
    public string? Error { get; }

    public bool IsUsable => Error is null;

    /// <summary>Whether the gateway has gone quiet under the proxy's traffic (shared by every call).</summary>
    public GatewayPulse Pulse { get; } = new();

    /// <summary>Reads a gateway URI; a bad or unsupported one gives a gateway whose <see cref="Error"/> says why.</summary>
    public static ProxyGateway Create(string gatewayUri)
    {
        if (!SipUri.TryParse(gatewayUri, out var uri) || !uri.IsSip)
        {
            return Unusable(gatewayUri, "not a sip: URI");
        }

        var transport = uri.Transport;
        SipTransportProtocol protocol;
        if (transport is null || transport.Equals("udp", StringComparison.OrdinalIgnoreCase))
        {
            protocol = SipTransportProtocol.Udp;
        }
        else if (transport.Equals("tcp", StringComparison.OrdinalIgnoreCase))
        {
            protocol = SipTransportProtocol.Tcp;
        }
        else
        {
            return Unusable(gatewayUri, "transport '" + transport + "' is not supported by the proxy (udp and tcp are)");
        }

        if (uri.Scheme == SipUriScheme.Sips)
        {
            return Unusable(gatewayUri, "sips: (TLS) gateways are not supported by the proxy yet");
        }

        var host = uri.Maddr is { Length: > 0 } maddr ? maddr.Trim('[', ']') : uri.HostWithoutBrackets;
        if (!IPAddress.TryParse(host, out var address))
        {
            return Unusable(gatewayUri, "host '" + host + "' is not an IP address (the proxy does not resolve gateway names yet)");
        }

        // The Request-URI keeps the gateway's host, port and parameters; the user part is the number being called.
        var plain = uri.WithoutHeaders();
        var text = plain.ToString();
        var at = plain.User is null ? text.IndexOf(':', StringComparison.Ordinal) : text.IndexOf('@', StringComparison.Ordinal);
        var hostPart = "@" + text[(at + 1)..];
        return new ProxyGateway(
            gatewayUri,
            Encoding.ASCII.GetBytes(plain.SchemeName + ":"),
            Encoding.UTF8.GetBytes(hostPart),
            new SipEndPoint(protocol, address, uri.Port ?? SipEndPoint.DefaultPort),
            null);
    }

    private static ProxyGateway Unusable(string uri, string error) => new(uri, [], [], default, error);
}
