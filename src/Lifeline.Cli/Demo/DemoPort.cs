using System.Net;
using System.Net.Sockets;

namespace Lifeline.Cli.Demo;

/// <summary>A free UDP port on 127.0.0.1, for the proxy: the configuration wants a real port, not 0.</summary>
internal static class DemoPort
{
    /// <summary>A port the system just gave out and took back; another process could take it first, so callers retry.</summary>
    public static int FreeUdp()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
