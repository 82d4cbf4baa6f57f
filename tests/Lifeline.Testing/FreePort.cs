using System.Net;
using System.Net.Sockets;

namespace Lifeline.Testing;

/// <summary>Ports chosen free at run time, for peers started on loopback.</summary>
public static class FreePort
{
    /// <summary>A port that is free for both UDP and TCP on the given loopback address.</summary>
    public static int Get(IPAddress? address = null)
    {
        address ??= IPAddress.Loopback;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var tcp = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(address, 0));
            var port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            try
            {
                using var udp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                udp.Bind(new IPEndPoint(address, port));
                return port;
            }
            catch (SocketException)
            {
                // Taken for UDP; try another.
            }
        }

        throw new InvalidOperationException("no free port found on " + address);
    }
}
