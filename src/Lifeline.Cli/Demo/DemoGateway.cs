using Lifeline.Sip.Messages;
using Lifeline.Sip.Stack;
using Lifeline.Sip.Transactions;
using Lifeline.Sip.Transports;
using Lifeline.Sip.Uris;
using Lifeline.Sip.Writing;

namespace Lifeline.Cli.Demo;

/// <summary>
/// A simulated carrier gateway: a real <see cref="SipStack"/> (UDP transport, parser, transaction layer) on an
/// ephemeral port of 127.0.0.1 whose transaction user answers OPTIONS <c>200 OK</c> with <c>Server: demo-carrier</c>
/// when its <see cref="DemoScript"/> says so, and otherwise drops the request without a word, as a dead carrier or a
/// lost packet would. It takes calls too: an INVITE is answered <c>200 OK</c> at once (its Contact's user part is
/// the gateway's name, so the dialer can tell who answered) unless the script says the gateway is silent, and a
/// BYE gets <c>200 OK</c>. Other requests get 501.
/// </summary>
internal sealed class DemoGateway : ISipTransactionUser, IAsyncDisposable
{
    public const string ServerHeader = "demo-carrier";

    private readonly DemoTimeline _timeline;
    private readonly DemoDraws _draws;
    private readonly Lock _drawsLock = new();
    private SipStack? _stack;
    private long _received;
    private long _answered;
    private long _dropped;
    private long _callsAnswered;
    private long _callsDropped;

    private DemoGateway(DemoScript script, DemoTimeline timeline, Random random)
    {
        Script = script;
        _timeline = timeline;
        _draws = new DemoDraws(random, script.LossRate);
    }

    public DemoScript Script { get; }

    /// <summary>Where it listens (UDP).</summary>
    public SipEndPoint EndPoint { get; private set; }

    /// <summary>Its SIP URI, as a trunk's gateway would be written in the configuration.</summary>
    public string Uri => "sip:" + EndPoint.EndPoint;

    /// <summary>OPTIONS received (retransmissions the transaction layer absorbed are not counted).</summary>
    public long Received => Interlocked.Read(ref _received);

    public long Answered => Interlocked.Read(ref _answered);

    /// <summary>OPTIONS dropped by the script (silence or random loss).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Opens the gateway on <c>udp:127.0.0.1:0</c>.</summary>
    public static async Task<DemoGatewayOpenResult> OpenAsync(DemoScript script, DemoTimeline timeline, Random random)
    {
        var gateway = new DemoGateway(script, timeline, random);
        var opened = await SipStack.OpenAsync(["udp:127.0.0.1:0"], gateway, timeProvider: timeline.Time).ConfigureAwait(false);
        if (!opened.IsSuccess)
        {
            return DemoGatewayOpenResult.Failed($"cannot open the simulated gateway {script.Name} on 127.0.0.1: {opened.Error}");
        }

        gateway._stack = opened.Stack;
        gateway.EndPoint = opened.Stack.Transports.Transports[0].LocalEndPoint;
        return DemoGatewayOpenResult.Opened(gateway);
    }

    /// <summary>INVITEs answered 200.</summary>
    public long CallsAnswered => Interlocked.Read(ref _callsAnswered);

    /// <summary>INVITEs dropped because the gateway was silent.</summary>
    public long CallsDropped => Interlocked.Read(ref _callsDropped);

    void ISipTransactionUser.OnRequest(SipServerTransaction transaction)
    {
        var request = transaction.Request;
        if (request.Method.Kind == SipMethodKind.Invite)
        {
            AnswerCall(transaction);
            return;
        }

        if (request.Method.Kind == SipMethodKind.Bye)
        {
            transaction.SendResponse(SipResponses.Create(request, 200, "OK").AddHeader(SipHeaderId.Server, ServerHeader).Build());
            return;
        }

        if (request.Method.Kind != SipMethodKind.Options)
        {
            transaction.SendResponse(SipResponses.Create(request, 501, "Not Implemented").AddHeader(SipHeaderId.Server, ServerHeader).Build());
            return;
        }

        Interlocked.Increment(ref _received);
        double draw;
        lock (_drawsLock)
        {
            draw = _draws.Next();
        }

        if (!Script.Answers(_timeline.Elapsed, draw))
        {
            // Silence: the transaction stays in Trying and absorbs any retransmission, like a carrier that is gone.
            Interlocked.Increment(ref _dropped);
            return;
        }

        Interlocked.Increment(ref _answered);
        transaction.SendResponse(SipResponses.Create(request, 200, "OK").AddHeader(SipHeaderId.Server, ServerHeader).Build());
    }

    private void AnswerCall(SipServerTransaction transaction)
    {
        if (Script.SilenceAt(_timeline.Elapsed) is not null)
        {
            // A dead carrier: no 100, no answer; the proxy's first-response timeout moves the call on.
            Interlocked.Increment(ref _callsDropped);
            return;
        }

        Interlocked.Increment(ref _callsAnswered);
        var answer = SipResponses.Create(transaction.Request, 200, "OK").AddHeader(SipHeaderId.Server, ServerHeader);
        if (SipUri.TryParse("sip:" + Script.Name + "@" + EndPoint.EndPoint, out var contact))
        {
            answer.AddContact(contact);
        }

        transaction.SendResponse(answer.Build());
    }

    void ISipTransactionUser.OnAck(SipMessage ack, SipTransactionDestination source, SipServerTransaction? transaction)
    {
    }

    void ISipTransactionUser.OnStrayResponse(SipMessage response, SipTransactionDestination source)
    {
    }

    void ISipTransactionUser.OnServerTransactionFailed(SipServerTransaction transaction, SipServerFailure failure)
    {
    }

    public async ValueTask DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync().ConfigureAwait(false);
        }
    }
}
