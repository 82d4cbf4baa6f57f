using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Parsing;

namespace Lifeline.Sip.Transactions;

/// <summary>
/// The transaction layer of RFC 3261 §17: owns the client and server transaction tables, matches
/// inbound messages to transactions (§17.1.3, §17.2.3, with the RFC 2543 fallback for branches
/// without the magic cookie), creates server transactions for new requests and hands them to the
/// TU, passes strays (responses without a transaction, ACKs for 2xx) to the TU, starts client
/// transactions, and drops transactions once they terminate. Thread-safe.
/// </summary>
/// <remarks>
/// Inbound messages may live in a transport's pooled buffer: the layer copies a message only
/// when it keeps it (the request of a new server transaction, the final response of a client
/// transaction). Messages passed to TU callbacks otherwise are valid only during the call.
/// </remarks>
public sealed class SipTransactionLayer : IDisposable
{
    private readonly ConcurrentDictionary<SipTransactionKey, SipClientTransaction> _clients = new();
    private readonly ConcurrentDictionary<SipTransactionKey, SipServerTransaction> _servers = new();

    // RFC 2543 transactions (no magic cookie) by Call-ID; rare, so a plain locked dictionary.
    private readonly Dictionary<string, List<SipServerTransaction>> _legacy = new(StringComparer.Ordinal);
    private readonly Lock _legacyGate = new();
    private int _legacyCount;
    private volatile bool _disposed;

    /// <summary>Creates a transaction layer.</summary>
    /// <param name="sender">Moves messages to the transports.</param>
    /// <param name="user">The TU: receives new requests, strays and server transaction failures.</param>
    /// <param name="timeProvider">The clock for every timer (default: the system clock).</param>
    /// <param name="timers">T1, T2, T4 and the derived timers (default: RFC 3261's values).</param>
    public SipTransactionLayer(ISipTransactionSender sender, ISipTransactionUser user, TimeProvider? timeProvider = null, SipTimerOptions? timers = null)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(user);
        Timers = timers ?? SipTimerOptions.Default;
        Timers.Validate();
        Sender = sender;
        User = user;
        TimeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The timer values in use.</summary>
    public SipTimerOptions Timers { get; }

    /// <summary>The clock the timers run on.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Number of live client transactions.</summary>
    public int ClientTransactionCount => _clients.Count;

    /// <summary>Number of live server transactions.</summary>
    public int ServerTransactionCount => _servers.Count + Volatile.Read(ref _legacyCount);

    internal ISipTransactionSender Sender { get; }

    internal ISipTransactionUser User { get; }

    /// <summary>
    /// Starts a client transaction: sends <paramref name="request"/> to
    /// <paramref name="destination"/> and runs its timers. The request's bytes must stay unchanged
    /// while the transaction lives (they are retransmitted); its top Via branch, unique per
    /// transaction, is the transaction id.
    /// </summary>
    /// <param name="request">The request (not ACK: an ACK has no transaction).</param>
    /// <param name="destination">Where to send and whether the transport is reliable.</param>
    /// <param name="listener">Optional callbacks for provisional responses, completion and late 2xx.</param>
    /// <param name="timeout">
    /// Replaces Timer B (INVITE: time to the first response) or Timer F (non-INVITE: time to the
    /// final response), 64·T1 by default — e.g. 2 s for an OPTIONS probe.
    /// </param>
    /// <exception cref="ArgumentException">
    /// The message is not a request, is an ACK, lacks a top Via branch, CSeq, From, To or Call-ID, or reuses the
    /// branch and method of a live client transaction.
    /// </exception>
    public SipClientTransaction StartClientTransaction(SipMessage request, SipTransactionDestination destination, ISipClientTransactionListener? listener = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(destination.EndPoint, nameof(destination));
        if (!request.IsRequest || request.Method.Kind is SipMethodKind.Ack or SipMethodKind.None)
        {
            throw new ArgumentException("A client transaction needs a request other than ACK.", nameof(request));
        }

        if (!SipTransactionKey.TryCreate(request, request.Method, out var key, out _) || !request.TryGetCSeq(out _)
            || !request.Contains(SipHeaderId.From) || !request.Contains(SipHeaderId.To) || !request.Contains(SipHeaderId.CallId))
        {
            // §8.1.1: the ACK and CANCEL the transaction may build copy these.
            throw new ArgumentException("A client transaction's request needs a top Via with a branch, CSeq, From, To and Call-ID.", nameof(request));
        }

        var limit = timeout ?? Timers.TransactionTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limit, TimeSpan.Zero, nameof(timeout));

        SipClientTransaction transaction = request.Method.Kind == SipMethodKind.Invite
            ? new SipInviteClientTransaction(this, request, destination, key, listener, limit)
            : new SipNonInviteClientTransaction(this, request, destination, key, listener, limit);

        if (_disposed)
        {
            transaction.Abandon();
            return transaction;
        }

        if (!_clients.TryAdd(key, transaction))
        {
            throw new ArgumentException($"A client transaction with branch {key.Branch} and method {request.Method} is already running.", nameof(request));
        }

        transaction.Start();
        return transaction;
    }

    /// <summary>Parses <paramref name="request"/> and starts a client transaction for it.</summary>
    /// <exception cref="ArgumentException">The bytes are not a well-formed request (see the other overload).</exception>
    public SipClientTransaction StartClientTransaction(ReadOnlyMemory<byte> request, SipTransactionDestination destination, ISipClientTransactionListener? listener = null, TimeSpan? timeout = null)
    {
        var parsed = SipParser.Default.ParseDatagram(request);
        if (!parsed.Success)
        {
            throw new ArgumentException($"Not a well-formed SIP request: {parsed.Error}", nameof(request));
        }

        return StartClientTransaction(parsed.Message, destination, listener, timeout);
    }

    /// <summary>Takes an inbound message (see the other overload).</summary>
    public SipReceiveDisposition Receive(SipMessage message, EndPoint source, bool reliable) => Receive(message, new SipTransactionDestination(source, reliable));

    /// <summary>
    /// Takes an inbound parsed message from a transport and routes it: a response to its client
    /// transaction or the TU; a request to its server transaction, or a new server transaction
    /// handed to the TU; an ACK to the INVITE server transaction it acknowledges, or the TU.
    /// Never throws on bad input: a message without a usable top Via or CSeq is dropped.
    /// </summary>
    /// <param name="message">The message; its buffer need only stay valid during the call.</param>
    /// <param name="source">Where it came from, and over which kind of transport; responses of a new server transaction go there.</param>
    public SipReceiveDisposition Receive(SipMessage message, SipTransactionDestination source)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_disposed || !message.TryGetCSeq(out var cseq) || !message.TryGetTopVia(out _))
        {
            return SipReceiveDisposition.Dropped;
        }

        return message.IsResponse ? ReceiveResponse(message, cseq, source) : ReceiveRequest(message, source);
    }

    /// <summary>
    /// Finds the INVITE server transaction a CANCEL targets (RFC 3261 §9.2: the §17.2.3 rules with
    /// the method ignored). The layer already does this for each new CANCEL
    /// (<see cref="SipServerTransaction.CancelledInvite"/>).
    /// </summary>
    public bool TryFindInviteServerTransaction(SipMessage cancel, [NotNullWhen(true)] out SipServerTransaction? invite)
    {
        ArgumentNullException.ThrowIfNull(cancel);
        invite = null;
        if (!cancel.IsRequest || !cancel.TryGetCSeq(out _))
        {
            return false;
        }

        if (SipTransactionKey.TryCreate(cancel, SipMethod.Invite, out var key, out var rfc3261) && rfc3261)
        {
            return _servers.TryGetValue(key, out invite) && invite.State != SipTransactionState.Terminated;
        }

        lock (_legacyGate)
        {
            invite = FindLegacy_NeedsLock(cancel, SipLegacyMatch.CancelTarget);
        }

        return invite is not null;
    }

    /// <summary>
    /// Ends every transaction at once, without telling peers: client transactions complete as
    /// <see cref="SipClientOutcome.Cancelled"/>. Later messages are dropped and later client
    /// transactions complete as cancelled without sending.
    /// </summary>
    public void Dispose()
    {
        _disposed = true;
        foreach (var pair in _clients)
        {
            pair.Value.Shutdown();
        }

        foreach (var pair in _servers)
        {
            pair.Value.Shutdown();
        }

        List<SipServerTransaction> legacy = [];
        lock (_legacyGate)
        {
            foreach (var list in _legacy.Values)
            {
                legacy.AddRange(list);
            }
        }

        foreach (var transaction in legacy)
        {
            transaction.Shutdown();
        }
    }

    /// <summary>Drops a terminated transaction from its table (idempotent).</summary>
    internal void Remove(SipTransaction transaction)
    {
        switch (transaction)
        {
            case SipClientTransaction client:
                _clients.TryRemove(new KeyValuePair<SipTransactionKey, SipClientTransaction>(client.Key, client));
                break;
            case SipServerTransaction { IsLegacy: true } legacy:
                RemoveLegacy(legacy);
                break;
            case SipServerTransaction server:
                _servers.TryRemove(new KeyValuePair<SipTransactionKey, SipServerTransaction>(server.Key, server));
                break;
        }
    }

    private SipReceiveDisposition ReceiveResponse(SipMessage response, SipCSeq cseq, SipTransactionDestination source)
    {
        // §17.1.3: the top Via branch and sent-by, and the CSeq method (a CANCEL shares its
        // INVITE's branch).
        if (SipTransactionKey.TryCreate(response, cseq.Method, out var key, out _)
            && _clients.TryGetValue(key, out var transaction))
        {
            transaction.ReceiveResponse(response);
            return SipReceiveDisposition.MatchedTransaction;
        }

        User.OnStrayResponse(response, source);
        return SipReceiveDisposition.PassedToUser;
    }

    private SipReceiveDisposition ReceiveRequest(SipMessage request, SipTransactionDestination source)
    {
        var method = request.Method;
        if (method.Kind == SipMethodKind.None)
        {
            return SipReceiveDisposition.Dropped;
        }

        var isAck = method.Kind == SipMethodKind.Ack;
        var hasKey = SipTransactionKey.TryCreate(request, isAck ? SipMethod.Invite : method, out var key, out var rfc3261);
        if (!hasKey || !rfc3261)
        {
            return ReceiveLegacyRequest(request, source, isAck);
        }

        if (isAck)
        {
            _servers.TryGetValue(key, out var invite);
            return DeliverAck(request, source, invite as SipInviteServerTransaction);
        }

        if (_servers.TryGetValue(key, out var existing))
        {
            existing.ReceiveRetransmission();
            return SipReceiveDisposition.MatchedTransaction;
        }

        var copy = SipTransactionMessages.Detach(request);
        SipTransactionKey.TryCreate(copy, method, out var ownKey, out _);
        var transaction = CreateServerTransaction(copy, source, ownKey, legacy: false);
        if (!_servers.TryAdd(ownKey, transaction))
        {
            // The same request arrived twice at once on two threads: the other one won.
            if (_servers.TryGetValue(ownKey, out existing))
            {
                existing.ReceiveRetransmission();
            }

            return SipReceiveDisposition.MatchedTransaction;
        }

        if (method.Kind == SipMethodKind.Cancel)
        {
            TryFindInviteServerTransaction(copy, out var target);
            transaction.CancelledInvite = target;
        }

        return StartServerTransaction(transaction);
    }

    private SipReceiveDisposition ReceiveLegacyRequest(SipMessage request, SipTransactionDestination source, bool isAck)
    {
        SipServerTransaction? found;
        SipServerTransaction? created = null;
        lock (_legacyGate)
        {
            found = FindLegacy_NeedsLock(request, isAck ? SipLegacyMatch.Ack : SipLegacyMatch.SameRequest);
            if (found is null && !isAck)
            {
                var copy = SipTransactionMessages.Detach(request);
                created = CreateServerTransaction(copy, source, default, legacy: true);
                if (request.Method.Kind == SipMethodKind.Cancel)
                {
                    created.CancelledInvite = FindLegacy_NeedsLock(copy, SipLegacyMatch.CancelTarget);
                }

                var callId = copy.CallId.ToString();
                if (!_legacy.TryGetValue(callId, out var list))
                {
                    list = [];
                    _legacy.Add(callId, list);
                }

                list.Add(created);
                _legacyCount++;
            }
        }

        if (created is not null)
        {
            return StartServerTransaction(created);
        }

        if (isAck)
        {
            return DeliverAck(request, source, found as SipInviteServerTransaction);
        }

        found!.ReceiveRetransmission();
        return SipReceiveDisposition.MatchedTransaction;
    }

    private SipReceiveDisposition DeliverAck(SipMessage ack, SipTransactionDestination source, SipInviteServerTransaction? invite)
    {
        if (invite is not null && invite.ReceiveAck())
        {
            return SipReceiveDisposition.MatchedTransaction;
        }

        User.OnAck(ack, source, invite);
        return SipReceiveDisposition.PassedToUser;
    }

    private SipServerTransaction CreateServerTransaction(SipMessage request, SipTransactionDestination source, SipTransactionKey key, bool legacy)
        => request.Method.Kind == SipMethodKind.Invite
            ? new SipInviteServerTransaction(this, request, source, key) { IsLegacy = legacy }
            : new SipNonInviteServerTransaction(this, request, source, key) { IsLegacy = legacy };

    private SipReceiveDisposition StartServerTransaction(SipServerTransaction transaction)
    {
        transaction.Start();
        User.OnRequest(transaction);
        return SipReceiveDisposition.NewServerTransaction;
    }

    private SipServerTransaction? FindLegacy_NeedsLock(SipMessage request, SipLegacyMatch rule)
    {
        if (_legacy.Count == 0 || !_legacy.TryGetValue(request.CallId.ToString(), out var list))
        {
            return null;
        }

        foreach (var candidate in list)
        {
            if (SipLegacyMatcher.Matches(candidate, request, rule))
            {
                return candidate;
            }
        }

        return null;
    }

    private void RemoveLegacy(SipServerTransaction transaction)
    {
        var callId = transaction.Request.CallId.ToString();
        lock (_legacyGate)
        {
            if (_legacy.TryGetValue(callId, out var list) && list.Remove(transaction))
            {
                _legacyCount--;
                if (list.Count == 0)
                {
                    _legacy.Remove(callId);
                }
            }
        }
    }
}
