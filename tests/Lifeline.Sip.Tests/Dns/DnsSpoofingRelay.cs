using System.Net;
using System.Net.Sockets;
using Lifeline.Sip.Dns;

namespace Lifeline.Sip.Tests.Dns;

/// <summary>
/// Stands between the client and a real dnsmasq and plays an off-path attacker: before relaying the
/// real answer it sends two forgeries — the real answer with another ID and a forged address, and a
/// real answer to another question (<c>forgedName</c>) that carries the right ID.
/// </summary>
internal sealed class DnsSpoofingRelay : IDisposable
{
    private readonly Socket _socket;
    private readonly IPEndPoint _upstream;
    private readonly string _forgedName;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _forgeries;

    public DnsSpoofingRelay(IPEndPoint upstream, string forgedName)
    {
        _upstream = upstream;
        _forgedName = forgedName;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _loop = Task.Run(RelayAsync);
    }

    public IPEndPoint EndPoint { get; }

    public int ForgeriesSent => Volatile.Read(ref _forgeries);

    private async Task RelayAsync()
    {
        var buffer = new byte[65536];
        var from = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, from, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }

            var client = received.RemoteEndPoint;
            var query = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
            var id = (ushort)((query[0] << 8) | query[1]);

            var real = await AskUpstreamAsync(query);

            // Forgery 1: the right question, a wrong ID, and the last A record pointed elsewhere.
            var wrongId = (byte[])real.Clone();
            wrongId[0] ^= 0x55;
            new byte[] { 6, 6, 6, 6 }.CopyTo(wrongId, wrongId.Length - 4);
            await _socket.SendToAsync(wrongId, SocketFlags.None, client);
            Interlocked.Increment(ref _forgeries);

            // Forgery 2: the right ID, but the answer to another question.
            var other = new byte[DnsQueryWriter.MaxQueryLength];
            DnsQueryWriter.TryWrite(other, id, _forgedName, DnsRecordType.A, out var length).ShouldBeTrue();
            var otherAnswer = await AskUpstreamAsync(other.AsSpan(0, length).ToArray());
            await _socket.SendToAsync(otherAnswer, SocketFlags.None, client);
            Interlocked.Increment(ref _forgeries);

            await _socket.SendToAsync(real, SocketFlags.None, client);
        }
    }

    private async Task<byte[]> AskUpstreamAsync(byte[] query)
    {
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        upstream.Connect(_upstream);
        await upstream.SendAsync(query, SocketFlags.None);
        var buffer = new byte[65536];
        var n = await upstream.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(5));
        return buffer.AsSpan(0, n).ToArray();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Ended with the socket.
        }

        _stop.Dispose();
    }
}
