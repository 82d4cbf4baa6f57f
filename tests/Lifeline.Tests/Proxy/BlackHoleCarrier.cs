using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Lifeline.Tests.Proxy;

/// <summary>
/// A carrier that swallows everything: a bare UDP socket that counts datagrams and never answers (a SIP stack would
/// answer an INVITE retransmission with 100 Trying, which is not silence).
/// </summary>
internal sealed class BlackHoleCarrier : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _received;

    public BlackHoleCarrier()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _loop = ReceiveLoopAsync();
    }

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public string Uri => string.Create(CultureInfo.InvariantCulture, $"sip:127.0.0.1:{Port}");

    /// <summary>Datagrams swallowed so far (INVITEs and their retransmissions).</summary>
    public int Received => Volatile.Read(ref _received);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }

        _stop.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[65536];
        while (!_stop.IsCancellationRequested)
        {
            await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            Interlocked.Increment(ref _received);
        }
    }
}
