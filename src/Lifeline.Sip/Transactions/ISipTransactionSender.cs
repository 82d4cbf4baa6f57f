namespace Lifeline.Sip.Transactions;

/// <summary>
/// The seam between the transaction layer and the transports: moves one whole message to a
/// destination. Implementations must not block for long (a UDP send completes synchronously);
/// they report failures as a <see cref="SipSendResult"/>, never by throwing.
/// </summary>
public interface ISipTransactionSender
{
    /// <summary>
    /// Sends one message. The bytes stay valid and unchanged for the lifetime of the transaction,
    /// but the implementation must not keep them after the returned task completes.
    /// </summary>
    ValueTask<SipSendResult> SendAsync(ReadOnlyMemory<byte> message, SipTransactionDestination destination, CancellationToken cancellationToken);
}
