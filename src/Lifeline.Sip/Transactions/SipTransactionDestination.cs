using System.Net;

namespace Lifeline.Sip.Transactions;

/// <summary>
/// Where a transaction sends: the remote endpoint and whether the transport to it is reliable
/// (TCP, TLS) or not (UDP). Retransmission timers run only over unreliable transports
/// (RFC 3261 §17.1.1.2, §17.1.2.2, §17.2.1, §17.2.2), and the wait timers D, I, J and K are
/// zero over reliable ones.
/// </summary>
/// <param name="EndPoint">The remote endpoint (for a server transaction: the source of the request).</param>
/// <param name="IsReliable">True for a connection transport (TCP, TLS), false for UDP.</param>
public readonly record struct SipTransactionDestination(EndPoint EndPoint, bool IsReliable);
