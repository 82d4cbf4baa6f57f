using Lifeline.Sip.Messages;

namespace Lifeline.Sip.Transactions;

/// <summary>
/// Optional callbacks of a client transaction to its TU, given when the transaction starts (so
/// no response can be missed). One object can serve many transactions; the transaction is passed
/// in, so no closure is needed. Callbacks run on the thread that delivered the message or fired
/// the timer, outside the transaction's lock; they must return quickly and must not throw.
/// </summary>
public interface ISipClientTransactionListener
{
    /// <summary>
    /// A provisional (1xx) response. The message is valid only during the call: copy it to keep
    /// it (its buffer may belong to the transport).
    /// </summary>
    void OnProvisionalResponse(SipClientTransaction transaction, SipMessage response);

    /// <summary>
    /// The transaction completed: the first final response, or a timeout, transport error or
    /// cancellation. Called exactly once, before <see cref="SipClientTransaction.Completion"/>
    /// completes. The response in <paramref name="result"/> is owned by the transaction and may be kept.
    /// </summary>
    void OnCompleted(SipClientTransaction transaction, SipClientResult result);

    /// <summary>
    /// INVITE only (RFC 6026 Accepted state): a 2xx that arrived after the first one, either a
    /// retransmission (the UA core re-sends its ACK) or a 2xx from another fork. Valid only
    /// during the call.
    /// </summary>
    void OnAdditional2xxResponse(SipClientTransaction transaction, SipMessage response);
}
