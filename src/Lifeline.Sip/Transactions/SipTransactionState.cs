namespace Lifeline.Sip.Transactions;

/// <summary>
/// The states of RFC 3261 §17 transactions, with RFC 6026's <see cref="Accepted"/> for INVITE
/// transactions that saw a 2xx.
/// </summary>
public enum SipTransactionState : byte
{
    /// <summary>Client INVITE: the INVITE is sent, no response yet (Timers A and B run).</summary>
    Calling,

    /// <summary>Non-INVITE: the request is sent (client) or received (server), no response yet.</summary>
    Trying,

    /// <summary>A provisional response was received (client) or sent (server).</summary>
    Proceeding,

    /// <summary>A final response was received (client) or sent (server); retransmissions are absorbed or repeated.</summary>
    Completed,

    /// <summary>Server INVITE: the ACK for a non-2xx final response arrived (Timer I runs).</summary>
    Confirmed,

    /// <summary>INVITE, RFC 6026: a 2xx was received (client, Timer M) or sent (server, Timer L).</summary>
    Accepted,

    /// <summary>The transaction is over and removed from the transaction layer.</summary>
    Terminated,
}
