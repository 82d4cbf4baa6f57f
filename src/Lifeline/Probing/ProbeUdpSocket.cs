using System.Net;
using System.Net.Sockets;

namespace Lifeline.Probing;

/// <summary>
/// The shared UDP socket probes go out from, read by one thread of its own in a blocking receive. At thousands of
/// answers a second this costs one wake-up per burst of answers, where an asynchronous receive loop costs an epoll
/// wake-up and a thread-pool hand-off for each (docs/probing.md has the measurement). Sends are synchronous
/// <c>sendto</c> calls from the scheduler's loop, with a <see cref="SocketAddress"/> kept per target: no allocation.
/// </summary>
internal sealed class ProbeUdpSocket : IDisposable
{
    private const int BufferSize = 65_536;

    private readonly Socket _socket;
    private readonly SipProber _owner;
    private readonly Thread _reader;
    private int _disposed;

    private ProbeUdpSocket(Socket socket, SipProber owner)
    {
        _socket = socket;
        _owner = owner;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _reader = new Thread(ReceiveLoop) { IsBackground = true, Name = "Lifeline probe receive " + LocalEndPoint };
        _reader.Start();
    }

    public IPEndPoint LocalEndPoint { get; }

    public AddressFamily AddressFamily => LocalEndPoint.AddressFamily;

    /// <summary>Binds to <paramref name="listen"/> and starts reading; null with <paramref name="error"/> when the system refuses.</summary>
    public static ProbeUdpSocket? TryOpen(IPEndPoint listen, SipProber owner, out string? error)
    {
        var socket = new Socket(listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (listen.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
            }

            // Answers come in bursts (a tick's probes go out together): room for a few thousand.
            socket.ReceiveBufferSize = 4 * 1024 * 1024;
            socket.Bind(listen);
            error = null;
            return new ProbeUdpSocket(socket, owner);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            error = $"cannot open the probe socket on udp:{listen}: {e.Message}";
            return null;
        }
    }

    /// <summary>Sends one probe; null when it went, else why not.</summary>
    public ProbeFailure? Send(ReadOnlySpan<byte> message, SocketAddress remote)
    {
        try
        {
            _socket.SendTo(message, SocketFlags.None, remote);
            return null;
        }
        catch (SocketException e)
        {
            return SipProber.FailureOf(e.SocketErrorCode);
        }
        catch (ObjectDisposedException)
        {
            return ProbeFailure.SendFailed;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Closing the socket ends the blocking receive.
        _socket.Dispose();
        _reader.Join(TimeSpan.FromSeconds(5));
    }

    private void ReceiveLoop()
    {
        var buffer = new byte[BufferSize];
        var from = new SocketAddress(_socket.AddressFamily);
        while (Volatile.Read(ref _disposed) == 0)
        {
            int received;
            try
            {
                received = _socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (SocketException) when (Volatile.Read(ref _disposed) == 0)
            {
                // An error queued by an earlier datagram (never an ICMP one: the socket is not connected); go on.
                continue;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                break;
            }

            _owner.OnDatagram(buffer.AsMemory(0, received), _owner.Time.GetTimestamp());
        }
    }
}
