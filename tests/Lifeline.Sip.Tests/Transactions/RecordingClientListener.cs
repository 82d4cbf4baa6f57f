using Lifeline.Sip.Messages;
using Lifeline.Sip.Transactions;

namespace Lifeline.Sip.Tests.Transactions;

/// <summary>A client transaction listener that records every callback.</summary>
internal sealed class RecordingClientListener : ISipClientTransactionListener
{
    public List<SipMessage> Provisionals { get; } = [];

    public List<SipClientResult> Completions { get; } = [];

    public List<SipMessage> Additional2xx { get; } = [];

    public void OnProvisionalResponse(SipClientTransaction transaction, SipMessage response) => Provisionals.Add(SipTestMessages.Copy(response));

    public void OnCompleted(SipClientTransaction transaction, SipClientResult result) => Completions.Add(result);

    public void OnAdditional2xxResponse(SipClientTransaction transaction, SipMessage response) => Additional2xx.Add(SipTestMessages.Copy(response));
}
