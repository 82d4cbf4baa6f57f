using Lifeline.Sip.Messages;
using Lifeline.Sip.Transactions;

namespace Lifeline.Sip.Tests.Transactions;

/// <summary>A TU that records what the transaction layer hands it (messages are copied: they may be transient).</summary>
internal sealed class RecordingTransactionUser : ISipTransactionUser
{
    public List<SipServerTransaction> Requests { get; } = [];

    public List<(SipMessage Ack, SipServerTransaction? Transaction)> Acks { get; } = [];

    public List<SipMessage> StrayResponses { get; } = [];

    public List<(SipServerTransaction Transaction, SipServerFailure Failure)> Failures { get; } = [];

    /// <summary>Runs inside <see cref="OnRequest"/>, e.g. to answer at once.</summary>
    public Action<SipServerTransaction>? Answer { get; set; }

    public void OnRequest(SipServerTransaction transaction)
    {
        Requests.Add(transaction);
        Answer?.Invoke(transaction);
    }

    public void OnAck(SipMessage ack, SipTransactionDestination source, SipServerTransaction? transaction) => Acks.Add((SipTestMessages.Copy(ack), transaction));

    public void OnStrayResponse(SipMessage response, SipTransactionDestination source) => StrayResponses.Add(SipTestMessages.Copy(response));

    public void OnServerTransactionFailed(SipServerTransaction transaction, SipServerFailure failure) => Failures.Add((transaction, failure));
}
