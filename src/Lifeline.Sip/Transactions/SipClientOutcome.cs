namespace Lifeline.Sip.Transactions;

/// <summary>How a client transaction ended, as far as its TU is concerned.</summary>
public enum SipClientOutcome : byte
{
    /// <summary>A final response arrived (any class: 2xx to 6xx).</summary>
    Response,

    /// <summary>No final response in time: Timer B or F (or the caller's shorter timeout) fired.</summary>
    Timeout,

    /// <summary>The transport reported a fatal error sending the request.</summary>
    TransportError,

    /// <summary>
    /// The transaction was given up locally: the TU cancelled an INVITE and no final response
    /// came within 64·T1 of the CANCEL, or the transaction was abandoned or the layer disposed.
    /// </summary>
    Cancelled,
}
