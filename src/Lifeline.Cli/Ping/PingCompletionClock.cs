using Lifeline.Sip.Messages;
using Lifeline.Sip.Transactions;

namespace Lifeline.Cli.Ping;

/// <summary>Takes the time a probe's response arrived, on the receiving thread, so the RTT excludes task scheduling.</summary>
internal sealed class PingCompletionClock(TimeProvider time) : ISipClientTransactionListener
{
    public long? CompletedAt { get; private set; }

    public void OnProvisionalResponse(SipClientTransaction transaction, SipMessage response)
    {
    }

    public void OnCompleted(SipClientTransaction transaction, SipClientResult result) => CompletedAt = time.GetTimestamp();

    public void OnAdditional2xxResponse(SipClientTransaction transaction, SipMessage response)
    {
    }
}
