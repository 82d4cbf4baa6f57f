using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace Lifeline.Sip.Transports;

/// <summary>
/// SIP over UDP: one socket, read by a few threads of its own in blocking receives that hand each datagram to the
/// handler straight from their buffer, and sends that go out as single synchronous <c>sendto</c> calls. A blocking
/// reader costs one wake-up per burst of datagrams, where an asynchronous receive loop costs an epoll wake-up and a
/// thread-pool hand-off for each (docs/benchmarks.md, "Call rate"); the socket is never used asynchronously, so it
/// stays a plain blocking socket.
/// </summary>
internal sealed class SipUdpTransport : ISipTransport
{
    private static readonly ReadOnlyMemory<byte> Ping = "\r\n\r\n"u8.ToArray();

    private readonly Socket _socket;
    private readonly ISipMessageHandler _handler;
    private readonly SipTransportOptions _options;
    private readonly TimeProvider _time;
    private readonly SipTransportCounters _counters = new();
    private readonly SipFaultReporter _faults;
    private readonly SipAddressCache _addresses;
    private readonly SipTransportMetrics _metrics;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _loops;
    private int _disposed;

    private SipUdpTransport(Socket socket, ISipMessageHandler handler, SipTransportOptions options, TimeProvider time)
    {
        _socket = socket;
        _handler = handler;
        _options = options;
        _time = time;
        var local = (IPEndPoint)socket.LocalEndPoint!;
        LocalEndPoint = new SipEndPoint(SipTransportProtocol.Udp, local);
        _addresses = new SipAddressCache(local);
        _faults = new SipFaultReporter(handler, time, options.FaultReportInterval) { Transport = LocalEndPoint };
        _metrics = new SipTransportMetrics(_counters, LocalEndPoint);

        _loops = new Task[options.UdpReceiveLoops];
        for (var i = 0; i < _loops.Length; i++)
        {
            var end = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _loops[i] = end.Task;
            var reader = new Thread(ReceiveLoop) { IsBackground = true, Name = $"SIP udp receive {LocalEndPoint.EndPoint}" };

            // Like SipBackground: the reader does not carry the ambient context of whoever opened the transport.
            reader.UnsafeStart(end);
        }
    }

    public SipTransportProtocol Protocol => SipTransportProtocol.Udp;

    public SipEndPoint LocalEndPoint { get; }

    public static SipTransportOpenResult Open(IPEndPoint listen, ISipMessageHandler handler, SipTransportOptions options, TimeProvider time)
    {
        var socket = new Socket(listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (listen.AddressFamily == AddressFamily.InterNetworkV6)
            {
                // One family per socket keeps transport selection by address family exact.
                socket.DualMode = false;
            }

            TrySetReceiveBuffer(socket, options.UdpReceiveBufferSize);
            if (OperatingSystem.IsWindows())
            {
                // Windows reports an earlier ICMP port unreachable as a reset on the next receive; turn that off.
                const int SioUdpConnReset = unchecked((int)0x9800000C);
                socket.IOControl(SioUdpConnReset, [0, 0, 0, 0], null);
            }

            socket.Bind(listen);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            return SipTransportOpenResult.Failure(e.SocketErrorCode, $"cannot listen on udp:{listen}: {e.Message}");
        }

        return SipTransportOpenResult.Success(new SipUdpTransport(socket, handler, options, time));
    }

    public bool HasConnection(SipConnectionId connection) => false;

    public SipTransportStatistics GetStatistics() => _counters.Snapshot();

    public ValueTask<SipSendResult> SendAsync(ReadOnlyMemory<byte> message, SipEndPoint remote, SipConnectionId connection = default, CancellationToken cancellationToken = default) =>
        SendCoreAsync(message, remote, keepAlive: false, cancellationToken);

    public ValueTask<SipSendResult> SendKeepAliveAsync(SipEndPoint remote, CancellationToken cancellationToken = default) =>
        SendCoreAsync(Ping, remote, keepAlive: true, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await Task.WhenAll(_loops).ConfigureAwait(false);
        _metrics.Dispose();
    }

    private static void TrySetReceiveBuffer(Socket socket, int size)
    {
        if (size <= 0)
        {
            return;
        }

        try
        {
            socket.ReceiveBufferSize = size;
        }
        catch (SocketException)
        {
            // Not allowed here: the system default will do.
        }
    }

    private ValueTask<SipSendResult> SendCoreAsync(ReadOnlyMemory<byte> message, SipEndPoint remote, bool keepAlive, CancellationToken cancellationToken)
    {
        SipSendStatus status;
        if (Volatile.Read(ref _disposed) != 0)
        {
            status = SipSendStatus.TransportClosed;
        }
        else if (remote.Protocol != SipTransportProtocol.Udp || remote.AddressFamily != _socket.AddressFamily)
        {
            status = SipSendStatus.NoTransport;
        }
        else if (message.Length > _options.MaxMessageSize)
        {
            status = SipSendStatus.TooLarge;
        }
        else
        {
            return SendDatagram(message, remote.EndPoint, keepAlive, cancellationToken);
        }

        _counters.CountSend(status, 0, keepAlive);
        return ValueTask.FromResult(new SipSendResult(status));
    }

    private ValueTask<SipSendResult> SendDatagram(ReadOnlyMemory<byte> message, IPEndPoint remote, bool keepAlive, CancellationToken cancellationToken)
    {
        var address = _addresses.GetSocketAddress(remote);
        SipSendResult result;
        if (cancellationToken.IsCancellationRequested)
        {
            result = new SipSendResult(SipSendStatus.Cancelled);
        }
        else
        {
            try
            {
                _socket.SendTo(message.Span, SocketFlags.None, address);
                result = new SipSendResult(SipSendStatus.Sent);
                if (keepAlive)
                {
                    Interlocked.Increment(ref _counters.PingsSent);
                }
            }
            catch (ObjectDisposedException)
            {
                result = new SipSendResult(SipSendStatus.TransportClosed);
            }
            catch (SocketException e)
            {
                // An earlier ICMP port unreachable may surface on a later send as a reset or a refusal.
                var status = Volatile.Read(ref _disposed) != 0 ? SipSendStatus.TransportClosed
                    : e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused ? SipSendStatus.ConnectionRefused
                    : SipSocketErrors.ToStatus(e.SocketErrorCode, connecting: false);
                result = new SipSendResult(status, default, e.SocketErrorCode);
            }
        }

        _counters.CountSend(result.Status, message.Length, keepAlive);
        return ValueTask.FromResult(result);
    }

    private void ReceiveLoop(object? state)
    {
        var end = (TaskCompletionSource)state!;

        // One byte more than the limit, so an oversized datagram shows as a full buffer instead of passing truncated.
        var size = _options.MaxMessageSize + 1;
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        var address = new SocketAddress(_socket.AddressFamily);
        var stopping = _stopping.Token;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                int received;
                try
                {
                    received = _socket.ReceiveFrom(buffer.AsSpan(0, size), SocketFlags.None, address);
                }
                catch (ObjectDisposedException)
                {
                    break;
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.MessageSize)
                {
                    // Where the platform reports a datagram larger than the buffer instead of truncating it.
                    Interlocked.Increment(ref _counters.OversizedDropped);
                    continue;
                }
                catch (SocketException e) when (!stopping.IsCancellationRequested && Volatile.Read(ref _disposed) == 0)
                {
                    Interlocked.Increment(ref _counters.ReceiveErrors);
                    if (!SipSocketErrors.IsTransientDatagramError(e.SocketErrorCode))
                    {
                        _faults.Report(SipTransportFaultKind.ReceiveError, e);
                        PauseAfterError(stopping);
                    }

                    continue;
                }
                catch (SocketException)
                {
                    break;
                }

                Deliver(buffer, received, size, address);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            end.TrySetResult();
        }
    }

    private void Deliver(byte[] buffer, int received, int size, SocketAddress address)
    {
        Interlocked.Add(ref _counters.BytesReceived, received);
        if (received >= size)
        {
            Interlocked.Increment(ref _counters.OversizedDropped);
            return;
        }

        var data = buffer.AsSpan(0, received);
        if (data.IndexOfAnyExcept((byte)'\r', (byte)'\n') < 0)
        {
            // An empty or CRLF-only datagram keeps a NAT binding open; there is nothing to hand up.
            Interlocked.Increment(ref _counters.KeepAlivesReceived);
            return;
        }

        Interlocked.Increment(ref _counters.MessagesReceived);
        var remote = new SipEndPoint(SipTransportProtocol.Udp, _addresses.GetEndPoint(address));
        var message = new SipInboundMessage(buffer.AsMemory(0, received), remote, LocalEndPoint, SipConnectionId.None, _time.GetTimestamp(), this);
        try
        {
            _handler.OnMessage(in message);
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _counters.HandlerExceptions);
            _faults.Report(SipTransportFaultKind.HandlerException, e);
        }
    }

    // A socket failing in a way we do not recognise must not spin the loop at full speed.
    private void PauseAfterError(CancellationToken stopping)
    {
        try
        {
            Task.Delay(TimeSpan.FromMilliseconds(50), _time, stopping).Wait(stopping);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
