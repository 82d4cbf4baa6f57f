using System.Net;
using System.Text;
using Lifeline.Config;
using Lifeline.Sip.Locating;
using Lifeline.Sip.Transports;
using Lifeline.Sip.Uris;

namespace Lifeline.Probing;

/// <summary>
/// What a probe needs from a gateway URI, worked out once when the target is added: the Request-URI and From URI as
/// bytes (each probe copies them), the host to look up by RFC 3263 unless it is an IP address, and the transport.
/// </summary>
internal sealed class ProbeGateway
{
    private ProbeGateway(byte[] requestUri, byte[] fromUri, string host, IPAddress? address, int? port, SipTransportKind? transport)
    {
        RequestUri = requestUri;
        FromUri = fromUri;
        Host = host;
        Address = address;
        Port = port;
        Transport = transport;
    }

    /// <summary>The Request-URI and To of every probe: the gateway URI without headers.</summary>
    public byte[] RequestUri { get; }

    /// <summary><c>sip:from_user@from_domain</c> (the gateway's host when no domain is configured).</summary>
    public byte[] FromUri { get; }

    /// <summary>The host RFC 3263 resolves (the <c>maddr</c> when the URI has one).</summary>
    public string Host { get; }

    /// <summary>The address when the host is an IP literal: no lookup needed.</summary>
    public IPAddress? Address { get; }

    public int? Port { get; }

    /// <summary>The transport the probe must use (configured, or the URI's <c>transport</c>), or null to let RFC 3263 choose.</summary>
    public SipTransportKind? Transport { get; }

    /// <summary>The end point of a numeric gateway, known without DNS.</summary>
    public SipEndPoint NumericEndPoint => Address is null
        ? default
        : new SipEndPoint(Transport == SipTransportKind.Tcp ? SipTransportProtocol.Tcp : SipTransportProtocol.Udp, Address, Port ?? SipServerLocator.DefaultPort);

    /// <summary>Reads a gateway URI; on failure <paramref name="error"/> says why (for the log), nothing is thrown.</summary>
    public static bool TryCreate(string gateway, ProbeSettings settings, out ProbeGateway? result, out string? error)
    {
        result = null;
        if (!SipUri.TryParse(gateway, out var uri) || !uri.IsSip)
        {
            error = $"'{gateway}' is not a sip: URI";
            return false;
        }

        if (uri.Scheme == SipUriScheme.Sips)
        {
            error = $"'{gateway}': sips: (TLS) gateways cannot be probed yet";
            return false;
        }

        if (!SipLocateRequest.TryParseTransport(uri.Transport, out var uriTransport) || uriTransport == SipTransportKind.Tls)
        {
            error = $"'{gateway}': transport '{uri.Transport}' cannot be probed (udp and tcp can)";
            return false;
        }

        var transport = settings.Transport switch
        {
            ProbeTransport.Udp => SipTransportKind.Udp,
            ProbeTransport.Tcp => SipTransportKind.Tcp,
            _ => uriTransport,
        };
        var host = uri.Maddr is { Length: > 0 } maddr ? maddr.Trim('[', ']') : uri.HostWithoutBrackets;
        IPAddress? address = IPAddress.TryParse(host, out var parsed) ? parsed : null;
        var requestUri = Encoding.UTF8.GetBytes(uri.WithoutHeaders().ToString());
        var fromHost = settings.FromDomain ?? uri.Host;
        var fromUri = Encoding.UTF8.GetBytes("sip:" + settings.FromUser + "@" + fromHost);
        result = new ProbeGateway(requestUri, fromUri, host, address, uri.Port, transport);
        error = null;
        return true;
    }
}
