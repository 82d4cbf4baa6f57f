using System.Net;
using System.Net.Sockets;

namespace Lifeline.Sip.Transports;

/// <summary>
/// The received/rport rule a proxy applies to the top Via of each request, as a pure function of the Via's
/// sent-by and the packet's source, independent of any parser.
/// </summary>
public static class ViaReceivedRule
{
    /// <summary>The port sent-by means when it names none, for UDP and TCP.</summary>
    public const int DefaultPort = 5060;

    /// <summary>
    /// RFC 3261 section 18.2.1: add <c>received</c> when sent-by's host is a name or an address other than the
    /// source. RFC 3581 section 4: when the Via carries <c>rport</c>, set it to the source port and add
    /// <c>received</c> even if the addresses match.
    /// </summary>
    /// <param name="sentByHost">The host of the Via's sent-by: a name, an IPv4 address, or an IPv6 address with or without brackets.</param>
    /// <param name="sentByPort">The sent-by port, or null when the Via names none.</param>
    /// <param name="hasRport">True when the Via has an <c>rport</c> parameter.</param>
    /// <param name="source">The address and port the request came from.</param>
    public static ViaReceivedResult Compute(ReadOnlySpan<char> sentByHost, int? sentByPort, bool hasRport, IPEndPoint source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var address = Normalize(source.Address);
        var sameAddress = IsSameAddress(sentByHost, address);
        return new ViaReceivedResult(
            hasRport || !sameAddress ? address : null,
            hasRport ? source.Port : null,
            hasRport ? source.Port : sentByPort ?? DefaultPort);
    }

    private static bool IsSameAddress(ReadOnlySpan<char> host, IPAddress source)
    {
        host = host.Trim();
        if (host.Length >= 2 && host[0] == '[' && host[^1] == ']')
        {
            host = host[1..^1];
        }

        if (host.IsEmpty)
        {
            return false;
        }

        // Usually the client wrote the address it sends from, in the usual form: compare text without allocating.
        Span<char> text = stackalloc char[64];
        if (source.TryFormat(text, out var written) && host.Equals(text[..written], StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // Otherwise only an IP literal can still match (written differently, "::0:1" for "::1"); a name never does.
        var isV6 = host.Contains(':');
        if (!isV6 && (host.ContainsAnyExcept("0123456789.") || host.Count('.') != 3))
        {
            return false;
        }

        return IPAddress.TryParse(host, out var parsed)
            && (parsed.AddressFamily == AddressFamily.InterNetworkV6) == isV6
            && Normalize(parsed).Equals(source);
    }

    private static IPAddress Normalize(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        // received= carries no zone index.
        return address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0
            ? new IPAddress(address.GetAddressBytes())
            : address;
    }
}
