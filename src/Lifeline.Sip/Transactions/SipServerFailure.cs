namespace Lifeline.Sip.Transactions;

/// <summary>Why a server transaction failed (reported to the TU, RFC 3261 §17.2.1, §17.2.4).</summary>
public enum SipServerFailure : byte
{
    /// <summary>Timer H fired: the ACK for a non-2xx final response to an INVITE never came.</summary>
    AckTimeout,

    /// <summary>The transport reported a fatal error sending a response.</summary>
    TransportError,
}
