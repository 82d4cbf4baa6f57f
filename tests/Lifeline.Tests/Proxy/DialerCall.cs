using System.Collections.Concurrent;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Transactions;

namespace Lifeline.Tests.Proxy;

/// <summary>One call the dialer placed: what came back, and the ACK / BYE / CANCEL it can send.</summary>
internal sealed class DialerCall : ISipClientTransactionListener
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly DialerPeer _dialer;
    private readonly TaskCompletionSource<SipClientResult> _final = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<SipMessage> _ringing = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DialerCall(DialerPeer dialer, SipMessage invite)
    {
        _dialer = dialer;
        Invite = invite;
    }

    public SipMessage Invite { get; }

    public SipClientTransaction? Transaction { get; set; }

    public ConcurrentQueue<SipMessage> Provisionals { get; } = new();

    /// <summary>The final response (or outcome), waited for with a generous limit.</summary>
    public Task<SipClientResult> FinalAsync() => _final.Task.WaitAsync(Patience);

    /// <summary>The first provisional response above 100.</summary>
    public Task<SipMessage> RingingAsync() => _ringing.Task.WaitAsync(Patience);

    /// <summary>Sends the ACK for the 2xx, as the dialer's UA core does.</summary>
    public async Task AckAsync(SipMessage answer)
    {
        var ack = _dialer.InDialog(Lifeline.Sip.Messages.SipMethod.Ack, 1, Invite, answer);
        var sent = await _dialer.Stack.Transports.SendAsync(ack.Bytes, _dialer.Proxy);
        sent.IsSent.ShouldBeTrue();
    }

    /// <summary>Hangs up an answered call.</summary>
    public Task<SipClientResult> ByeAsync(SipMessage answer)
    {
        var bye = _dialer.InDialog(Lifeline.Sip.Messages.SipMethod.Bye, 2, Invite, answer);
        return _dialer.Stack.Send(bye, _dialer.Proxy).Completion.WaitAsync(Patience);
    }

    public void OnProvisionalResponse(SipClientTransaction transaction, SipMessage response)
    {
        var copy = SipTestCopy.Of(response);
        Provisionals.Enqueue(copy);
        if (response.StatusCode > 100)
        {
            _ringing.TrySetResult(copy);
        }
    }

    public void OnCompleted(SipClientTransaction transaction, SipClientResult result) => _final.TrySetResult(result);

    public void OnAdditional2xxResponse(SipClientTransaction transaction, SipMessage response)
    {
    }
}
