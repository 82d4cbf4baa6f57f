using Lifeline.Sip.Messages;

namespace Lifeline.Sip.Transactions;

/// <summary>
/// The non-INVITE client transaction of RFC 3261 §17.1.2: Trying → Proceeding → Completed
/// (Timer K absorbs response retransmissions) → Terminated; Timer E retransmits, Timer F (or the
/// caller's shorter timeout) gives up.
/// </summary>
internal sealed class SipNonInviteClientTransaction : SipClientTransaction
{
    private TimeSpan _retransmitInterval;

    public SipNonInviteClientTransaction(SipTransactionLayer layer, SipMessage request, SipTransactionDestination destination, SipTransactionKey key, ISipClientTransactionListener? listener, TimeSpan timeout)
        : base(layer, request, destination, key, SipTransactionState.Trying, listener, timeout)
    {
    }

    internal override void Start()
    {
        var effects = default(SipTransactionEffects);
        lock (Gate)
        {
            effects.Send = Request.Bytes;
            if (!IsReliable)
            {
                _retransmitInterval = Timers.T1;
                ArmRetransmit_NeedsLock(_retransmitInterval); // Timer E
            }

            ArmTimeout_NeedsLock(Timeout); // Timer F
        }

        Apply(effects);
    }

    internal override void ReceiveResponse(SipMessage response)
    {
        var effects = default(SipTransactionEffects);
        lock (Gate)
        {
            var state = State_NeedsLock;
            if (state is not (SipTransactionState.Trying or SipTransactionState.Proceeding))
            {
                return; // Completed: a retransmission, absorbed (Timer K exists for this).
            }

            if (response.StatusCode < 200)
            {
                SetState_NeedsLock(SipTransactionState.Proceeding);
                effects.Signal = SipTransactionSignal.Provisional;
                effects.Message = response;
            }
            else
            {
                SetState_NeedsLock(SipTransactionState.Completed);
                StopRetransmit_NeedsLock();
                Complete_NeedsLock(SipClientResult.FromResponse(SipTransactionMessages.Detach(response)), ref effects);
                if (IsReliable)
                {
                    Terminate_NeedsLock(ref effects);
                }
                else
                {
                    ArmTimeout_NeedsLock(Timers.T4); // Timer K
                }
            }
        }

        Apply(effects);
    }

    private protected override void OnRetransmitTimer_NeedsLock(ref SipTransactionEffects effects)
    {
        // Timer E: doubling up to T2 in Trying; every T2 in Proceeding (§17.1.2.2).
        switch (State_NeedsLock)
        {
            case SipTransactionState.Trying:
                _retransmitInterval = Min(_retransmitInterval * 2, Timers.T2);
                break;
            case SipTransactionState.Proceeding:
                _retransmitInterval = Timers.T2;
                break;
            default:
                return;
        }

        effects.Send = Request.Bytes;
        ArmRetransmit_NeedsLock(_retransmitInterval);
    }

    private protected override void OnTimeoutTimer_NeedsLock(ref SipTransactionEffects effects)
    {
        switch (State_NeedsLock)
        {
            case SipTransactionState.Trying:
            case SipTransactionState.Proceeding:
                // Timer F.
                Complete_NeedsLock(SipClientResult.Timeout(), ref effects);
                Terminate_NeedsLock(ref effects);
                break;
            case SipTransactionState.Completed:
                // Timer K.
                Terminate_NeedsLock(ref effects);
                break;
        }
    }

    private protected override void OnTransportError_NeedsLock(SipSendResult failure, ref SipTransactionEffects effects)
    {
        if (State_NeedsLock is SipTransactionState.Trying or SipTransactionState.Proceeding)
        {
            Complete_NeedsLock(SipClientResult.FromTransportError(failure), ref effects);
            Terminate_NeedsLock(ref effects);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
