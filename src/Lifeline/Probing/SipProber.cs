using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Lifeline.Health;
using Lifeline.Sip.Dns;
using Lifeline.Sip.Locating;
using Lifeline.Sip.Parsing;
using Lifeline.Sip.Transports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lifeline.Probing;

/// <summary>
/// Sends the scheduler's probes as SIP OPTIONS and CRLF pings, and turns what comes back into answers and failures.
/// </summary>
/// <remarks>
/// <para>A lean probe table instead of the transaction layer: a probe's branch carries its target's slot and token
/// (<see cref="ProbeBranch"/>), so an answer is matched by decoding its top Via; there is no transaction object, no
/// timer and no retransmission per probe (a probe has its own adaptive timeout, far below Timer F, and a
/// retransmission would only blur its RTT). docs/probing.md has the measurements behind this choice.</para>
/// <para>UDP probes go out from one shared socket read by a thread of its own (<see cref="ProbeUdpSocket"/>); a UDP
/// gateway may get a connected socket of its own (<see cref="DedicatedUdpSocket"/>), which is how an ICMP port
/// unreachable becomes a refusal. TCP probes and CRLF pings go over a <c>Lifeline.Sip</c> TCP transport, whose
/// refusals, closed connections and pongs come back through <see cref="ISipMessageHandler"/>. Gateways given as domains are looked up by RFC 3263
/// before their first probe, every <see cref="ProbingOptions.ResolveInterval"/>, and after any failed probe.</para>
/// </remarks>
internal sealed partial class SipProber : IProbeSender, ISipMessageHandler, IAsyncDisposable
{
    private const int StackMessageLimit = 1024;

    private readonly ProbeScheduler _scheduler;
    private readonly HealthBoard _board;
    private readonly ProbingOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _locatorLock = new();
    private readonly byte[]?[] _sentBy = new byte[]?[8];
    private readonly List<ISipTransport> _transports = [];
    private readonly List<ProbeUdpSocket> _udp = [];
    private SipServerLocator? _locator;
    private IPAddress? _defaultV4;
    private IPAddress? _defaultV6;
    private int _dedicated;
    private int _disposed;

    private SipProber(ProbeScheduler scheduler, HealthBoard board, SipServerLocator? locator, ILogger logger)
    {
        _scheduler = scheduler;
        _board = board;
        _options = scheduler.Options;
        _locator = locator;
        _logger = logger;
        Time = scheduler.TimeProvider;
    }

    /// <summary>The clock of the scheduler (and of the transports' timestamps).</summary>
    public TimeProvider Time { get; }

    /// <summary>Where probes go out from: the shared UDP sockets and the TCP transports (IPv4 and, where the host has it, IPv6).</summary>
    public IReadOnlyList<SipEndPoint> LocalEndPoints
    {
        get
        {
            var result = new List<SipEndPoint>();
            foreach (var udp in _udp)
            {
                result.Add(new SipEndPoint(SipTransportProtocol.Udp, udp.LocalEndPoint));
            }

            foreach (var transport in _transports)
            {
                result.Add(transport.LocalEndPoint);
            }

            return result;
        }
    }

    /// <summary>Connected UDP sockets open now.</summary>
    public int DedicatedSockets => Volatile.Read(ref _dedicated);

    /// <summary>
    /// Opens the probe transports and attaches to <paramref name="scheduler"/>. Failure to listen is a result
    /// (<paramref name="error"/>), not an exception.
    /// </summary>
    public static SipProber? TryOpen(ProbeScheduler scheduler, HealthBoard board, SipServerLocator? locator, ILogger? logger, out string? error)
    {
        var prober = new SipProber(scheduler, board, locator, logger ?? NullLogger.Instance);
        if (!SipEndPoint.TryParse(scheduler.Options.UdpListen, out var udpListen, out error) || udpListen.Protocol != SipTransportProtocol.Udp
            || !SipEndPoint.TryParse(scheduler.Options.TcpListen, out var tcpListen, out error) || tcpListen.Protocol != SipTransportProtocol.Tcp)
        {
            error ??= "the probe listen addresses must be udp:HOST:PORT and tcp:HOST:PORT";
            _ = prober.DisposeAsync().AsTask();
            return null;
        }

        var udp = ProbeUdpSocket.TryOpen(udpListen.EndPoint, prober, out error);
        if (udp is null)
        {
            _ = prober.DisposeAsync().AsTask();
            return null;
        }

        prober._udp.Add(udp);

        // Every TCP gateway keeps one connection open; the default cap suits a proxy's inbound side, not this.
        var options = new SipTransportOptions { MaxConnections = 1 << 20 };
        var tcp = SipTransport.Open(tcpListen, prober, options, prober.Time);
        if (!tcp.IsSuccess)
        {
            error = tcp.Error;
            _ = prober.DisposeAsync().AsTask();
            return null;
        }

        prober._transports.Add(tcp.Transport);

        // The same on IPv6 when listening on every IPv4 address, if the host has IPv6 at all.
        if (Socket.OSSupportsIPv6)
        {
            if (udpListen.EndPoint.Address.Equals(IPAddress.Any) && ProbeUdpSocket.TryOpen(new IPEndPoint(IPAddress.IPv6Any, udpListen.EndPoint.Port), prober, out _) is { } udp6)
            {
                prober._udp.Add(udp6);
            }

            if (tcpListen.EndPoint.Address.Equals(IPAddress.Any)
                && SipTransport.Open(new SipEndPoint(SipTransportProtocol.Tcp, IPAddress.IPv6Any, tcpListen.EndPoint.Port), prober, options, prober.Time) is { IsSuccess: true } tcp6)
            {
                prober._transports.Add(tcp6.Transport);
            }
        }

        scheduler.Attach(prober);
        error = null;
        return prober;
    }

    /// <summary>The probe failure a socket error stands for.</summary>
    public static ProbeFailure FailureOf(SocketError error) => error switch
    {
        SocketError.ConnectionRefused or SocketError.ConnectionReset => ProbeFailure.Refused,
        SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown or SocketError.NetworkDown or SocketError.TimedOut => ProbeFailure.Unreachable,
        _ => ProbeFailure.SendFailed,
    };

    /// <inheritdoc />
    public void SendProbe(ProbeTarget target, in ProbeTicket ticket)
    {
        if (target.NeedsResolve)
        {
            _ = ResolveThenSendAsync(target, ticket);
            return;
        }

        SendNow(target, ticket);
    }

    /// <inheritdoc />
    public void SendKeepAlive(ProbeTarget target)
    {
        var transport = Select(target.EndPoint);
        if (transport is null)
        {
            return;
        }

        // A lost ping is judged by its missing pong; the send result adds nothing.
        var sending = transport.SendKeepAliveAsync(target.EndPoint);
        if (!sending.IsCompleted)
        {
            _ = sending.AsTask();
        }
    }

    /// <inheritdoc />
    public void Forget(ProbeTarget target)
    {
        if (Interlocked.Exchange(ref target.Dedicated, null) is { } own)
        {
            own.Dispose();
            Interlocked.Decrement(ref _dedicated);
        }
    }

    /// <inheritdoc />
    public void OnMessage(in SipInboundMessage message) => OnDatagram(message.Data, message.Timestamp);

    /// <inheritdoc />
    public void OnKeepAlivePong(in SipKeepAlivePong pong) => _scheduler.PongReceived(pong.Remote, pong.Timestamp);

    /// <inheritdoc />
    public void OnConnectionClosed(in SipConnectionClosed closed)
    {
        if (!closed.WasInbound)
        {
            _scheduler.ConnectionClosed(closed.Remote);
        }
    }

    /// <inheritdoc />
    public void OnFault(in SipTransportFault fault) => LogTransportFault(_logger, fault.Kind, fault.Transport.ToString(), fault.Suppressed, fault.Exception);

    /// <summary>A message from a gateway (shared transport or dedicated socket): a final response to a probe ends it.</summary>
    public void OnDatagram(ReadOnlyMemory<byte> data, long timestamp)
    {
        if (!SipParser.Default.ParseDatagram(data).TryGetMessage(out var message)
            || !message.IsResponse
            || message.StatusCode < 200
            || !message.TryGetTopVia(out var via)
            || !ProbeBranch.TryRead(via.Branch.Span, out var index, out var token))
        {
            // Not an answer to a probe: a provisional response (the final one settles the probe), or stray traffic.
            return;
        }

        _scheduler.Answered(index, token, timestamp, message.StatusCode);
    }

    /// <summary>A dedicated socket received an ICMP error: the probe out on it has failed.</summary>
    public void OnDedicatedError(ProbeTarget target, ProbeFailure failure) => _scheduler.Failed(target.Index, target.Token, failure);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var target in _scheduler.Targets())
        {
            Forget(target);
        }

        foreach (var udp in _udp)
        {
            udp.Dispose();
        }

        foreach (var transport in _transports)
        {
            await transport.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static ProbeFailure FailureOf(SipSendResult result) => result.Status switch
    {
        SipSendStatus.ConnectionRefused => ProbeFailure.Refused,
        SipSendStatus.Unreachable or SipSendStatus.TimedOut or SipSendStatus.ConnectionFailed => ProbeFailure.Unreachable,
        SipSendStatus.ConnectionClosed => ProbeFailure.ConnectionClosed,
        _ => ProbeFailure.SendFailed,
    };

    private void SendNow(ProbeTarget target, in ProbeTicket ticket)
    {
        var remote = target.EndPoint;
        if (remote.IsEmpty)
        {
            _scheduler.Failed(ticket.Index, ticket.Token, ProbeFailure.ResolveFailed);
            return;
        }

        var tcp = remote.Protocol == SipTransportProtocol.Tcp;
        if (!tcp && Dedicated(target, remote) is { } own)
        {
            target.SentOnDedicated = true;
            SendDedicated(own, target, ticket);
            return;
        }

        target.SentOnDedicated = false;

        if (!tcp)
        {
            SendShared(target, remote, ticket);
            return;
        }

        var transport = Select(remote);
        if (transport is null)
        {
            _scheduler.Failed(ticket.Index, ticket.Token, ProbeFailure.SendFailed);
            return;
        }

        var sentBy = SentByFor(SipTransportProtocol.Tcp, transport.LocalEndPoint.EndPoint, remote.EndPoint.Address);
        var buffer = ArrayPool<byte>.Shared.Rent(ProbeMessageWriter.MaxLength(target.Gateway, sentBy.Length));
        var length = ProbeMessageWriter.Write(buffer, target.Gateway, tcp: true, sentBy, ticket);
        var sending = transport.SendAsync(buffer.AsMemory(0, length), remote);
        if (!sending.IsCompleted)
        {
            // The connection is being opened: finish off the loop.
            _ = AwaitSendAsync(sending, buffer, ticket);
            return;
        }

        var result = sending.Result;
        ArrayPool<byte>.Shared.Return(buffer);
        if (!result.IsSent)
        {
            _scheduler.Failed(ticket.Index, ticket.Token, FailureOf(result));
        }
    }

    private void SendShared(ProbeTarget target, SipEndPoint remote, in ProbeTicket ticket)
    {
        ProbeUdpSocket? socket = null;
        foreach (var udp in _udp)
        {
            if (udp.AddressFamily == remote.AddressFamily)
            {
                socket = udp;
                break;
            }
        }

        if (socket is null)
        {
            _scheduler.Failed(ticket.Index, ticket.Token, ProbeFailure.SendFailed);
            return;
        }

        // Serialized once per target (and again only if its address changes): sendto takes it as it is.
        var address = target.RemoteAddress;
        if (address is null || !ReferenceEquals(target.RemoteAddressOf, remote.EndPoint))
        {
            address = remote.EndPoint.Serialize();
            target.RemoteAddress = address;
            target.RemoteAddressOf = remote.EndPoint;
        }

        var sentBy = SentByFor(SipTransportProtocol.Udp, socket.LocalEndPoint, remote.EndPoint.Address);
        var size = ProbeMessageWriter.MaxLength(target.Gateway, sentBy.Length);
        byte[]? rented = null;
        Span<byte> buffer = size <= StackMessageLimit ? stackalloc byte[StackMessageLimit] : (rented = ArrayPool<byte>.Shared.Rent(size));
        var length = ProbeMessageWriter.Write(buffer, target.Gateway, tcp: false, sentBy, ticket);
        var failure = socket.Send(buffer[..length], address);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        if (failure is { } f)
        {
            _scheduler.Failed(ticket.Index, ticket.Token, f);
        }
    }

    private void SendDedicated(DedicatedUdpSocket own, ProbeTarget target, in ProbeTicket ticket)
    {
        var size = ProbeMessageWriter.MaxLength(target.Gateway, own.SentBy.Length);
        byte[]? rented = null;
        Span<byte> buffer = size <= StackMessageLimit ? stackalloc byte[StackMessageLimit] : (rented = ArrayPool<byte>.Shared.Rent(size));
        var length = ProbeMessageWriter.Write(buffer, target.Gateway, tcp: false, own.SentBy, ticket);
        var failure = own.Send(buffer[..length]);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        if (failure is { } f)
        {
            _scheduler.Failed(ticket.Index, ticket.Token, f);
        }
    }

    private async Task AwaitSendAsync(ValueTask<SipSendResult> sending, byte[] buffer, ProbeTicket ticket)
    {
        var result = await sending.ConfigureAwait(false);
        ArrayPool<byte>.Shared.Return(buffer);
        if (!result.IsSent)
        {
            _scheduler.Failed(ticket.Index, ticket.Token, FailureOf(result));
        }
    }

    /// <summary>
    /// The target's own connected socket, opened or closed by the rule of <see cref="ProbingOptions.DedicatedUdpSockets"/>:
    /// every gateway while there are few; otherwise only failing ones (not Up, or the last probe unanswered).
    /// </summary>
    private DedicatedUdpSocket? Dedicated(ProbeTarget target, SipEndPoint remote)
    {
        var limit = _options.DedicatedUdpSockets;
        var own = target.Dedicated;
        var wanted = limit > 0
            && !target.DedicatedUnusable
            && (_scheduler.Count <= limit || !target.LastAnswered || (target.BoardSlot >= 0 ? _board.Current.HealthAt(target.BoardSlot) : _board.Current.HealthOf(target.Id)) is { } health && health != TargetHealth.Up);
        var checkShared = false;
        if (wanted && target.CheckingShared && target.LastAnswered)
        {
            // Timed out on its own socket, answered on the shared one: it answers from another address (a multi-homed
            // SBC, a load balancer) and a connected socket drops those answers. Shared socket only, from now on.
            target.DedicatedUnusable = true;
            wanted = false;
            LogAnswersFromElsewhere(_logger, target.Id);
        }
        else if (wanted && target.SentOnDedicated && target.LastFailure == ProbeFailure.Timeout)
        {
            // A timeout on its own socket, with no ICMP error: try the shared socket once before blaming the gateway.
            checkShared = true;
        }

        target.CheckingShared = checkShared;
        if (own is not null && (!wanted || !own.Remote.Equals(remote.EndPoint)))
        {
            Forget(target);
            own = null;
        }

        if (own is null && wanted)
        {
            if (Interlocked.Increment(ref _dedicated) > limit)
            {
                Interlocked.Decrement(ref _dedicated);
                return null;
            }

            own = DedicatedUdpSocket.TryOpen(this, target, remote.EndPoint);
            if (own is null || target.State == ProbeState.Removed || Interlocked.CompareExchange(ref target.Dedicated, own, null) is not null)
            {
                own?.Dispose();
                Interlocked.Decrement(ref _dedicated);
                return null;
            }
        }

        return checkShared ? null : own;
    }

    private async Task ResolveThenSendAsync(ProbeTarget target, ProbeTicket ticket)
    {
        var gateway = target.Gateway;
        SipLocateResult result;
        try
        {
            using var timeout = new CancellationTokenSource(_options.ResolveTimeout, Time);
            result = await Locator().LocateAsync(new SipLocateRequest(gateway.Host, gateway.Port, gateway.Transport), timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            result = SipLocateResult.Failed(SipLocateError.Timeout, "no answer within " + _options.ResolveTimeout.TotalSeconds + " s");
        }

        // The best server, unless the last probe failed there and the domain has another (RFC 3263 failover).
        var endPoint = default(SipEndPoint);
        foreach (var found in result.Targets)
        {
            if (found.Transport is SipTransportKind.Udp or SipTransportKind.Tcp)
            {
                var candidate = new SipEndPoint(found.Transport == SipTransportKind.Tcp ? SipTransportProtocol.Tcp : SipTransportProtocol.Udp, found.EndPoint);
                if (endPoint.IsEmpty)
                {
                    endPoint = candidate;
                }

                if (candidate != target.FailedEndPoint)
                {
                    endPoint = candidate;
                    break;
                }
            }
        }

        if (endPoint.IsEmpty)
        {
            if (!target.ResolveWarned)
            {
                target.ResolveWarned = true;
                LogResolveFailed(_logger, target.Id, gateway.Host, result.ToString());
            }

            _scheduler.Failed(ticket.Index, ticket.Token, ProbeFailure.ResolveFailed);
            return;
        }

        if (target.ResolveWarned || (!target.EndPoint.IsEmpty && target.EndPoint != endPoint))
        {
            LogResolved(_logger, target.Id, gateway.Host, endPoint.ToString());
        }

        target.ResolveWarned = false;
        if (_scheduler.Resolved(ticket.Index, ticket.Token, endPoint))
        {
            SendNow(target, ticket);
        }
    }

    private SipServerLocator Locator()
    {
        lock (_locatorLock)
        {
            return _locator ??= new SipServerLocator(DnsClient.FromSystemConfiguration(Time));
        }
    }

    private ISipTransport? Select(SipEndPoint remote)
    {
        foreach (var transport in _transports)
        {
            if (transport.Protocol == remote.Protocol && transport.LocalEndPoint.AddressFamily == remote.AddressFamily)
            {
                return transport;
            }
        }

        return null;
    }

    /// <summary>
    /// The Via sent-by for probes from <paramref name="local"/> to <paramref name="remote"/>: the bound address,
    /// or, when bound to every address, the loopback address for loopback gateways and otherwise the address the
    /// system routes the first gateway of that family from (set the listen address on a multi-homed host).
    /// </summary>
    private byte[] SentByFor(SipTransportProtocol protocol, IPEndPoint local, IPAddress remote)
    {
        var loopback = IPAddress.IsLoopback(remote);
        var v6 = remote.AddressFamily == AddressFamily.InterNetworkV6;
        var slot = (protocol == SipTransportProtocol.Tcp ? 4 : 0) + (v6 ? 2 : 0) + (loopback ? 1 : 0);
        if (Volatile.Read(ref _sentBy[slot]) is { } cached)
        {
            return cached;
        }

        var host = local.Address;
        if (host.Equals(IPAddress.Any) || host.Equals(IPAddress.IPv6Any))
        {
            host = loopback ? (v6 ? IPAddress.IPv6Loopback : IPAddress.Loopback) : RoutedFrom(remote);
        }

        var text = v6 ? $"[{host}]:{local.Port}" : $"{host}:{local.Port}";
        var bytes = Encoding.ASCII.GetBytes(text);
        Volatile.Write(ref _sentBy[slot], bytes);
        return bytes;
    }

    private IPAddress RoutedFrom(IPAddress remote)
    {
        var v6 = remote.AddressFamily == AddressFamily.InterNetworkV6;
        if ((v6 ? _defaultV6 : _defaultV4) is { } known)
        {
            return known;
        }

        IPAddress found;
        try
        {
            // Connecting a UDP socket sends nothing; it only asks the routing table which address would be used.
            using var socket = new Socket(remote.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Connect(new IPEndPoint(remote, 9));
            found = ((IPEndPoint)socket.LocalEndPoint!).Address;
        }
        catch (SocketException)
        {
            found = v6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        }

        if (v6)
        {
            _defaultV6 = found;
        }
        else
        {
            _defaultV4 = found;
        }

        return found;
    }
}
