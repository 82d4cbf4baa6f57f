using System.Net;
using System.Net.Sockets;

namespace Lifeline.Testing;

/// <summary>
/// A DNS server that never answers: a UDP socket bound on 127.0.0.1 at a free port that reads every
/// datagram and drops it, counting them. For timeout and retry tests.
/// </summary>
public sealed class DnsBlackHoleServer : IDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly SemaphoreSlim _received = new(0);
    private readonly List<byte[]> _datagrams = [];
    private int _count;

    public DnsBlackHoleServer()
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _loop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Where it listens.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>How many datagrams (queries) arrived so far.</summary>
    public int ReceivedCount => Volatile.Read(ref _count);

    /// <summary>Copies of the datagrams received so far, in arrival order.</summary>
    public IReadOnlyList<byte[]> Datagrams
    {
        get
        {
            lock (_datagrams)
            {
                return [.. _datagrams];
            }
        }
    }

    /// <summary>
    /// Waits, in real time, until at least <paramref name="count"/> datagrams have arrived (they are read
    /// on another thread, so a client may finish before the last one is counted); returns the count.
    /// </summary>
    public async Task<int> WaitForCountAsync(int count, TimeSpan limit)
    {
        using var deadline = new CancellationTokenSource(limit);
        while (ReceivedCount < count && !deadline.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(20, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return ReceivedCount;
    }

    /// <summary>Waits, in real time, until one more datagram has arrived; false if none came in time.</summary>
    public Task<bool> WaitForDatagramAsync(TimeSpan limit) => _received.WaitAsync(limit);

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[65536];
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var received = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                lock (_datagrams)
                {
                    _datagrams.Add(buffer.AsSpan(0, received).ToArray());
                }

                Interlocked.Increment(ref _count);
                _received.Release();
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                // An ICMP error from an earlier exchange; keep reading.
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
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
            // The loop ended on the closed socket.
        }

        _stop.Dispose();
        _received.Dispose();
    }
}
