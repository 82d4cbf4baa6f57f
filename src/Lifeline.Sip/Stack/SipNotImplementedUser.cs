using Lifeline.Sip.Messages;
using Lifeline.Sip.Transactions;
using Lifeline.Sip.Writing;

namespace Lifeline.Sip.Stack;

/// <summary>
/// The transaction user of a stack that only sends requests (a pinger, a prober): any request that
/// arrives is answered 501 Not Implemented, and stray messages are ignored.
/// </summary>
internal sealed class SipNotImplementedUser : ISipTransactionUser
{
    public static SipNotImplementedUser Instance { get; } = new();

    public void OnRequest(SipServerTransaction transaction) =>
        transaction.SendResponse(SipResponses.Create(transaction.Request, 501, "Not Implemented").Build());

    public void OnAck(SipMessage ack, SipTransactionDestination source, SipServerTransaction? transaction)
    {
    }

    public void OnStrayResponse(SipMessage response, SipTransactionDestination source)
    {
    }

    public void OnServerTransactionFailed(SipServerTransaction transaction, SipServerFailure failure)
    {
    }
}
