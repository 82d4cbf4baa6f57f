using Lifeline.Sip.Messages;

namespace Lifeline.Sip.Transactions;

/// <summary>
/// The INVITE server transaction of RFC 3261 §17.2.1 with RFC 6026's Accepted state:
/// Proceeding (100 Trying after 200 ms unless the TU answered) → Completed (non-2xx sent;
/// Timer G retransmits, Timer H waits for the ACK) → Confirmed (ACK absorbed; Timer I) →
/// Terminated; or Proceeding → Accepted (2xx sent; Timer L absorbs INVITE retransmissions while
/// the TU retransmits its 2xx and receives the ACK) → Terminated.
/// </summary>
internal sealed class SipInviteServerTransaction : SipServerTransaction
{
    private TimeSpan _retransmitInterval;

    public SipInviteServerTransaction(SipTransactionLayer layer, SipMessage request, SipTransactionDestination source, SipTransactionKey key)
        : base(layer, request, source, key, SipTransactionState.Proceeding)
    {
    }

    internal override void Start()
    {
        var effects = default(SipTransactionEffects);
        lock (Gate)
        {
            if (State_NeedsLock != SipTransactionState.Proceeding || LastResponse_NeedsLock is not null)
            {
                return;
            }

            if (Timers.TryingDelay <= TimeSpan.Zero)
            {
                SendTrying_NeedsLock(ref effects);
            }
            else
            {
                ArmRetransmit_NeedsLock(Timers.TryingDelay);
            }
        }

        Apply(effects);
    }

    internal override void ReceiveRetransmission()
    {
        var effects = default(SipTransactionEffects);
        lock (Gate)
        {
            switch (State_NeedsLock)
            {
                case SipTransactionState.Proceeding:
                    if (LastResponse_NeedsLock is null)
                    {
                        // The client is retransmitting before our 200 ms are up: answer now.
                        StopRetransmit_NeedsLock();
                        SendTrying_NeedsLock(ref effects);
                    }
                    else
                    {
                        Resend_NeedsLock(ref effects);
                    }

                    break;
                case SipTransactionState.Completed:
                    Resend_NeedsLock(ref effects);
                    break;

                // Confirmed and Accepted absorb retransmissions (RFC 6026 §8.5: in Accepted the
                // TU, not the transaction, retransmits the 2xx).
            }
        }

        Apply(effects);
    }

    /// <summary>
    /// An ACK matching this transaction. True when the transaction absorbed it (the ACK for its
    /// non-2xx final response); false when it belongs to the TU (Accepted: the ACK for a 2xx).
    /// </summary>
    internal bool ReceiveAck()
    {
        var effects = default(SipTransactionEffects);
        lock (Gate)
        {
            switch (State_NeedsLock)
            {
                case SipTransactionState.Completed:
                    SetState_NeedsLock(SipTransactionState.Confirmed);
                    StopRetransmit_NeedsLock();
                    if (IsReliable)
                    {
                        Terminate_NeedsLock(ref effects);
                    }
                    else
                    {
                        ArmTimeout_NeedsLock(Timers.T4); // Timer I
                    }

                    break;
                case SipTransactionState.Accepted:
                case SipTransactionState.Terminated:
                    return false;

                // Confirmed: a retransmitted ACK, absorbed. Proceeding: an ACK before any final
                // response acknowledges nothing; absorbed too.
            }
        }

        Apply(effects);
        return true;
    }

    private protected override bool OnResponse_NeedsLock(SipMessage response, ref SipTransactionEffects effects)
    {
        var status = response.StatusCode;
        switch (State_NeedsLock)
        {
            case SipTransactionState.Proceeding:
                LastResponse_NeedsLock = response;
                effects.Send = response.Bytes;
                StopRetransmit_NeedsLock(); // the 100 Trying delay, if still running
                if (status < 200)
                {
                    return true;
                }

                if (status < 300)
                {
                    SetState_NeedsLock(SipTransactionState.Accepted);
                    ArmTimeout_NeedsLock(Timers.TransactionTimeout); // Timer L
                    return true;
                }

                SetState_NeedsLock(SipTransactionState.Completed);
                if (!IsReliable)
                {
                    _retransmitInterval = Timers.T1;
                    ArmRetransmit_NeedsLock(_retransmitInterval); // Timer G
                }

                ArmTimeout_NeedsLock(Timers.TransactionTimeout); // Timer H
                return true;
            case SipTransactionState.Accepted when status is >= 200 and < 300:
                // RFC 6026 §8.5: the TU's 2xx retransmissions (and 2xx with other tags) pass through.
                effects.Send = response.Bytes;
                return true;
            default:
                return false;
        }
    }

    private protected override void OnRetransmitTimer_NeedsLock(ref SipTransactionEffects effects)
    {
        switch (State_NeedsLock)
        {
            case SipTransactionState.Proceeding when LastResponse_NeedsLock is null:
                SendTrying_NeedsLock(ref effects);
                break;
            case SipTransactionState.Completed:
                // Timer G: repeat the final response, doubling up to T2.
                Resend_NeedsLock(ref effects);
                _retransmitInterval = _retransmitInterval * 2 < Timers.T2 ? _retransmitInterval * 2 : Timers.T2;
                ArmRetransmit_NeedsLock(_retransmitInterval);
                break;
        }
    }

    private protected override void OnTimeoutTimer_NeedsLock(ref SipTransactionEffects effects)
    {
        switch (State_NeedsLock)
        {
            case SipTransactionState.Completed:
                // Timer H: the ACK never came.
                Fail_NeedsLock(SipServerFailure.AckTimeout, ref effects);
                break;
            case SipTransactionState.Confirmed:
            case SipTransactionState.Accepted:
                // Timer I or Timer L.
                Terminate_NeedsLock(ref effects);
                break;
        }
    }

    private void SendTrying_NeedsLock(ref SipTransactionEffects effects)
    {
        var trying = SipTransactionMessages.BuildTrying(Request);
        LastResponse_NeedsLock = trying;
        effects.Send = trying.Bytes;
    }
}
