using System.Net;
using System.Net.Sockets;

namespace Lifeline.Sip.Transports;

/// <summary>
/// SIP over TCP: a listener, inbound and outbound connections (one per remote end point, reused for every
/// message to it), Content-Length framing, RFC 5626 CRLF keepalives, a connection cap and an idle sweep.
/// </summary>
internal sealed class SipTcpTransport : ISipTransport
{
    private static readonly ReadOnlyMemory<byte> Ping = "\r\n\r\n"u8.ToArray();
    private static long s_lastConnectionId;

    private readonly Socket _listener;
    private readonly Lock _lock = new();
    private readonly Dictionary<IPEndPoint, SipTcpConnection> _byRemote = [];
    private readonly Dictionary<long, SipTcpConnection> _byId = [];
    private readonly List<SipTcpConnection> _sweepList = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly SipTransportMetrics _metrics;
    private readonly PeriodicTimer? _sweepTimer;
    private readonly IPAddress? _bindOutboundTo;
    private readonly Task _acceptLoop;
    private readonly Task _sweepLoop;
    private bool _disposed;

    private SipTcpTransport(Socket listener, ISipMessageHandler handler, SipTransportOptions options, TimeProvider time)
    {
        _listener = listener;
        Handler = handler;
        Options = options;
        Time = time;
        var local = (IPEndPoint)listener.LocalEndPoint!;
        LocalEndPoint = new SipEndPoint(SipTransportProtocol.Tcp, local);

        // Outbound connections leave from the listening address, so peers see the interface they were configured with.
        var any = local.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        _bindOutboundTo = local.Address.Equals(any) ? null : local.Address;
        Faults = new SipFaultReporter(handler, time, options.FaultReportInterval) { Transport = LocalEndPoint };
        _metrics = new SipTransportMetrics(Counters, LocalEndPoint);

        // Created here, not in the loop, so the sweep's clock starts when the transport opens.
        if (options.IdleTimeout != Timeout.InfiniteTimeSpan)
        {
            _sweepTimer = new PeriodicTimer(SweepPeriod(options.IdleTimeout), time);
        }

        _acceptLoop = SipBackground.Run(AcceptLoopAsync);
        _sweepLoop = _sweepTimer is null ? Task.CompletedTask : SipBackground.Run(SweepLoopAsync);
    }

    public SipTransportProtocol Protocol => SipTransportProtocol.Tcp;

    public SipEndPoint LocalEndPoint { get; }

    internal ISipMessageHandler Handler { get; }

    internal SipTransportOptions Options { get; }

    internal TimeProvider Time { get; }

    internal SipTransportCounters Counters { get; } = new();

    internal SipFaultReporter Faults { get; }

    public static SipTransportOpenResult Open(IPEndPoint listen, ISipMessageHandler handler, SipTransportOptions options, TimeProvider time)
    {
        var listener = new Socket(listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (listen.AddressFamily == AddressFamily.InterNetworkV6)
            {
                listener.DualMode = false;
            }

            // No ReuseAddress: on Linux .NET already sets SO_REUSEADDR (a restart can listen despite TIME_WAIT), and
            // asking for it adds SO_REUSEPORT, which would let a second process share this port unnoticed.
            listener.Bind(listen);
            listener.Listen(options.ListenBacklog);
        }
        catch (SocketException e)
        {
            listener.Dispose();
            return SipTransportOpenResult.Failure(e.SocketErrorCode, $"cannot listen on tcp:{listen}: {e.Message}");
        }

        return SipTransportOpenResult.Success(new SipTcpTransport(listener, handler, options, time));
    }

    public bool HasConnection(SipConnectionId connection)
    {
        lock (_lock)
        {
            return _byId.TryGetValue(connection.Value, out var c) && c.IsOpen;
        }
    }

    public SipTransportStatistics GetStatistics() => Counters.Snapshot();

    public ValueTask<SipSendResult> SendAsync(ReadOnlyMemory<byte> message, SipEndPoint remote, SipConnectionId connection = default, CancellationToken cancellationToken = default) =>
        SendCoreAsync(message, remote, connection, keepAlive: false, cancellationToken);

    public ValueTask<SipSendResult> SendKeepAliveAsync(SipEndPoint remote, CancellationToken cancellationToken = default) =>
        SendCoreAsync(Ping, remote, SipConnectionId.None, keepAlive: true, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        List<SipTcpConnection> connections;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            connections = [.. _byId.Values];
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        _sweepTimer?.Dispose();
        var reads = new List<Task>(connections.Count + 2) { _acceptLoop, _sweepLoop };
        foreach (var connection in connections)
        {
            connection.Close(SipConnectionCloseReason.TransportStopped);
            reads.Add(connection.ReadLoop);
        }

        await Task.WhenAll(reads).ConfigureAwait(false);
        _metrics.Dispose();
    }

    /// <summary>Called once by a connection as it closes.</summary>
    internal void OnConnectionClosed(SipTcpConnection connection, bool wasOpen)
    {
        lock (_lock)
        {
            _byId.Remove(connection.Id.Value);
            if (_byRemote.TryGetValue(connection.RemoteEndPoint, out var mapped) && ReferenceEquals(mapped, connection))
            {
                _byRemote.Remove(connection.RemoteEndPoint);
            }
        }

        if (!wasOpen)
        {
            return;
        }

        Interlocked.Decrement(ref Counters.ActiveConnections);
        Interlocked.Increment(ref Counters.ConnectionsClosed);
        if (connection.CloseReason == SipConnectionCloseReason.IdleTimeout)
        {
            Interlocked.Increment(ref Counters.IdleTimeouts);
        }

        try
        {
            Handler.OnConnectionClosed(new SipConnectionClosed(connection.Id, connection.Remote, connection.CloseReason, connection.IsInbound));
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref Counters.HandlerExceptions);
            Faults.Report(SipTransportFaultKind.HandlerException, e);
        }
    }

    internal void ReportPong(in SipKeepAlivePong pong)
    {
        try
        {
            Handler.OnKeepAlivePong(in pong);
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref Counters.HandlerExceptions);
            Faults.Report(SipTransportFaultKind.HandlerException, e);
        }
    }

    /// <summary>Closes connections idle longer than the idle timeout; the sweep loop calls it on each tick.</summary>
    internal void SweepIdleConnections()
    {
        lock (_lock)
        {
            _sweepList.Clear();
            _sweepList.AddRange(_byId.Values);
        }

        var now = Time.GetTimestamp();
        foreach (var connection in _sweepList)
        {
            if (connection.IsOpen && Time.GetElapsedTime(connection.LastActivity, now) > Options.IdleTimeout)
            {
                connection.Close(SipConnectionCloseReason.IdleTimeout);
            }
        }

        _sweepList.Clear();
    }

    private static TimeSpan SweepPeriod(TimeSpan idleTimeout) =>
        TimeSpan.FromTicks(Math.Clamp(idleTimeout.Ticks / 4, TimeSpan.TicksPerSecond, 30 * TimeSpan.TicksPerSecond));

    private static SipConnectionId NextConnectionId() => new(Interlocked.Increment(ref s_lastConnectionId));

    private ValueTask<SipSendResult> SendCoreAsync(ReadOnlyMemory<byte> message, SipEndPoint remote, SipConnectionId connection, bool keepAlive, CancellationToken cancellationToken)
    {
        SipSendStatus status;
        if (Volatile.Read(ref _disposed))
        {
            status = SipSendStatus.TransportClosed;
        }
        else if (connection.IsNone && (remote.Protocol != SipTransportProtocol.Tcp || remote.AddressFamily != LocalEndPoint.AddressFamily))
        {
            status = SipSendStatus.NoTransport;
        }
        else if (message.Length > Options.MaxMessageSize)
        {
            status = SipSendStatus.TooLarge;
        }
        else
        {
            return SendOnConnectionAsync(message, remote.EndPoint, connection, keepAlive, cancellationToken);
        }

        Counters.CountSend(status, 0, keepAlive);
        return ValueTask.FromResult(new SipSendResult(status, connection));
    }

    private async ValueTask<SipSendResult> SendOnConnectionAsync(ReadOnlyMemory<byte> message, IPEndPoint remote, SipConnectionId connectionId, bool keepAlive, CancellationToken cancellationToken)
    {
        SipSendResult result;
        var connection = connectionId.IsNone ? GetOrConnect(remote, out result) : Find(connectionId, out result);
        if (connection is not null)
        {
            var connected = connection.Connected;
            if (!connected.IsCompleted)
            {
                try
                {
                    await connected.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return new SipSendResult(SipSendStatus.Cancelled, connection.Id);
                }
            }

            result = connected.Result;
            if (result.IsSent)
            {
                if (keepAlive)
                {
                    connection.ExpectPong();
                }

                result = await connection.SendAsync(message, cancellationToken).ConfigureAwait(false);
                if (keepAlive && result.IsSent)
                {
                    Interlocked.Increment(ref Counters.PingsSent);
                }
            }
        }

        Counters.CountSend(result.Status, message.Length, keepAlive);
        return result;
    }

    private SipTcpConnection? Find(SipConnectionId id, out SipSendResult failure)
    {
        lock (_lock)
        {
            if (_byId.TryGetValue(id.Value, out var connection) && !connection.IsClosed)
            {
                failure = default;
                return connection;
            }
        }

        failure = new SipSendResult(SipSendStatus.ConnectionClosed, id);
        return null;
    }

    private SipTcpConnection? GetOrConnect(IPEndPoint remote, out SipSendResult failure)
    {
        failure = default;
        SipTcpConnection connection;
        lock (_lock)
        {
            if (_disposed)
            {
                failure = new SipSendResult(SipSendStatus.TransportClosed);
                return null;
            }

            if (_byRemote.TryGetValue(remote, out var existing) && !existing.IsClosed)
            {
                return existing;
            }

            // Key on a copy: the caller's IPEndPoint is theirs to change.
            connection = new SipTcpConnection(this, NextConnectionId(), new IPEndPoint(remote.Address, remote.Port), inbound: false);
            _byRemote[connection.RemoteEndPoint] = connection;
            _byId[connection.Id.Value] = connection;
        }

        _ = ConnectAsync(connection);
        return connection;
    }

    private async Task ConnectAsync(SipTcpConnection connection)
    {
        var socket = new Socket(connection.RemoteEndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        SipSendResult failure;
        try
        {
            socket.NoDelay = true;
            if (socket.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
            }

            if (_bindOutboundTo is not null)
            {
                socket.Bind(new IPEndPoint(_bindOutboundTo, 0));
            }

            using var timeout = new CancellationTokenSource(Options.ConnectTimeout, Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping.Token);
            await socket.ConnectAsync(connection.RemoteEndPoint, linked.Token).ConfigureAwait(false);
            Interlocked.Increment(ref Counters.ActiveConnections);
            if (connection.TryOpen(socket))
            {
                Interlocked.Increment(ref Counters.ConnectionsConnected);
                return;
            }

            Interlocked.Decrement(ref Counters.ActiveConnections);

            failure = new SipSendResult(SipSendStatus.TransportClosed, connection.Id);
        }
        catch (OperationCanceledException)
        {
            failure = new SipSendResult(_stopping.IsCancellationRequested ? SipSendStatus.TransportClosed : SipSendStatus.TimedOut, connection.Id);
        }
        catch (ObjectDisposedException)
        {
            failure = new SipSendResult(SipSendStatus.TransportClosed, connection.Id);
        }
        catch (SocketException e)
        {
            failure = new SipSendResult(SipSocketErrors.ToStatus(e.SocketErrorCode, connecting: true), connection.Id, e.SocketErrorCode);
        }
        catch (Exception e)
        {
            // Whatever happens, the senders waiting on this connection must get an answer.
            failure = new SipSendResult(SipSendStatus.ConnectionFailed, connection.Id);
            Faults.Report(SipTransportFaultKind.ReceiveError, e);
        }

        socket.Dispose();
        Interlocked.Increment(ref Counters.ConnectFailures);
        connection.FailConnect(failure);
    }

    private async Task AcceptLoopAsync()
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException e) when (!stopping.IsCancellationRequested)
            {
                Interlocked.Increment(ref Counters.ReceiveErrors);
                if (e.SocketErrorCode is not (SocketError.ConnectionAborted or SocketError.ConnectionReset))
                {
                    // Out of descriptors and the like: report, and do not spin while it lasts.
                    Faults.Report(SipTransportFaultKind.AcceptError, e);
                    await PauseAfterErrorAsync(stopping).ConfigureAwait(false);
                }

                continue;
            }
            catch (SocketException)
            {
                break;
            }

            Admit(socket);
        }
    }

    private void Admit(Socket socket)
    {
        IPEndPoint remote;
        try
        {
            remote = (IPEndPoint)socket.RemoteEndPoint!;
            socket.NoDelay = true;
        }
        catch (SocketException)
        {
            socket.Dispose(); // reset before we got to it
            return;
        }

        SipTcpConnection? connection = null;
        var overCap = false;
        lock (_lock)
        {
            if (!_disposed)
            {
                if (_byId.Count >= Options.MaxConnections)
                {
                    overCap = true;
                }
                else
                {
                    connection = new SipTcpConnection(this, NextConnectionId(), remote, inbound: true);
                    _byId[connection.Id.Value] = connection;
                    _byRemote.TryAdd(remote, connection);
                }
            }
        }

        if (connection is null)
        {
            if (overCap)
            {
                Interlocked.Increment(ref Counters.ConnectionsRefused);
            }

            Refuse(socket);
            return;
        }

        Interlocked.Increment(ref Counters.ConnectionsAccepted);
        Interlocked.Increment(ref Counters.ActiveConnections);
        if (!connection.TryOpen(socket))
        {
            Interlocked.Decrement(ref Counters.ActiveConnections); // the transport stopped meanwhile
        }
    }

    // A reset rather than a graceful close: the peer learns at once, and we keep no TIME_WAIT state for it.
    private static void Refuse(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
            // Already gone.
        }

        socket.Dispose();
    }

    private async Task SweepLoopAsync()
    {
        try
        {
            while (await _sweepTimer!.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                SweepIdleConnections();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task PauseAfterErrorAsync(CancellationToken stopping)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), Time, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
