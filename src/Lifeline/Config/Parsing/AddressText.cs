using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Lifeline.Config.Parsing;

/// <summary>Parsers for addresses written in the configuration: endpoints, networks, proxy listeners, gateway URIs.</summary>
internal static class AddressText
{
    /// <summary><c>127.0.0.1:8080</c>, <c>[::1]:8080</c> or <c>localhost:8080</c>; the port is required.</summary>
    public static bool TryParseEndPoint(string text, out IPEndPoint value, out string? hint)
    {
        value = null!;
        hint = null;
        var s = text.Trim();
        var colon = s.LastIndexOf(':');
        if (colon <= 0 || (s.Contains(':', StringComparison.Ordinal) && s.IndexOf(':', StringComparison.Ordinal) != colon && !s.StartsWith('[')))
        {
            hint = s.Count(c => c == ':') > 1 ? "write an IPv6 address in brackets: [::1]:8080" : "the port is required";
            return false;
        }

        var host = s[..colon];
        if (!int.TryParse(s.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            hint = "the port must be from 1 to 65535";
            return false;
        }

        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        IPAddress? address;
        if (host == "localhost")
        {
            address = IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(host, out address))
        {
            hint = "the host must be an IP address or localhost";
            return false;
        }

        value = new IPEndPoint(address, port);
        return true;
    }

    /// <summary><c>10.0.0.0/8</c>, <c>2001:db8::/32</c>, or a single address (<c>/32</c> or <c>/128</c>).</summary>
    public static bool TryParseNetwork(string text, out IPNetwork value, out string? hint)
    {
        value = default;
        hint = null;
        var s = text.Trim();
        var slash = s.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? s : s[..slash];
        if (!IPAddress.TryParse(addressText, out var address))
        {
            return false;
        }

        var maxPrefix = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        var prefix = maxPrefix;
        if (slash >= 0 && (!int.TryParse(s.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > maxPrefix))
        {
            hint = $"the prefix length must be from 0 to {maxPrefix}";
            return false;
        }

        var masked = Mask(address, prefix);
        if (!masked.Equals(address))
        {
            hint = $"host bits are set: did you mean {masked}/{prefix}?";
            return false;
        }

        value = new IPNetwork(address, prefix);
        return true;
    }

    /// <summary><c>udp:127.0.0.1:5060</c> or <c>tcp:[::1]:5060</c>.</summary>
    public static bool TryParseProxyListen(string text, out ProxyListen value, out string? hint)
    {
        value = null!;
        hint = null;
        var s = text.Trim();
        ListenTransport transport;
        if (s.StartsWith("udp:", StringComparison.OrdinalIgnoreCase))
        {
            transport = ListenTransport.Udp;
        }
        else if (s.StartsWith("tcp:", StringComparison.OrdinalIgnoreCase))
        {
            transport = ListenTransport.Tcp;
        }
        else
        {
            hint = "start with udp: or tcp:";
            return false;
        }

        if (!TryParseEndPoint(s[4..], out var endPoint, out hint))
        {
            return false;
        }

        value = new ProxyListen(transport, endPoint);
        return true;
    }

    /// <summary>
    /// A light check of a gateway URI: <c>sip:</c> or <c>sips:</c>, an optional user, a host (IPv4,
    /// [IPv6] or a DNS name), an optional port and parameters. The SIP layer parses it fully.
    /// </summary>
    public static bool TryParseGateway(string text, out (string Host, int? Port) value, out string? hint)
    {
        value = default;
        hint = null;
        var s = text;
        if (s.Length == 0 || s.Any(char.IsWhiteSpace))
        {
            hint = "no spaces allowed";
            return false;
        }

        int rest;
        if (s.StartsWith("sip:", StringComparison.OrdinalIgnoreCase))
        {
            rest = 4;
        }
        else if (s.StartsWith("sips:", StringComparison.OrdinalIgnoreCase))
        {
            rest = 5;
        }
        else
        {
            hint = "a gateway starts with sip: or sips:";
            return false;
        }

        var hostPort = s[rest..];
        var end = hostPort.IndexOfAny([';', '?']);
        if (end >= 0)
        {
            if (hostPort[end] == '?')
            {
                hint = "headers (?…) are not allowed in a gateway URI";
                return false;
            }

            hostPort = hostPort[..end];
        }

        var at = hostPort.LastIndexOf('@');
        if (at >= 0)
        {
            if (at == 0)
            {
                hint = "the user part before @ is empty";
                return false;
            }

            hostPort = hostPort[(at + 1)..];
        }

        string host;
        string? portText = null;
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || !IPAddress.TryParse(hostPort[1..close], out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                hint = "bad IPv6 address";
                return false;
            }

            host = hostPort[1..close];
            var after = hostPort[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':')
                {
                    return false;
                }

                portText = after[1..];
            }
        }
        else
        {
            var colon = hostPort.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? hostPort : hostPort[..colon];
            portText = colon < 0 ? null : hostPort[(colon + 1)..];
            if (!IsHostName(host))
            {
                hint = host.Length == 0 ? "the host is missing" : "the host must be an IP address or a DNS name";
                return false;
            }
        }

        int? port = null;
        if (portText is not null)
        {
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
            {
                hint = "the port must be from 1 to 65535";
                return false;
            }

            port = p;
        }

        value = (host, port);
        return true;
    }

    private static bool IsHostName(string host)
    {
        if (host.Length is 0 or > 253 || host.StartsWith('.') || host.StartsWith('-') || host.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in host)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '.')
            {
                return false;
            }
        }

        return true;
    }

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var bits = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bits));
        }

        return new IPAddress(bytes);
    }
}
