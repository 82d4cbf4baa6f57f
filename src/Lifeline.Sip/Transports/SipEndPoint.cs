using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Lifeline.Sip.Transports;

/// <summary>
/// A transport address: protocol plus IP end point, written <c>udp:192.0.2.1:5060</c> or
/// <c>tcp:[2001:db8::1]:5060</c>. Hosts are IP literals: names are resolved above the transports.
/// </summary>
public readonly struct SipEndPoint : IEquatable<SipEndPoint>
{
    /// <summary>The port used when a listen string names none (RFC 3261 section 19.1.2).</summary>
    public const int DefaultPort = 5060;

    public SipEndPoint(SipTransportProtocol protocol, IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        Protocol = protocol;
        EndPoint = endPoint;
    }

    public SipEndPoint(SipTransportProtocol protocol, IPAddress address, int port)
        : this(protocol, new IPEndPoint(address, port))
    {
    }

    public SipTransportProtocol Protocol { get; }

    /// <summary>The IP address and port; null only for <c>default(SipEndPoint)</c>. Treat it as read-only: transports share instances.</summary>
    public IPEndPoint EndPoint { get; }

    public AddressFamily AddressFamily => EndPoint?.AddressFamily ?? AddressFamily.Unspecified;

    /// <summary>True for <c>default(SipEndPoint)</c>.</summary>
    public bool IsEmpty => EndPoint is null;

    /// <summary>
    /// Parses <c>udp:HOST:PORT</c> or <c>tcp:HOST:PORT</c>, HOST being a dotted IPv4 address or a bracketed
    /// IPv6 address (<c>tcp:[::1]:5060</c>). The port may be left out (5060) and may be 0 (any free port).
    /// On failure <paramref name="error"/> says what is wrong; nothing is thrown.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out SipEndPoint endPoint, out string? error)
    {
        endPoint = default;
        text = text.Trim();
        var colon = text.IndexOf(':');
        if (colon <= 0)
        {
            error = $"'{text}' is not PROTOCOL:HOST:PORT (for example udp:127.0.0.1:5060 or tcp:[::1]:5060)";
            return false;
        }

        var scheme = text[..colon];
        SipTransportProtocol protocol;
        if (scheme.Equals("udp", StringComparison.OrdinalIgnoreCase))
        {
            protocol = SipTransportProtocol.Udp;
        }
        else if (scheme.Equals("tcp", StringComparison.OrdinalIgnoreCase))
        {
            protocol = SipTransportProtocol.Tcp;
        }
        else
        {
            error = $"'{text}': transport '{scheme}' is not supported (udp and tcp are)";
            return false;
        }

        var rest = text[(colon + 1)..];
        ReadOnlySpan<char> host;
        ReadOnlySpan<char> portText = default;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']');
            if (close < 0)
            {
                error = $"'{text}': missing ']' after the IPv6 address";
                return false;
            }

            host = rest[1..close];
            var after = rest[(close + 1)..];
            if (!after.IsEmpty)
            {
                if (after[0] != ':')
                {
                    error = $"'{text}': expected ':PORT' after ']'";
                    return false;
                }

                portText = after[1..];
                if (portText.IsEmpty)
                {
                    error = $"'{text}': empty port";
                    return false;
                }
            }

            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                error = $"'{text}': '{host}' is not an IPv6 address";
                return false;
            }

            return Finish(protocol, v6, portText, text, out endPoint, out error);
        }

        var lastColon = rest.LastIndexOf(':');
        if (lastColon >= 0 && rest[..lastColon].Contains(':'))
        {
            error = $"'{text}': write IPv6 addresses in brackets, as in tcp:[::1]:5060";
            return false;
        }

        if (lastColon >= 0)
        {
            host = rest[..lastColon];
            portText = rest[(lastColon + 1)..];
            if (portText.IsEmpty)
            {
                error = $"'{text}': empty port";
                return false;
            }
        }
        else
        {
            host = rest;
        }

        if (!IsDottedQuad(host) || !IPAddress.TryParse(host, out var v4))
        {
            error = host.IsEmpty
                ? $"'{text}': missing host"
                : $"'{text}': host '{host}' is not an IP address (names are resolved above the transports)";
            return false;
        }

        return Finish(protocol, v4, portText, text, out endPoint, out error);
    }

    /// <summary>Parses like <see cref="TryParse(ReadOnlySpan{char}, out SipEndPoint, out string?)"/>, throwing <see cref="FormatException"/> on bad input; for constants and tests.</summary>
    public static SipEndPoint Parse(string text) =>
        TryParse(text, out var endPoint, out var error) ? endPoint : throw new FormatException(error);

    public bool Equals(SipEndPoint other) => Protocol == other.Protocol && Equals(EndPoint, other.EndPoint);

    public override bool Equals(object? obj) => obj is SipEndPoint other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Protocol, EndPoint);

    public static bool operator ==(SipEndPoint left, SipEndPoint right) => left.Equals(right);

    public static bool operator !=(SipEndPoint left, SipEndPoint right) => !left.Equals(right);

    /// <summary><c>udp:192.0.2.1:5060</c> or <c>tcp:[::1]:5060</c>; the same form <see cref="TryParse(ReadOnlySpan{char}, out SipEndPoint, out string?)"/> reads.</summary>
    public override string ToString() =>
        EndPoint is null ? "(none)" : (Protocol == SipTransportProtocol.Udp ? "udp:" : "tcp:") + EndPoint;

    private static bool Finish(SipTransportProtocol protocol, IPAddress address, ReadOnlySpan<char> portText, ReadOnlySpan<char> text, out SipEndPoint endPoint, out string? error)
    {
        var port = DefaultPort;
        if (!portText.IsEmpty)
        {
            if (portText.Length > 5 || portText.ContainsAnyExceptInRange('0', '9')
                || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > IPEndPoint.MaxPort)
            {
                endPoint = default;
                error = $"'{text}': port '{portText}' is not a number from 0 to 65535";
                return false;
            }
        }

        endPoint = new SipEndPoint(protocol, address, port);
        error = null;
        return true;
    }

    // IPAddress.TryParse also accepts "10", "0x7f.1" and other legacy forms nobody means in a listen string.
    private static bool IsDottedQuad(ReadOnlySpan<char> host)
    {
        if (host.IsEmpty || host.ContainsAnyExcept("0123456789.") || host.Count('.') != 3)
        {
            return false;
        }

        foreach (var part in host.Split('.'))
        {
            var length = part.End.GetOffset(host.Length) - part.Start.GetOffset(host.Length);
            if (length is 0 or > 3)
            {
                return false;
            }
        }

        return true;
    }
}
