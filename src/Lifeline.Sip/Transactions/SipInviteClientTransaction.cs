using Lifeline.Sip.Messages;

namespace Lifeline.Sip.Transactions;

/// <summary>
/// The INVITE client transaction of RFC 3261 §17.1.1, with RFC 6026's Accepted state:
/// Calling → Proceeding → Completed (non-2xx: ACK sent here, Timer D) or Accepted (2xx: passed to
/// the TU, which sends its own ACK; Timer M) → Terminated.
/// </summary>
internal sealed class SipInviteClientTransaction : SipClientTransaction
{
    private TimeSpan _retransmitInterval;
    private ReadOnlyMemory<byte> _ack;
    private bool _cancelRequested;
    private bool _cancelSent;
    private SipClientTransaction? _cancelTransaction;

    public SipInviteClientTransaction(SipTransactionLayer layer, SipMessage request, SipTransactionDestination destination, SipTransactionKey key, ISipClientTransactionListener? listener, TimeSpan timeout)
        : base(layer, request, destination, key, SipTransactionState.Calling, listener, timeout)
    {
    }

    public override SipClientTransaction? CancelTransaction => Volatile.Read(ref _cancelTransaction);

    internal override void Start()
    {
        var effects = default(SipTransactionEffects);
        lock (Gate)
        {
            effects.Send = Request.Bytes;
            if (!IsReliable)
            {
                _retransmitInterval = Timers.T1;
                ArmRetransmit_NeedsLock(_retransmitInterval); // Timer A
            }

            ArmTimeout_NeedsLock(Timeout); // Timer B
        }

        Apply(effects);
    }

    public override SipCancelStatus Cancel()
    {
        var effects = default(SipTransactionEffects);
        SipCancelStatus status;
        lock (Gate)
        {
            if (_cancelRequested)
            {
                return SipCancelStatus.AlreadyRequested;
            }

            switch (State_NeedsLock)
            {
                case SipTransactionState.Calling:
                    _cancelRequested = true;
                    status = SipCancelStatus.Deferred;
                    break;
                case SipTransactionState.Proceeding:
                    _cancelRequested = true;
                    RequestCancel_NeedsLock(ref effects);
                    status = SipCancelStatus.Sent;
                    break;
                default:
                    return SipCancelStatus.TooLate;
            }
        }

        Apply(effects);
        return status;
    }

    internal override void ReceiveResponse(SipMessage response)
    {
        var effects = default(SipTransactionEffects);
        var status = response.StatusCode;
        lock (Gate)
        {
            switch (State_NeedsLock)
            {
                case SipTransactionState.Calling:
                case SipTransactionState.Proceeding:
                    if (status < 200)
                    {
                        if (State_NeedsLock == SipTransactionState.Calling)
                        {
                            // Timer B only guards the Calling state; from now the TU decides how
                            // long to wait for a final response (a proxy's Timer C, or Cancel).
                            SetState_NeedsLock(SipTransactionState.Proceeding);
                            StopRetransmit_NeedsLock();
                            StopTimeout_NeedsLock();
                            if (_cancelRequested)
                            {
                                RequestCancel_NeedsLock(ref effects);
                            }
                        }

                        effects.Signal = SipTransactionSignal.Provisional;
                        effects.Message = response;
                    }
                    else if (status < 300)
                    {
                        SetState_NeedsLock(SipTransactionState.Accepted);
                        StopRetransmit_NeedsLock();
                        ArmTimeout_NeedsLock(Timers.TransactionTimeout); // Timer M
                        Complete_NeedsLock(SipClientResult.FromResponse(SipTransactionMessages.Detach(response)), ref effects);
                    }
                    else
                    {
                        SetState_NeedsLock(SipTransactionState.Completed);
                        StopRetransmit_NeedsLock();
                        _ack = SipTransactionMessages.BuildAck(Request, response);
                        effects.Send = _ack;
                        Complete_NeedsLock(SipClientResult.FromResponse(SipTransactionMessages.Detach(response)), ref effects);
                        if (IsReliable || Timers.TimerD <= TimeSpan.Zero)
                        {
                            Terminate_NeedsLock(ref effects);
                        }
                        else
                        {
                            ArmTimeout_NeedsLock(Timers.TimerD); // Timer D
                        }
                    }

                    break;
                case SipTransactionState.Completed:
                    if (status >= 300)
                    {
                        // A retransmitted final response: its ACK was lost, send it again.
                        effects.Send = _ack;
                    }

                    break;
                case SipTransactionState.Accepted:
                    if (status is >= 200 and < 300)
                    {
                        effects.Signal = SipTransactionSignal.Additional2xx;
                        effects.Message = response;
                    }

                    break;
            }
        }

        Apply(effects);
    }

    private protected override void OnRetransmitTimer_NeedsLock(ref SipTransactionEffects effects)
    {
        if (State_NeedsLock != SipTransactionState.Calling)
        {
            return;
        }

        // Timer A: retransmit and double the interval (no T2 cap for INVITE, §17.1.1.2).
        effects.Send = Request.Bytes;
        _retransmitInterval *= 2;
        ArmRetransmit_NeedsLock(_retransmitInterval);
    }

    private protected override void OnTimeoutTimer_NeedsLock(ref SipTransactionEffects effects)
    {
        switch (State_NeedsLock)
        {
            case SipTransactionState.Calling:
                // Timer B.
                Complete_NeedsLock(SipClientResult.Timeout(), ref effects);
                Terminate_NeedsLock(ref effects);
                break;
            case SipTransactionState.Proceeding:
                // 64·T1 after the CANCEL without a final response (§9.1): give up.
                Complete_NeedsLock(SipClientResult.Cancelled(), ref effects);
                Terminate_NeedsLock(ref effects);
                break;
            case SipTransactionState.Completed:
            case SipTransactionState.Accepted:
                // Timer D or Timer M.
                Terminate_NeedsLock(ref effects);
                break;
        }
    }

    private protected override void OnTransportError_NeedsLock(SipSendResult failure, ref SipTransactionEffects effects)
    {
        switch (State_NeedsLock)
        {
            case SipTransactionState.Calling:
                Complete_NeedsLock(SipClientResult.FromTransportError(failure), ref effects);
                Terminate_NeedsLock(ref effects);
                break;

            // Proceeding: nothing is sent any more, and a late report about an earlier
            // retransmission does not matter — the peer has answered.
            case SipTransactionState.Completed:
                // The ACK could not be sent; the response is already with the TU.
                Terminate_NeedsLock(ref effects);
                break;
        }
    }

    private protected override void Deliver(in SipTransactionEffects effects)
    {
        if (effects.StartCancel)
        {
            var cancel = SipTransactionMessages.BuildCancel(Request);
            Volatile.Write(ref _cancelTransaction, Layer.StartClientTransaction(cancel, Peer));
        }

        base.Deliver(effects);
    }

    private void RequestCancel_NeedsLock(ref SipTransactionEffects effects)
    {
        if (_cancelSent)
        {
            return;
        }

        _cancelSent = true;
        effects.StartCancel = true;

        // If no final response follows the CANCEL within 64·T1, the INVITE is given up (§9.1).
        ArmTimeout_NeedsLock(Timers.TransactionTimeout);
    }
}
