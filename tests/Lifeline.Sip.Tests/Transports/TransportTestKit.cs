using System.Net;
using System.Net.Sockets;
using System.Text;
using Lifeline.Sip.Transports;

namespace Lifeline.Sip.Tests.Transports;

/// <summary>Opening transports on loopback, building messages and waiting for conditions, for the transport tests.</summary>
internal static class TransportTestKit
{
    public static IPAddress Loopback(AddressFamily family) =>
        family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;

    /// <summary>Opens a transport on loopback port 0; an IPv6 failure says plainly that ::1 is missing.</summary>
    public static ISipTransport Open(SipTransportProtocol protocol, AddressFamily family, ISipMessageHandler handler, SipTransportOptions? options = null, TimeProvider? time = null)
    {
        var result = SipTransport.Open(new SipEndPoint(protocol, Loopback(family), 0), handler, options, time);
        if (!result.IsSuccess)
        {
            Assert.Fail(family == AddressFamily.InterNetworkV6
                ? $"IPv6 loopback (::1) is not usable on this machine, and the IPv6 transport tests need it: {result.Error}"
                : result.Error);
        }

        return result.Transport!;
    }

    /// <summary>A request with a correct Content-Length for <paramref name="body"/>.</summary>
    public static string Request(string method = "OPTIONS", string body = "", string callId = "a84b4c76e66710", string contentLengthName = "Content-Length") =>
        $"{method} sip:carrier@192.0.2.10 SIP/2.0\r\n" +
        "Via: SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bK776asdhds\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: <sip:carrier@192.0.2.10>\r\n" +
        "From: <sip:lifeline@192.0.2.1>;tag=1928301774\r\n" +
        $"Call-ID: {callId}\r\n" +
        $"CSeq: 1 {method}\r\n" +
        $"{contentLengthName}: {Encoding.UTF8.GetByteCount(body)}\r\n" +
        "\r\n" + body;

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Polls until <paramref name="condition"/> holds, failing with <paramref name="what"/> after a generous wait.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + RecordingSipHandler.Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"waited {RecordingSipHandler.Patience.TotalSeconds} s for {what}");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Reads until the peer closes; true if it closed (EOF or reset) within the wait, false if data came instead.</summary>
    public static async Task<bool> WaitForCloseAsync(Socket socket)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(RecordingSipHandler.Patience);
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                if (read == 0)
                {
                    return true;
                }
            }
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the connection was still open after {RecordingSipHandler.Patience.TotalSeconds} s");
            return false;
        }
    }

    /// <summary>Connects a raw TCP client (the test playing a peer) to a transport.</summary>
    public static async Task<Socket> ConnectRawAsync(SipEndPoint to)
    {
        var socket = new Socket(to.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(to.EndPoint);
        return socket;
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes, failing if the peer closes or is silent too long.</summary>
    public static async Task<byte[]> ReadExactlyAsync(Socket socket, int count)
    {
        var buffer = new byte[count];
        using var timeout = new CancellationTokenSource(RecordingSipHandler.Patience);
        var read = 0;
        while (read < count)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, timeout.Token);
            if (n == 0)
            {
                Assert.Fail($"the peer closed after {read} of {count} bytes");
            }

            read += n;
        }

        return buffer;
    }
}
