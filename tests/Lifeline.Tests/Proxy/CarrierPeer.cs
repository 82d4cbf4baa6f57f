using System.Collections.Concurrent;
using System.Globalization;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Stack;
using Lifeline.Sip.Transactions;
using Lifeline.Sip.Transports;
using Lifeline.Sip.Writing;

namespace Lifeline.Tests.Proxy;

/// <summary>
/// A carrier played by a real SIP stack on loopback: every INVITE goes to <see cref="OnInvite"/> (answer, stay silent,
/// ring …); BYE and other in-dialog requests are answered 200; CANCEL is answered 200 and the INVITE 487. Everything
/// received is recorded.
/// </summary>
internal sealed class CarrierPeer : ISipTransactionUser, IAsyncDisposable
{
    private SipStack? _stack;

    private CarrierPeer(string name) => Name = name;

    public string Name { get; }

    /// <summary>What to do with each INVITE (default: 200 OK).</summary>
    public Action<CarrierPeer, SipServerTransaction> OnInvite { get; set; } = static (carrier, tx) => carrier.Answer(tx, 200);

    public ConcurrentQueue<SipMessage> Requests { get; } = new();

    public ConcurrentQueue<SipMessage> Acks { get; } = new();

    public SipEndPoint EndPoint => _stack!.Transports.Transports[0].LocalEndPoint;

    public string Uri => EndPoint.Protocol == SipTransportProtocol.Tcp
        ? string.Create(CultureInfo.InvariantCulture, $"sip:127.0.0.1:{EndPoint.EndPoint.Port};transport=tcp")
        : string.Create(CultureInfo.InvariantCulture, $"sip:127.0.0.1:{EndPoint.EndPoint.Port}");

    public int Invites => Requests.Count(r => r.Method.Kind == SipMethodKind.Invite);

    public IEnumerable<SipMessage> Received(SipMethodKind kind) => Requests.Where(r => r.Method.Kind == kind);

    public static async Task<CarrierPeer> StartAsync(string name, string protocol = "udp")
    {
        var carrier = new CarrierPeer(name);
        // No automatic 100 Trying: a carrier says only what the test tells it to (a silent one stays silent).
        var options = new SipStackOptions { Timers = SipTimerOptions.Default with { TryingDelay = TimeSpan.FromHours(1) } };
        var opened = await SipStack.OpenAsync([protocol + ":127.0.0.1:0"], carrier, options);
        opened.IsSuccess.ShouldBeTrue(opened.Error);
        carrier._stack = opened.Stack;
        return carrier;
    }

    /// <summary>Answers with <paramref name="status"/>; 1xx–2xx carry a To tag and our Contact.</summary>
    public void Answer(SipServerTransaction transaction, int status, Action<SipMessageBuilder>? extra = null)
    {
        var builder = SipResponses.Create(transaction.Request, status, toTag: Name + "-tag");
        if (status is > 100 and < 300)
        {
            builder.AddHeader(SipHeaderId.Contact, "<sip:" + Name + "@127.0.0.1:" + EndPoint.EndPoint.Port.ToString(CultureInfo.InvariantCulture)
                + (EndPoint.Protocol == SipTransportProtocol.Tcp ? ";transport=tcp" : string.Empty) + ">");
        }

        extra?.Invoke(builder);
        transaction.SendResponse(builder.Build());
    }

    /// <summary>Hangs up an answered call from the carrier's side: to the dialer's Contact, through the INVITE's Record-Route.</summary>
    public Task<SipClientResult> ByeAsync(SipMessage invite, SipEndPoint proxy)
    {
        invite.TryGetContact(out var contact).ShouldBeTrue();
        var builder = SipMessageBuilder.Request(SipMethod.Bye, contact.Uri.Span)
            .AddVia(new SipSentBy(EndPoint.Protocol == SipTransportProtocol.Tcp ? "TCP" : "UDP", "127.0.0.1", EndPoint.EndPoint.Port), SipIds.NewBranch())
            .AddMaxForwards();
        foreach (var recordRoute in invite.RecordRoutes)
        {
            builder.AddHeader(SipHeaderId.Route, recordRoute.ToString());
        }

        invite.TryGetTo(out var to).ShouldBeTrue();
        builder.AddHeader(SipHeaderId.From, to.Value.ToString() + ";tag=" + Name + "-tag")
            .AddHeader(SipHeaderId.To, invite.GetHeaderValue(SipHeaderId.From)!)
            .AddHeader(SipHeaderId.CallId, invite.CallId.ToString())
            .AddCSeq(1, SipMethod.Bye);
        return _stack!.Send(builder.Build(), proxy).Completion.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public void OnRequest(SipServerTransaction transaction)
    {
        Requests.Enqueue(transaction.Request);
        switch (transaction.Request.Method.Kind)
        {
            case SipMethodKind.Invite when !(transaction.Request.TryGetTo(out var to) && to.HasTag):
                OnInvite(this, transaction);
                break;
            case SipMethodKind.Cancel:
                transaction.SendResponse(SipResponses.Create(transaction.Request, 200).Build());
                if (transaction.CancelledInvite is { } invite)
                {
                    Answer(invite, 487);
                }

                break;
            default:
                transaction.SendResponse(SipResponses.Create(transaction.Request, 200).Build());
                break;
        }
    }

    public void OnAck(SipMessage ack, SipTransactionDestination source, SipServerTransaction? transaction) => Acks.Enqueue(SipTestCopy.Of(ack));

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
