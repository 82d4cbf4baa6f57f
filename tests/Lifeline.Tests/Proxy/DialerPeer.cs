using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Stack;
using Lifeline.Sip.Transactions;
using Lifeline.Sip.Transports;
using Lifeline.Sip.Uris;
using Lifeline.Sip.Writing;

namespace Lifeline.Tests.Proxy;

/// <summary>A dialer (Asterisk's part) played by a real SIP stack on loopback: it sends calls to the proxy as its trunk.</summary>
internal sealed class DialerPeer : ISipTransactionUser, IAsyncDisposable
{
    private readonly string _protocol;
    private SipStack? _stack;

    private DialerPeer(SipEndPoint proxy, string protocol)
    {
        Proxy = proxy;
        _protocol = protocol;
    }

    public SipEndPoint Proxy { get; }

    public SipStack Stack => _stack!;

    public SipEndPoint EndPoint => _stack!.Transports.Transports[0].LocalEndPoint;

    public ConcurrentQueue<SipMessage> Requests { get; } = new();

    public static async Task<DialerPeer> StartAsync(SipEndPoint proxy, string protocol = "udp", string bind = "127.0.0.1")
    {
        var dialer = new DialerPeer(proxy, protocol);
        var opened = await SipStack.OpenAsync([protocol + ":" + bind + ":0"], dialer);
        opened.IsSuccess.ShouldBeTrue(opened.Error);
        dialer._stack = opened.Stack;
        return dialer;
    }

    /// <summary>Sends an INVITE for <paramref name="number"/> to the proxy.</summary>
    public DialerCall Invite(string number, Action<SipMessageBuilder>? extra = null)
    {
        var port = EndPoint.EndPoint.Port;
        var host = EndPoint.EndPoint.Address.ToString();
        var builder = SipMessageBuilder.Request(SipMethod.Invite, SipUri.Create(SipUriScheme.Sip, number, Proxy.EndPoint.Address.ToString(), Proxy.EndPoint.Port))
            .AddVia(new SipSentBy(_protocol.ToUpperInvariant(), host, port), SipIds.NewBranch())
            .AddMaxForwards()
            .AddFrom(SipUri.Create(SipUriScheme.Sip, "dialer", host), SipIds.NewTag())
            .AddTo(SipUri.Create(SipUriScheme.Sip, number, Proxy.EndPoint.Address.ToString()))
            .AddCallId(SipIds.NewCallId())
            .AddCSeq(1, SipMethod.Invite)
            .AddHeader(SipHeaderId.Contact, "<sip:dialer@" + host + ":" + port.ToString(CultureInfo.InvariantCulture) + (_protocol == "tcp" ? ";transport=tcp" : string.Empty) + ">");
        extra?.Invoke(builder);
        builder.SetBody(Encoding.ASCII.GetBytes("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n"), "application/sdp");
        var invite = builder.Build();
        var call = new DialerCall(this, invite);
        call.Transaction = Stack.Send(invite, Proxy, null, call);
        return call;
    }

    /// <summary>A request built the way a dialer builds in-dialog requests: to the Contact, through the Record-Route set.</summary>
    public SipMessage InDialog(SipMethod method, uint cseq, SipMessage invite, SipMessage answer)
    {
        var port = EndPoint.EndPoint.Port;
        var host = EndPoint.EndPoint.Address.ToString();
        answer.TryGetContact(out var contact).ShouldBeTrue();
        var builder = SipMessageBuilder.Request(method, contact.Uri.Span)
            .AddVia(new SipSentBy(_protocol.ToUpperInvariant(), host, port), SipIds.NewBranch())
            .AddMaxForwards();

        // A UAC's route set is the Record-Route of the answer in reverse order (RFC 3261 §12.1.2).
        var routes = new List<string>();
        foreach (var recordRoute in answer.RecordRoutes)
        {
            routes.Add(recordRoute.ToString());
        }

        routes.Reverse();
        foreach (var route in routes)
        {
            builder.AddHeader(SipHeaderId.Route, route);
        }

        builder.AddHeader(SipHeaderId.From, invite.GetHeaderValue(SipHeaderId.From)!)
            .AddHeader(SipHeaderId.To, answer.GetHeaderValue(SipHeaderId.To)!)
            .AddHeader(SipHeaderId.CallId, invite.CallId.ToString())
            .AddCSeq(cseq, method);
        return builder.Build();
    }

    public void OnRequest(SipServerTransaction transaction)
    {
        Requests.Enqueue(transaction.Request);
        transaction.SendResponse(SipResponses.Create(transaction.Request, 200).Build());
    }

    public void OnAck(SipMessage ack, SipTransactionDestination source, SipServerTransaction? transaction)
    {
    }

    public void OnStrayResponse(SipMessage response, SipTransactionDestination source)
    {
    }

    public void OnServerTransactionFailed(SipServerTransaction transaction, SipServerFailure failure)
    {
    }

    public async ValueTask DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }
    }
}
