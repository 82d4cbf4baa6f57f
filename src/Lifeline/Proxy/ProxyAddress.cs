using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using Lifeline.Sip.Transports;

namespace Lifeline.Proxy;

/// <summary>
/// How the proxy names itself on the wire, per transport: the sent-by of the Via it adds and the address of its
/// Record-Route. Worked out once when the listeners are open; a listener on a wildcard address is named by this
/// host's first non-loopback address of the same family.
/// </summary>
internal sealed class ProxyAddress
{
    private ProxyAddress(string udpHostPort, string tcpHostPort, IReadOnlyList<IPEndPoint> local)
    {
        UdpHostPort = udpHostPort;
        TcpHostPort = tcpHostPort;
        Local = local;
        UdpViaPrefix = Encoding.ASCII.GetBytes("SIP/2.0/UDP " + udpHostPort + ";branch=");
        TcpViaPrefix = Encoding.ASCII.GetBytes("SIP/2.0/TCP " + tcpHostPort + ";branch=");
    }

    /// <summary><c>host:port</c> of the UDP listener (or of the TCP one when there is no UDP listener).</summary>
    public string UdpHostPort { get; }

    /// <summary><c>host:port</c> of the TCP listener (or of the UDP one when there is no TCP listener).</summary>
    public string TcpHostPort { get; }

    /// <summary>Every address and port the proxy listens on, as named on the wire.</summary>
    public IReadOnlyList<IPEndPoint> Local { get; }

    /// <summary><c>SIP/2.0/UDP host:port;branch=</c>.</summary>
    public byte[] UdpViaPrefix { get; }

    /// <summary><c>SIP/2.0/TCP host:port;branch=</c>.</summary>
    public byte[] TcpViaPrefix { get; }

    /// <summary>Names the listeners of <paramref name="transports"/>.</summary>
    public static ProxyAddress From(SipTransportSet transports)
    {
        string? udp = null;
        string? tcp = null;
        var local = new List<IPEndPoint>();
        foreach (var transport in transports.Transports)
        {
            var bound = transport.LocalEndPoint;
            var address = Advertised(bound.EndPoint.Address);
            var named = new IPEndPoint(address, bound.EndPoint.Port);
            local.Add(named);
            var hostPort = HostPort(named);
            if (bound.Protocol == SipTransportProtocol.Udp)
            {
                udp ??= hostPort;
            }
            else
            {
                tcp ??= hostPort;
            }
        }

        udp ??= tcp ?? "127.0.0.1:5060";
        tcp ??= udp;
        return new ProxyAddress(udp, tcp, local);
    }

    /// <summary>Whether <paramref name="address"/>:<paramref name="port"/> is one of the proxy's own listeners.</summary>
    public bool IsLocal(IPAddress address, int port)
    {
        foreach (var endPoint in Local)
        {
            if (endPoint.Port == port && endPoint.Address.Equals(address))
            {
                return true;
            }
        }

        return false;
    }

    private static string HostPort(IPEndPoint endPoint) => endPoint.AddressFamily == AddressFamily.InterNetworkV6
        ? string.Create(CultureInfo.InvariantCulture, $"[{endPoint.Address}]:{endPoint.Port}")
        : string.Create(CultureInfo.InvariantCulture, $"{endPoint.Address}:{endPoint.Port}");

    private static IPAddress Advertised(IPAddress bound)
    {
        if (!bound.Equals(IPAddress.Any) && !bound.Equals(IPAddress.IPv6Any))
        {
            return bound;
        }

        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus != OperationalStatus.Up || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback)
            {
                continue;
            }

            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                var candidate = unicast.Address;
                if (candidate.AddressFamily == bound.AddressFamily && !IPAddress.IsLoopback(candidate) && !candidate.IsIPv6LinkLocal)
                {
                    return candidate;
                }
            }
        }

        return bound.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
    }
}
