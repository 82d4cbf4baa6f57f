namespace Lifeline.Sip.Transactions;

/// <summary>What <see cref="SipClientTransaction.Cancel"/> did.</summary>
public enum SipCancelStatus : byte
{
    /// <summary>The CANCEL was sent in its own client transaction.</summary>
    Sent,

    /// <summary>
    /// No provisional response has arrived yet: the CANCEL will be sent when the first one does,
    /// and not at all if a final response arrives first (RFC 3261 §9.1).
    /// </summary>
    Deferred,

    /// <summary>Cancel was already requested for this transaction; nothing more was done.</summary>
    AlreadyRequested,

    /// <summary>A final response has already arrived (or the transaction is over): nothing to cancel.</summary>
    TooLate,
}
