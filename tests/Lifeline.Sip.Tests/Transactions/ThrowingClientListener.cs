using Lifeline.Sip.Messages;
using Lifeline.Sip.Transactions;

namespace Lifeline.Sip.Tests.Transactions;

/// <summary>A TU with a bug: every callback throws.</summary>
internal sealed class ThrowingClientListener : ISipClientTransactionListener
{
    public void OnProvisionalResponse(SipClientTransaction transaction, SipMessage response) => throw new InvalidOperationException("TU bug");

    public void OnCompleted(SipClientTransaction transaction, SipClientResult result) => throw new InvalidOperationException("TU bug");

    public void OnAdditional2xxResponse(SipClientTransaction transaction, SipMessage response) => throw new InvalidOperationException("TU bug");
}
