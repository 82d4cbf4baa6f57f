using Lifeline.Sip.Messages;
using Lifeline.Sip.Transactions;

namespace Lifeline.Sip.Tests.Transactions;

/// <summary>A client transaction listener that records every callback (thread-safe).</summary>
internal sealed class RecordingClientListener : ISipClientTransactionListener
{
    private readonly Lock _gate = new();

    public List<SipMessage> Provisionals { get; } = [];

    public List<SipClientResult> Completions { get; } = [];

    public List<SipMessage> Additional2xx { get; } = [];

    public void OnProvisionalResponse(SipClientTransaction transaction, SipMessage response)
    {
        var copy = SipTestMessages.Copy(response);
        lock (_gate)
        {
            Provisionals.Add(copy);
        }
    }

    public void OnCompleted(SipClientTransaction transaction, SipClientResult result)
    {
        lock (_gate)
        {
            Completions.Add(result);
        }
    }

    public void OnAdditional2xxResponse(SipClientTransaction transaction, SipMessage response)
    {
        var copy = SipTestMessages.Copy(response);
        lock (_gate)
        {
            Additional2xx.Add(copy);
        }
    }
}
