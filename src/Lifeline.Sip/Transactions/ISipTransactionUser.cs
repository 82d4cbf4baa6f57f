using Lifeline.Sip.Messages;

namespace Lifeline.Sip.Transactions;

/// <summary>
/// The transaction user (UA core or proxy core) as the transaction layer sees it: where new
/// requests, stray messages and server transaction failures go. Callbacks run on the thread that
/// delivered the message or fired the timer, outside any transaction lock; they must return
/// quickly and must not throw.
/// </summary>
public interface ISipTransactionUser
{
    /// <summary>
    /// A new request created a server transaction (never called for ACK). Answer through
    /// <see cref="SipServerTransaction.SendResponse(SipMessage)"/>, now or later. For a CANCEL,
    /// <see cref="SipServerTransaction.CancelledInvite"/> is the INVITE server transaction it
    /// targets, when one exists.
    /// </summary>
    void OnRequest(SipServerTransaction transaction);

    /// <summary>
    /// An ACK that no transaction absorbed: the ACK for a 2xx (RFC 3261 §17.2.3, RFC 6026 §8.7),
    /// or an ACK matching nothing. Valid only during the call.
    /// </summary>
    void OnAck(SipMessage ack, SipTransactionDestination source, SipServerTransaction? transaction);

    /// <summary>
    /// A response that matched no client transaction (RFC 3261 §18.1.2): a 2xx retransmission
    /// after the transaction ended, or anything a stateless proxy forwards. Valid only during the call.
    /// </summary>
    void OnStrayResponse(SipMessage response, SipTransactionDestination source);

    /// <summary>A server transaction failed: no ACK before Timer H, or a transport error.</summary>
    void OnServerTransactionFailed(SipServerTransaction transaction, SipServerFailure failure);
}
