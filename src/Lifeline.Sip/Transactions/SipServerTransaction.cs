using Lifeline.Sip.Messages;
using Lifeline.Sip.Parsing;

namespace Lifeline.Sip.Transactions;

/// <summary>
/// A server transaction (RFC 3261 §17.2): created by the layer for each new request and handed to
/// the TU, which answers through <see cref="SendResponse(SipMessage)"/>. The transaction repeats
/// its last response when the request is retransmitted, retransmits non-2xx finals to INVITEs
/// until the ACK comes, and absorbs that ACK.
/// </summary>
public abstract class SipServerTransaction : SipTransaction
{
    private SipMessage? _lastResponse;
    private bool _failureReported;
    private object? _userState;

    private protected SipServerTransaction(SipTransactionLayer layer, SipMessage request, SipTransactionDestination source, SipTransactionKey key, SipTransactionState initial)
        : base(layer, request, source, key, initial)
    {
    }

    /// <summary>The last response sent (by the TU, or the automatic 100 Trying), or null.</summary>
    public SipMessage? LastResponse
    {
        get
        {
            lock (Gate)
            {
                return _lastResponse;
            }
        }
    }

    /// <summary>
    /// For a CANCEL: the INVITE server transaction it cancels (RFC 3261 §9.2), found when the
    /// CANCEL arrived; null for other methods or when no such transaction exists (the TU then
    /// answers the CANCEL with 481).
    /// </summary>
    public SipServerTransaction? CancelledInvite { get; internal set; }

    /// <summary>
    /// The TU's own object for this transaction (a proxy's call state), so that a CANCEL, which finds its INVITE
    /// through <see cref="CancelledInvite"/>, reaches that state without a lookup table. The layer never reads it.
    /// </summary>
    public object? UserState
    {
        get => Volatile.Read(ref _userState);
        set => Volatile.Write(ref _userState, value);
    }

    /// <summary>
    /// True when the request's branch lacks the RFC 3261 magic cookie, so the transaction is
    /// matched the RFC 2543 way (§17.2.3).
    /// </summary>
    internal bool IsLegacy { get; init; }

    /// <summary>
    /// Sends a response in this transaction. The TU keeps the response's bytes unchanged (they
    /// may be retransmitted). Returns false when the state allows no such response (a second
    /// final response, a response after termination); the response is then not sent.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="response"/> is not a response.</exception>
    public bool SendResponse(SipMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.IsRequest || response.StatusCode is < 100 or > 699)
        {
            throw new ArgumentException("Expected a SIP response with a status code from 100 to 699.", nameof(response));
        }

        var effects = default(SipTransactionEffects);
        bool accepted;
        lock (Gate)
        {
            accepted = OnResponse_NeedsLock(response, ref effects);
        }

        Apply(effects);
        return accepted;
    }

    /// <summary>Parses <paramref name="response"/> and sends it (see <see cref="SendResponse(SipMessage)"/>).</summary>
    /// <exception cref="ArgumentException">The bytes are not a well-formed SIP response.</exception>
    public bool SendResponse(ReadOnlyMemory<byte> response)
    {
        var parsed = SipParser.Default.ParseDatagram(response);
        if (!parsed.Success)
        {
            throw new ArgumentException($"Not a well-formed SIP response: {parsed.Error}", nameof(response));
        }

        return SendResponse(parsed.Message);
    }

    internal override void Shutdown()
    {
        var effects = default(SipTransactionEffects);
        lock (Gate)
        {
            if (State_NeedsLock == SipTransactionState.Terminated)
            {
                return;
            }

            Terminate_NeedsLock(ref effects);
        }

        Apply(effects);
    }

    /// <summary>Starts the transaction's timers (the layer calls this once it is in the table).</summary>
    internal abstract void Start();

    /// <summary>A retransmission of the request (not an ACK).</summary>
    internal abstract void ReceiveRetransmission();

    /// <summary>The state decides what to do with a response from the TU; false refuses it.</summary>
    private protected abstract bool OnResponse_NeedsLock(SipMessage response, ref SipTransactionEffects effects);

    private protected SipMessage? LastResponse_NeedsLock
    {
        get => _lastResponse;
        set => _lastResponse = value;
    }

    /// <summary>Repeats the last response in answer to a retransmitted request.</summary>
    private protected void Resend_NeedsLock(ref SipTransactionEffects effects)
    {
        if (_lastResponse is not null)
        {
            effects.Send = _lastResponse.Bytes;
        }
    }

    private protected void Fail_NeedsLock(SipServerFailure failure, ref SipTransactionEffects effects)
    {
        if (!_failureReported)
        {
            _failureReported = true;
            effects.Signal = SipTransactionSignal.ServerFailed;
            effects.Failure = failure;
        }

        if (State_NeedsLock != SipTransactionState.Terminated)
        {
            Terminate_NeedsLock(ref effects);
        }
    }

    private protected override void OnTransportError_NeedsLock(SipSendResult failure, ref SipTransactionEffects effects)
        => Fail_NeedsLock(SipServerFailure.TransportError, ref effects);

    private protected override void OnTransportErrorAfterTermination_NeedsLock(SipSendResult failure, ref SipTransactionEffects effects)
        => Fail_NeedsLock(SipServerFailure.TransportError, ref effects);

    private protected override void Deliver(in SipTransactionEffects effects)
    {
        if (effects.Signal == SipTransactionSignal.ServerFailed)
        {
            Layer.User.OnServerTransactionFailed(this, effects.Failure);
        }
    }
}
