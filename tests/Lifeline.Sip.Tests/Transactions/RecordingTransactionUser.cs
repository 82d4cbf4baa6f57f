using Lifeline.Sip.Messages;
using Lifeline.Sip.Transactions;

namespace Lifeline.Sip.Tests.Transactions;

/// <summary>
/// A TU that records what the transaction layer hands it (messages are copied: they may be
/// transient). Safe to call from several threads; read the lists once they are quiet.
/// </summary>
internal sealed class RecordingTransactionUser : ISipTransactionUser
{
    private readonly Lock _gate = new();

    public List<SipServerTransaction> Requests { get; } = [];

    public List<(SipMessage Ack, SipServerTransaction? Transaction)> Acks { get; } = [];

    public List<SipMessage> StrayResponses { get; } = [];

    public List<(SipServerTransaction Transaction, SipServerFailure Failure)> Failures { get; } = [];

    /// <summary>Runs inside <see cref="OnRequest"/>, e.g. to answer at once.</summary>
    public Action<SipServerTransaction>? Answer { get; set; }

    public void OnRequest(SipServerTransaction transaction)
    {
        lock (_gate)
        {
            Requests.Add(transaction);
        }

        Answer?.Invoke(transaction);
    }

    public void OnAck(SipMessage ack, SipTransactionDestination source, SipServerTransaction? transaction)
    {
        var copy = SipTestMessages.Copy(ack);
        lock (_gate)
        {
            Acks.Add((copy, transaction));
        }
    }

    public void OnStrayResponse(SipMessage response, SipTransactionDestination source)
    {
        var copy = SipTestMessages.Copy(response);
        lock (_gate)
        {
            StrayResponses.Add(copy);
        }
    }

    public void OnServerTransactionFailed(SipServerTransaction transaction, SipServerFailure failure)
    {
        lock (_gate)
        {
            Failures.Add((transaction, failure));
        }
    }
}
