using Lifeline.Sip.Messages;
using Lifeline.Sip.Stack;
using Lifeline.Sip.Transactions;
using Lifeline.Sip.Transports;
using Lifeline.Sip.Writing;

namespace Lifeline.Proxy;

/// <summary>
/// One in-dialog request (BYE, re-INVITE, UPDATE, INFO …) forwarded along its Route set: links the dialer's or
/// carrier's server transaction to our client transaction and passes the responses back. Lives only as long as the
/// two transactions; nothing about the call is remembered.
/// </summary>
internal sealed class ProxyDialogRequest : ISipClientTransactionListener
{
    private readonly ProxyCore _core;
    private readonly SipServerTransaction _server;
    private readonly string? _byeTrunk;
    private readonly ReadOnlyMemory<byte> _originalCSeq;
    private SipClientTransaction? _client;
    private int _cancelled;

    /// <param name="core">The proxy.</param>
    /// <param name="server">The transaction of the request as it arrived.</param>
    /// <param name="byeTrunk">For a BYE: the trunk named in our Route, whose slot a 2xx frees.</param>
    /// <param name="originalCSeq">The request's CSeq value when it was renumbered on the way (responses get it back); empty otherwise.</param>
    public ProxyDialogRequest(ProxyCore core, SipServerTransaction server, string? byeTrunk, ReadOnlyMemory<byte> originalCSeq)
    {
        _core = core;
        _server = server;
        _byeTrunk = byeTrunk;
        _originalCSeq = originalCSeq;
    }

    public void Start(SipStack stack, SipMessage forwarded, SipEndPoint hop)
    {
        var client = stack.Send(forwarded, hop, null, this);
        Volatile.Write(ref _client, client);
        if (Volatile.Read(ref _cancelled) != 0 && client.IsInvite)
        {
            client.Cancel();
        }
    }

    /// <summary>A CANCEL for a re-INVITE: passed on.</summary>
    public void Cancel()
    {
        Volatile.Write(ref _cancelled, 1);
        var client = Volatile.Read(ref _client);
        if (client is { IsInvite: true })
        {
            client.Cancel();
        }
    }

    void ISipClientTransactionListener.OnProvisionalResponse(SipClientTransaction transaction, SipMessage response)
    {
        if (response.StatusCode > 100 && Upstream(response) is { } upstream)
        {
            _server.SendResponse(upstream);
        }
    }

    void ISipClientTransactionListener.OnCompleted(SipClientTransaction transaction, SipClientResult result)
    {
        if (result.HasResponse)
        {
            if (_byeTrunk is not null && result.StatusCode is >= 200 and < 300)
            {
                _core.ReleaseTrunk(_byeTrunk);
            }

            if (Upstream(result.Response) is { } upstream)
            {
                _server.SendResponse(upstream);
                return;
            }

            _server.SendResponse(SipResponses.Create(_server.Request, 502).Build());
            return;
        }

        var status = result.Outcome switch
        {
            SipClientOutcome.Timeout => 408,
            SipClientOutcome.Cancelled => 487,
            _ => 503,
        };
        _server.SendResponse(SipResponses.Create(_server.Request, status).AddReason("SIP", status, "next hop: " + result).Build());
    }

    private SipMessage? Upstream(SipMessage response) =>
        ProxyWire.Edit(response, new SipMessageEdits { RemoveTopVia = true, CSeq = _originalCSeq }, out _);

    void ISipClientTransactionListener.OnAdditional2xxResponse(SipClientTransaction transaction, SipMessage response) => _core.ForwardByVia(response);
}
