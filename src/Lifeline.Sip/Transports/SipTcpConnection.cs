using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace Lifeline.Sip.Transports;

/// <summary>
/// One TCP connection of a <see cref="SipTcpTransport"/>: a read loop that frames messages out of a pooled
/// buffer, and serialised writes so concurrent senders never interleave two messages.
/// </summary>
internal sealed class SipTcpConnection
{
    private const int StateConnecting = 0;
    private const int StateOpen = 1;
    private const int StateClosed = 2;
    private const int InitialBufferSize = 4096;

    private static readonly ReadOnlyMemory<byte> Pong = "\r\n"u8.ToArray();

    private readonly SipTcpTransport _owner;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TaskCompletionSource<SipSendResult> _connected;
    private Socket? _socket;
    private int _state;
    private int _pingOutstanding;
    private long _lastActivity;

    public SipTcpConnection(SipTcpTransport owner, SipConnectionId id, IPEndPoint remote, bool inbound)
    {
        _owner = owner;
        Id = id;
        RemoteEndPoint = remote;
        Remote = new SipEndPoint(SipTransportProtocol.Tcp, remote);
        IsInbound = inbound;
        Local = owner.LocalEndPoint;
        _lastActivity = owner.Time.GetTimestamp();
        _connected = new TaskCompletionSource<SipSendResult>(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public SipConnectionId Id { get; }

    public IPEndPoint RemoteEndPoint { get; }

    public SipEndPoint Remote { get; }

    public SipEndPoint Local { get; private set; }

    public bool IsInbound { get; }

    public bool IsOpen => Volatile.Read(ref _state) == StateOpen;

    public bool IsClosed => Volatile.Read(ref _state) == StateClosed;

    public long LastActivity => Volatile.Read(ref _lastActivity);

    public SipConnectionCloseReason CloseReason { get; private set; }

    public Task ReadLoop { get; private set; } = Task.CompletedTask;

    /// <summary>Completes with Sent once open, or with why connecting failed.</summary>
    public Task<SipSendResult> Connected => _connected.Task;

    /// <summary>Attaches the connected socket and starts reading; false (socket disposed) if the connection was closed meanwhile.</summary>
    public bool TryOpen(Socket socket)
    {
        Volatile.Write(ref _socket, socket);
        try
        {
            if (socket.LocalEndPoint is IPEndPoint local)
            {
                Local = new SipEndPoint(SipTransportProtocol.Tcp, local);
            }
        }
        catch (SocketException)
        {
            // Reset already: the read loop will find out; the listening address stands in.
        }

        if (Interlocked.CompareExchange(ref _state, StateOpen, StateConnecting) != StateConnecting)
        {
            socket.Dispose();
            return false;
        }

        Touch();
        ReadLoop = SipBackground.Run(ReadLoopAsync);

        _connected.TrySetResult(new SipSendResult(SipSendStatus.Sent, Id));
        return true;
    }

    /// <summary>Marks an outbound connection that could not be established.</summary>
    public void FailConnect(SipSendResult result)
    {
        _connected.TrySetResult(result);
        Close(SipConnectionCloseReason.SocketError);
    }

    /// <summary>Records that a ping went out, so the next lone CRLF is taken as its pong.</summary>
    public void ExpectPong() => Volatile.Write(ref _pingOutstanding, 1);

    public async ValueTask<SipSendResult> SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (!IsOpen)
        {
            return new SipSendResult(SipSendStatus.ConnectionClosed, Id);
        }

        try
        {
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return new SipSendResult(SipSendStatus.Cancelled, Id);
        }

        try
        {
            var socket = Volatile.Read(ref _socket);
            if (!IsOpen || socket is null)
            {
                return new SipSendResult(SipSendStatus.ConnectionClosed, Id);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return new SipSendResult(SipSendStatus.Cancelled, Id);
            }

            var remaining = data;
            try
            {
                while (!remaining.IsEmpty)
                {
                    var sent = await socket.SendAsync(remaining, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    remaining = remaining[sent..];
                }
            }
            catch (OperationCanceledException)
            {
                // Part of the message may be on the wire: the stream can no longer be framed by the peer.
                Close(SipConnectionCloseReason.SendAborted);
                return new SipSendResult(SipSendStatus.Cancelled, Id);
            }

            Touch();
            return new SipSendResult(SipSendStatus.Sent, Id);
        }
        catch (ObjectDisposedException)
        {
            return new SipSendResult(SipSendStatus.ConnectionClosed, Id);
        }
        catch (SocketException e)
        {
            // Closed under us (idle sweep, the transport stopping) or broken now: either way this connection is gone.
            var status = IsClosed ? SipSendStatus.ConnectionClosed : SipSocketErrors.ToStatus(e.SocketErrorCode, connecting: false);
            Close(SipConnectionCloseReason.SocketError);
            return new SipSendResult(status, Id, e.SocketErrorCode);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Closes the connection once; later calls do nothing. Never throws.</summary>
    public void Close(SipConnectionCloseReason reason)
    {
        var previous = Interlocked.Exchange(ref _state, StateClosed);
        if (previous == StateClosed)
        {
            return;
        }

        CloseReason = reason;

        // Senders still waiting for this connection to open get an answer too.
        _connected.TrySetResult(new SipSendResult(
            reason == SipConnectionCloseReason.TransportStopped ? SipSendStatus.TransportClosed : SipSendStatus.ConnectionClosed, Id));
        var socket = Volatile.Read(ref _socket);
        if (socket is not null)
        {
            try
            {
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // Already broken: disposing is all that is left.
            }
            catch (ObjectDisposedException)
            {
                // Already disposed.
            }

            socket.Dispose();
        }

        _owner.OnConnectionClosed(this, wasOpen: previous == StateOpen);
    }

    private void Touch() => Volatile.Write(ref _lastActivity, _owner.Time.GetTimestamp());

    private async Task ReadLoopAsync()
    {
        var socket = Volatile.Read(ref _socket)!;
        var options = _owner.Options;
        var counters = _owner.Counters;
        var framer = new SipStreamFramer(options.MaxMessageSize);
        var limit = options.MaxBufferedBytes;
        byte[]? buffer = null;
        int start = 0, end = 0;
        var reason = SipConnectionCloseReason.RemoteClosed;
        try
        {
            while (true)
            {
                int capacity;
                if (buffer is null)
                {
                    // Wait for data before taking a buffer, so idle connections hold no memory.
                    await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None).ConfigureAwait(false);
                    buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferSize, limit));
                    capacity = Math.Min(buffer.Length, limit);
                }
                else
                {
                    capacity = Math.Min(buffer.Length, limit);
                    if (end == capacity)
                    {
                        if (start > 0)
                        {
                            buffer.AsSpan(start, end - start).CopyTo(buffer);
                            end -= start;
                            start = 0;
                        }
                        else if (capacity < limit)
                        {
                            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(limit, capacity * 2));
                            buffer.AsSpan(0, end).CopyTo(larger);
                            ArrayPool<byte>.Shared.Return(buffer);
                            buffer = larger;
                            capacity = Math.Min(buffer.Length, limit);
                        }
                        else
                        {
                            Interlocked.Increment(ref counters.BufferOverflows);
                            reason = SipConnectionCloseReason.BufferOverflow;
                            break;
                        }
                    }
                }

                var read = await socket.ReceiveAsync(buffer.AsMemory(end, capacity - end), SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                end += read;
                Interlocked.Add(ref counters.BytesReceived, read);
                Touch();

                var failed = false;
                while (start < end)
                {
                    var frame = framer.Frame(buffer.AsSpan(start, end - start), Volatile.Read(ref _pingOutstanding) != 0);
                    if (frame.Kind == SipFrameKind.NeedMore)
                    {
                        break;
                    }

                    if (frame.Kind == SipFrameKind.Error)
                    {
                        Interlocked.Increment(ref counters.FramingErrors);
                        reason = SipConnectionCloseReason.FramingError;
                        failed = true;
                        break;
                    }

                    if (frame.Kind == SipFrameKind.Message)
                    {
                        Deliver(buffer.AsMemory(start, frame.Length));
                    }
                    else if (frame.Kind == SipFrameKind.Ping)
                    {
                        Interlocked.Increment(ref counters.KeepAlivesReceived);
                        var pong = await SendAsync(Pong, CancellationToken.None).ConfigureAwait(false);
                        _owner.Counters.CountSend(pong.Status, Pong.Length, keepAlive: true);
                        if (pong.IsSent)
                        {
                            Interlocked.Increment(ref counters.PongsSent);
                        }
                    }
                    else if (Interlocked.Exchange(ref _pingOutstanding, 0) != 0)
                    {
                        Interlocked.Increment(ref counters.PongsReceived);
                        _owner.ReportPong(new SipKeepAlivePong(Remote, Id, _owner.Time.GetTimestamp()));
                    }
                    else
                    {
                        Interlocked.Increment(ref counters.KeepAlivesReceived);
                    }

                    start += frame.Length;
                }

                if (failed)
                {
                    break;
                }

                if (start == end)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = null;
                    start = end = 0;
                }
            }
        }
        catch (ObjectDisposedException)
        {
            // Closed by this side; the reason is already recorded.
        }
        catch (SocketException)
        {
            reason = SipConnectionCloseReason.SocketError;
        }
        catch (Exception e)
        {
            // A bug here must cost one connection, not the process.
            reason = SipConnectionCloseReason.SocketError;
            _owner.Faults.Report(SipTransportFaultKind.ReceiveError, e);
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            Close(reason);
        }
    }

    private void Deliver(ReadOnlyMemory<byte> data)
    {
        Interlocked.Increment(ref _owner.Counters.MessagesReceived);
        var message = new SipInboundMessage(data, Remote, Local, Id, _owner.Time.GetTimestamp(), _owner);
        try
        {
            _owner.Handler.OnMessage(in message);
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _owner.Counters.HandlerExceptions);
            _owner.Faults.Report(SipTransportFaultKind.HandlerException, e);
        }
    }
}
