using System.Collections.Concurrent;
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
/// Kept small, one per gateway: the From URI is <c>sip:user@</c> (shared by every gateway with the same user) and a
/// host that is usually part of the Request-URI's bytes already; the host text is kept only when it needs a lookup.
/// </summary>
internal sealed class ProbeGateway
{
    private static readonly ConcurrentDictionary<string, byte[]> FromPrefixes = new(StringComparer.Ordinal);

    private readonly string? _host;
    private readonly byte[] _fromHostBytes;
    private readonly int _fromHostStart;
    private readonly int _fromHostLength;

    private ProbeGateway(byte[] requestUri, byte[] fromPrefix, byte[] fromHostBytes, int fromHostStart, int fromHostLength, string? host, IPAddress? address, int? port, SipTransportKind? transport)
    {
        RequestUri = requestUri;
        FromPrefix = fromPrefix;
        _fromHostBytes = fromHostBytes;
        _fromHostStart = fromHostStart;
        _fromHostLength = fromHostLength;
        _host = host;
        Address = address;
        Port = port;
        Transport = transport;
    }

    public byte[] RequestUri { get; }

    /// <summary>The From URI up to its host: <c>sip:user@</c>.</summary>
    public byte[] FromPrefix { get; }

    /// <summary>The From URI's host (the gateway's, or the configured <c>from_domain</c>).</summary>
    public ReadOnlySpan<byte> FromHost => _fromHostBytes.AsSpan(_fromHostStart, _fromHostLength);

    /// <summary>The From URI's length in bytes.</summary>
    public int FromUriLength => FromPrefix.Length + _fromHostLength;

    /// <summary>The host: a name to look up, or the IP address as text.</summary>
    public string Host => _host ?? Address!.ToString();

    public IPAddress? Address { get; }

    public int? Port { get; }

    public SipTransportKind? Transport { get; }

    public SipEndPoint NumericEndPoint => Address is null
        ? default
        : new SipEndPoint(Transport == SipTransportKind.Tcp ? SipTransportProtocol.Tcp : SipTransportProtocol.Udp, Address, Port ?? SipServerLocator.DefaultPort);

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
        var fromPrefix = FromPrefixes.GetOrAdd(settings.FromUser, static user => Encoding.UTF8.GetBytes("sip:" + user + "@"));
        var fromHost = Encoding.UTF8.GetBytes(settings.FromDomain ?? uri.Host);

        // Without a from_domain the From host is the gateway's, which the Request-URI spells already (after "sip:").
        var at = settings.FromDomain is null ? requestUri.AsSpan().IndexOf(fromHost) : -1;
        result = at >= 0
            ? new ProbeGateway(requestUri, fromPrefix, requestUri, at, fromHost.Length, address is null ? host : null, address, uri.Port, transport)
            : new ProbeGateway(requestUri, fromPrefix, fromHost, 0, fromHost.Length, address is null ? host : null, address, uri.Port, transport);
        error = null;
        return true;
    }
}
