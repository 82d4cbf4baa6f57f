using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Lifeline.Probing;

/// <summary>
/// A UDP socket connected to one gateway. Linux reports an ICMP port unreachable only to a connected socket (as
/// ECONNREFUSED on its next receive or send), so a gateway whose SIP process died is known at once instead of after
/// a timeout. Answers to probes sent from it come back to it and are handed to the prober like any other.
/// </summary>
internal sealed class DedicatedUdpSocket : IDisposable
{
    // Answers to OPTIONS are small; a bigger one is cut short and then fails to parse, which is rare and harmless.
    private const int BufferSize = 8192;

    private readonly Socket _socket;
    private readonly SipProber _owner;
    private readonly ProbeTarget _target;
    private readonly CancellationTokenSource _stop = new();
    private int _disposed;

    private DedicatedUdpSocket(Socket socket, SipProber owner, ProbeTarget target, byte[] sentBy)
    {
        _socket = socket;
        _owner = owner;
        _target = target;
        SentBy = sentBy;
        Remote = (IPEndPoint)socket.RemoteEndPoint!;
    }

    /// <summary>The Via sent-by of probes from this socket: its own local address and port.</summary>
    public byte[] SentBy { get; }

    /// <summary>The gateway it is connected to.</summary>
    public IPEndPoint Remote { get; }

    /// <summary>Opens a socket connected to <paramref name="remote"/> and starts receiving; null when the system refuses one (out of descriptors).</summary>
    public static DedicatedUdpSocket? TryOpen(SipProber owner, ProbeTarget target, IPEndPoint remote)
    {
        var socket = new Socket(remote.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Connect(remote);
            var local = (IPEndPoint)socket.LocalEndPoint!;
            var sentBy = Encoding.ASCII.GetBytes(local.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{local.Address}]:{local.Port}" : $"{local.Address}:{local.Port}");
            var dedicated = new DedicatedUdpSocket(socket, owner, target, sentBy);
            _ = dedicated.ReceiveLoopAsync();
            return dedicated;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
    }

    /// <summary>Sends one probe; a refusal left by an earlier ICMP error shows here as <see cref="ProbeFailure.Refused"/>.</summary>
    public ProbeFailure? Send(ReadOnlySpan<byte> message)
    {
        try
        {
            _socket.Send(message);
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

        _stop.Cancel();
        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        var stopping = _stop.Token;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                int received;
                try
                {
                    received = await _socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, stopping).ConfigureAwait(false);
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset or SocketError.HostUnreachable or SocketError.NetworkUnreachable)
                {
                    // The ICMP error of the probe just sent: the gateway's port is closed (or the host unreachable).
                    _owner.OnDedicatedError(_target, SipProber.FailureOf(e.SocketErrorCode));
                    continue;
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.MessageSize)
                {
                    continue;
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    break;
                }

                _owner.OnDatagram(buffer.AsMemory(0, received), _owner.Time.GetTimestamp());
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
