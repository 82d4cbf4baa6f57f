namespace Lifeline.Sip.Transactions;

/// <summary>What <see cref="SipTransactionLayer.Receive(Messages.SipMessage, SipTransactionDestination)"/> did with a message (for metrics and tests).</summary>
public enum SipReceiveDisposition : byte
{
    /// <summary>A new request: a server transaction was created and handed to the TU.</summary>
    NewServerTransaction,

    /// <summary>The message matched an existing transaction, which handled it.</summary>
    MatchedTransaction,

    /// <summary>
    /// Passed to the TU outside any transaction: a response matching no client transaction, or an
    /// ACK for a 2xx (RFC 3261 §17.1.1.3, §18.1.2).
    /// </summary>
    PassedToUser,

    /// <summary>Dropped: no usable top Via or CSeq, or the layer is disposed.</summary>
    Dropped,
}
