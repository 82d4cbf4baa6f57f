using System.Globalization;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Stack;
using Lifeline.Sip.Transactions;
using Lifeline.Sip.Transports;
using Lifeline.Sip.Uris;
using Lifeline.Sip.Writing;

namespace Lifeline.Cli.Demo;

/// <summary>
/// The simulated dialer: a real <see cref="SipStack"/> on 127.0.0.1 that places calls through Lifeline's proxy as
/// Asterisk would through its one trunk — INVITE, then ACK for the 200 and BYE after a short hold, both along the
/// Record-Route the proxy put in — and records each call's setup time and result in a <see cref="DemoCallLog"/>.
/// </summary>
internal sealed class DemoDialer : IAsyncDisposable
{
    private static readonly TimeSpan s_hold = TimeSpan.FromSeconds(1);

    private readonly SipStack _stack;
    private readonly SipEndPoint _proxy;
    private readonly DemoTimeline _timeline;
    private readonly SipSentBy _sentBy;
    private readonly SipUri _from;
    private long _sequence;

    private DemoDialer(SipStack stack, SipEndPoint proxy, DemoTimeline timeline)
    {
        _stack = stack;
        _proxy = proxy;
        _timeline = timeline;
        var local = stack.Transports.Transports[0].LocalEndPoint.EndPoint;
        _sentBy = new SipSentBy("UDP", local.Address.ToString(), local.Port);
        SipUri.TryParse("sip:dialer@" + local, out var from);
        _from = from!;
    }

    public DemoCallLog Calls { get; } = new();

    /// <summary>Opens the dialer on <c>udp:127.0.0.1:0</c>, sending to <paramref name="proxy"/>.</summary>
    public static async Task<DemoDialer?> OpenAsync(SipEndPoint proxy, DemoTimeline timeline)
    {
        var opened = await SipStack.OpenAsync(["udp:127.0.0.1:0"], timeProvider: timeline.Time).ConfigureAwait(false);
        return opened.IsSuccess ? new DemoDialer(opened.Stack, proxy, timeline) : null;
    }

    /// <summary>Places calls at <paramref name="callsPerSecond"/> until cancelled; each call runs on its own.</summary>
    public async Task RunAsync(double callsPerSecond, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / callsPerSecond), _timeline.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                _ = PlaceCallAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // The demo is over.
        }
    }

    /// <summary>One call: INVITE, wait for the final response, ACK a 200, hold, BYE.</summary>
    public async Task PlaceCallAsync()
    {
        var number = "1555" + (Interlocked.Increment(ref _sequence) % 10_000_000).ToString("0000000", CultureInfo.InvariantCulture);
        SipUri.TryParse("sip:" + number + "@" + _proxy.EndPoint, out var target);
        var callId = SipIds.NewCallId();
        var fromTag = SipIds.NewTag();
        var invite = SipMessageBuilder.Request(SipMethod.Invite, target!)
            .AddVia(_sentBy, SipIds.NewBranch(), rport: true)
            .AddMaxForwards(70)
            .AddFrom(_from, fromTag)
            .AddTo(target!)
            .AddCallId(callId)
            .AddCSeq(1, SipMethod.Invite)
            .AddContact(_from)
            .Build();
        var placedAt = _timeline.Elapsed;
        var started = _timeline.Time.GetTimestamp();
        Calls.CallPlaced();
        var result = await _stack.Send(invite, _proxy, TimeSpan.FromSeconds(32)).Completion.ConfigureAwait(false);
        var setup = _timeline.Time.GetElapsedTime(started);
        var response = result.Response;
        string? answeredBy = null;
        if (response is not null && response.StatusCode is >= 200 and < 300 && response.TryGetContact(out var contact) && contact.TryGetUri(out var contactUri))
        {
            answeredBy = contactUri.User;
        }

        Calls.Add(new DemoCall(placedAt, setup, response?.StatusCode ?? 0, answeredBy));
        if (response is null || response.StatusCode is < 200 or >= 300)
        {
            return;
        }

        var dialog = DemoDialog.From(response, callId, _from, fromTag);
        await SendAckAsync(dialog).ConfigureAwait(false);
        await Task.Delay(s_hold, _timeline.Time).ConfigureAwait(false);
        var bye = dialog.Request(SipMethod.Bye, 2, _sentBy).Build();
        await _stack.Send(bye, _proxy).Completion.ConfigureAwait(false);
    }

    private async Task SendAckAsync(DemoDialog dialog)
    {
        var ack = dialog.Request(SipMethod.Ack, 1, _sentBy).ToArray();
        await ((ISipTransactionSender)_stack).SendAsync(ack, SipStack.ToTransactionDestination(_proxy), CancellationToken.None).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _stack.DisposeAsync();
}
