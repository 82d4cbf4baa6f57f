using Lifeline.Sip.Messages;

namespace Lifeline.Sip.Transactions;

/// <summary>
/// The non-INVITE server transaction of RFC 3261 §17.2.2: Trying → Proceeding → Completed
/// (Timer J: 64·T1 over unreliable transports, zero over reliable ones) → Terminated.
/// </summary>
internal sealed class SipNonInviteServerTransaction : SipServerTransaction
{
    public SipNonInviteServerTransaction(SipTransactionLayer layer, SipMessage request, SipTransactionDestination source, SipTransactionKey key)
        : base(layer, request, source, key, SipTransactionState.Trying)
    {
    }

    internal override void Start()
    {
    }

    internal override void ReceiveRetransmission()
    {
        var effects = default(SipTransactionEffects);
        lock (Gate)
        {
            // In Trying there is nothing to repeat: the retransmission is discarded.
            if (State_NeedsLock is SipTransactionState.Proceeding or SipTransactionState.Completed)
            {
                Resend_NeedsLock(ref effects);
            }
        }

        Apply(effects);
    }

    private protected override bool OnResponse_NeedsLock(SipMessage response, ref SipTransactionEffects effects)
    {
        if (State_NeedsLock is not (SipTransactionState.Trying or SipTransactionState.Proceeding))
        {
            return false;
        }

        LastResponse_NeedsLock = response;
        effects.Send = response.Bytes;
        if (response.StatusCode < 200)
        {
            SetState_NeedsLock(SipTransactionState.Proceeding);
            return true;
        }

        SetState_NeedsLock(SipTransactionState.Completed);
        if (IsReliable)
        {
            Terminate_NeedsLock(ref effects);
        }
        else
        {
            ArmTimeout_NeedsLock(Timers.TransactionTimeout); // Timer J
        }

        return true;
    }

    private protected override void OnRetransmitTimer_NeedsLock(ref SipTransactionEffects effects)
    {
    }

    private protected override void OnTimeoutTimer_NeedsLock(ref SipTransactionEffects effects)
    {
        if (State_NeedsLock == SipTransactionState.Completed)
        {
            Terminate_NeedsLock(ref effects); // Timer J
        }
    }
}
