namespace Lifeline.Sip.Transactions;

/// <summary>Which RFC 2543 matching rule of RFC 3261 §17.2.3 (and §9.2 for CANCEL) applies.</summary>
internal enum SipLegacyMatch : byte
{
    /// <summary>
    /// A retransmission of the request that created the transaction: Request-URI, To tag,
    /// From tag, Call-ID, CSeq (number and method) and top Via all equal.
    /// </summary>
    SameRequest,

    /// <summary>
    /// An ACK for the INVITE transaction's non-2xx: Request-URI, From tag, Call-ID, CSeq number and
    /// top Via equal to the INVITE's, and the To tag equal to that of the response sent.
    /// </summary>
    Ack,

    /// <summary>A CANCEL's target: the INVITE with equal Request-URI, To tag, From tag, Call-ID, CSeq number and top Via.</summary>
    CancelTarget,
}
