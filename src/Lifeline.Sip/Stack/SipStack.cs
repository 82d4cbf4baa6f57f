using System.Net;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Parsing;
using Lifeline.Sip.Transactions;
using Lifeline.Sip.Transports;
using TransactionSendResult = Lifeline.Sip.Transactions.SipSendResult;

namespace Lifeline.Sip.Stack;

/// <summary>
/// Transports, parser and transaction layer joined into one SIP endpoint: bytes that arrive are
/// parsed (a malformed message is dropped and counted, never thrown) and handed to the transaction
/// layer; what the transaction layer sends goes out through the transport of the destination's
/// protocol and address family.
/// </summary>
public sealed class SipStack : ISipMessageHandler, ISipTransactionSender, IAsyncDisposable
{
    private readonly SipParser _parser;
    private readonly ISipTransactionUser _user;
    private SipTransportSet? _transports;
    private SipTransactionLayer? _transactions;
    private long _malformed;
    private long _received;

    private SipStack(SipParser parser, ISipTransactionUser user)
    {
        _parser = parser;
        _user = user;
    }

    /// <summary>The listening transports.</summary>
    public SipTransportSet Transports => _transports ?? throw new InvalidOperationException("the stack is not open");

    /// <summary>The RFC 3261 §17 transaction layer.</summary>
    public SipTransactionLayer Transactions => _transactions ?? throw new InvalidOperationException("the stack is not open");

    /// <summary>Messages received and parsed.</summary>
    public long MessagesReceived => Interlocked.Read(ref _received);

    /// <summary>Messages dropped because they did not parse.</summary>
    public long MalformedMessages => Interlocked.Read(ref _malformed);

    /// <summary>The last parse error seen, for diagnostics.</summary>
    public SipParseError? LastParseError { get; private set; }

    /// <summary>
    /// Opens transports on <paramref name="listen"/> (<c>udp:HOST:PORT</c>, <c>tcp:HOST:PORT</c>; port 0 picks one)
    /// and a transaction layer over them. Requests that arrive go to <paramref name="user"/>; without one they
    /// are answered 501 Not Implemented.
    /// </summary>
    public static async Task<SipStackOpenResult> OpenAsync(
        IEnumerable<string> listen,
        ISipTransactionUser? user = null,
        SipStackOptions? options = null,
        TimeProvider? timeProvider = null)
    {
        options ??= SipStackOptions.Default;
        timeProvider ??= TimeProvider.System;
        var stack = new SipStack(new SipParser(options.Parser), user ?? SipNotImplementedUser.Instance);
        var opened = await SipTransportSet.OpenAsync(listen, stack, options.Transport, timeProvider).ConfigureAwait(false);
        if (!opened.IsSuccess)
        {
            return SipStackOpenResult.Failure(opened.Error ?? "the transports did not open");
        }

        stack._transports = opened.Set;
        stack._transactions = new SipTransactionLayer(stack, stack._user, timeProvider, options.Timers);
        return SipStackOpenResult.Success(stack);
    }

    /// <summary>The local end point a message to <paramref name="remote"/> is sent from (its protocol and address family).</summary>
    public SipEndPoint? LocalEndPointFor(SipEndPoint remote) => Transports.Select(remote)?.LocalEndPoint;

    /// <summary>Starts a client transaction for <paramref name="request"/> to <paramref name="destination"/>.</summary>
    public SipClientTransaction Send(SipMessage request, SipEndPoint destination, TimeSpan? timeout = null, ISipClientTransactionListener? listener = null) =>
        Transactions.StartClientTransaction(request, ToTransactionDestination(destination), listener, timeout);

    /// <summary>How a transport end point looks to the transaction layer.</summary>
    public static SipTransactionDestination ToTransactionDestination(SipEndPoint endPoint) =>
        new(endPoint.EndPoint, endPoint.Protocol != SipTransportProtocol.Udp);

    void ISipMessageHandler.OnMessage(in SipInboundMessage message)
    {
        // The transport's buffer is only valid during this call; the transaction layer may keep the message.
        var result = _parser.ParseDatagram(message.Data.ToArray());
        if (!result.TryGetMessage(out var parsed))
        {
            Interlocked.Increment(ref _malformed);
            LastParseError = result.Error;
            return;
        }

        Interlocked.Increment(ref _received);
        _transactions?.Receive(parsed, ToTransactionDestination(message.Remote));
    }

    async ValueTask<TransactionSendResult> ISipTransactionSender.SendAsync(ReadOnlyMemory<byte> message, SipTransactionDestination destination, CancellationToken cancellationToken)
    {
        var remote = new SipEndPoint(destination.IsReliable ? SipTransportProtocol.Tcp : SipTransportProtocol.Udp, (IPEndPoint)destination.EndPoint);
        var sent = await Transports.SendAsync(message, remote, default, cancellationToken).ConfigureAwait(false);
        return sent.IsSent
            ? TransactionSendResult.Success
            : TransactionSendResult.Failed(sent.SocketError, sent.Status.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        _transactions?.Dispose();
        if (_transports is not null)
        {
            await _transports.DisposeAsync().ConfigureAwait(false);
        }
    }
}
