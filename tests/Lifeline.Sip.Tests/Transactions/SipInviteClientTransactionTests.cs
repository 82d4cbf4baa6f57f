using System.Net.Sockets;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Transactions;
using static Lifeline.Sip.Tests.Transactions.SipTestMessages;

namespace Lifeline.Sip.Tests.Transactions;

public sealed class SipInviteClientTransactionTests
{
    private static bool IsInvite(SipMessage m) => m.IsRequest && m.Method == SipMethod.Invite;

    private static bool IsAck(SipMessage m) => m.IsRequest && m.Method == SipMethod.Ack;

    [Fact]
    public void TimerA_OverUdp_RetransmitsInviteAtDoublingIntervalsUntilTimerB()
    {
        using var bed = new SipTransactionTestBed();
        var tx = bed.Start(Invite());

        bed.AdvanceTo(31.9);

        // Sent at 0, then after 0.5, 1, 2, 4, 8, 16 s.
        bed.Sender.TimesOf(IsInvite).ShouldBe([0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5]);
        bed.Sender.Sent.ShouldAllBe(s => s.Destination == SipTransactionTestBed.Udp);
        bed.Sender.Sent.ShouldAllBe(s => s.Message.ToString() == tx.Request.ToString());
        tx.State.ShouldBe(SipTransactionState.Calling);
    }

    [Fact]
    public void TimerA_OverTcp_NeverRetransmits()
    {
        using var bed = new SipTransactionTestBed();
        bed.Start(Invite(transport: "TCP"), reliable: true);

        bed.AdvanceTo(31.9);

        bed.Sender.TimesOf(IsInvite).ShouldBe([0]);
    }

    [Fact]
    public async Task TimerB_NoResponse_CompletesWithTimeoutAfter32Seconds()
    {
        using var bed = new SipTransactionTestBed();
        var tx = bed.Start(Invite());

        bed.AdvanceTo(31.999);
        tx.TryGetResult(out _).ShouldBeFalse();

        bed.AdvanceTo(32);
        var result = await tx.Completion;
        result.Outcome.ShouldBe(SipClientOutcome.Timeout);
        result.HasResponse.ShouldBeFalse();
        tx.State.ShouldBe(SipTransactionState.Terminated);
        bed.Layer.ClientTransactionCount.ShouldBe(0);
        bed.Listener.Completions.ShouldHaveSingleItem().Outcome.ShouldBe(SipClientOutcome.Timeout);
    }

    [Fact]
    public void TimerB_OverTcp_StillTimesOut()
    {
        using var bed = new SipTransactionTestBed();
        var tx = bed.Start(Invite(transport: "TCP"), reliable: true);

        bed.AdvanceTo(32);

        tx.TryGetResult(out var result).ShouldBeTrue();
        result.Outcome.ShouldBe(SipClientOutcome.Timeout);
    }

    [Fact]
    public void TimerB_ShorterTimeoutOverride_TimesOutAtTheCallersTime()
    {
        using var bed = new SipTransactionTestBed();
        var tx = bed.Start(Invite(), timeout: TimeSpan.FromSeconds(4));

        bed.AdvanceTo(3.99);
        tx.TryGetResult(out _).ShouldBeFalse();
        bed.AdvanceTo(4);

        tx.TryGetResult(out var result).ShouldBeTrue();
        result.Outcome.ShouldBe(SipClientOutcome.Timeout);
        tx.Timeout.ShouldBe(TimeSpan.FromSeconds(4));
        bed.Sender.TimesOf(IsInvite).ShouldBe([0, 0.5, 1.5, 3.5]);
    }

    [Fact]
    public void TimerB_CustomT1_ScalesRetransmissionsAndTimeout()
    {
        using var bed = new SipTransactionTestBed(new SipTimerOptions { T1 = TimeSpan.FromMilliseconds(100) });
        var tx = bed.Start(Invite());

        bed.AdvanceTo(6.4);

        bed.Sender.TimesOf(IsInvite).ShouldBe([0, 0.1, 0.3, 0.7, 1.5, 3.1, 6.3]);
        tx.TryGetResult(out var result).ShouldBeTrue();
        result.Outcome.ShouldBe(SipClientOutcome.Timeout);
    }

    [Fact]
    public void ProvisionalResponse_InCalling_StopsTimersAAndBAndPassesToTu()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite();
        var tx = bed.Start(invite);
        bed.AdvanceTo(0.7);

        bed.Receive(Response(invite, 100, toTag: null)).ShouldBe(SipReceiveDisposition.MatchedTransaction);
        bed.Receive(Response(invite, 180));
        bed.AdvanceTo(120);

        tx.State.ShouldBe(SipTransactionState.Proceeding);
        bed.Sender.TimesOf(IsInvite).ShouldBe([0, 0.5]);
        bed.Listener.Provisionals.Select(p => p.StatusCode).ShouldBe([100, 180]);
        tx.TryGetResult(out _).ShouldBeFalse(); // in Proceeding the TU, not Timer B, decides how long to wait
    }

    [Theory]
    [InlineData(404)]
    [InlineData(486)]
    [InlineData(503)]
    [InlineData(603)]
    public async Task FinalNon2xx_SendsAckWithTheRequiredHeaders(int status)
    {
        using var bed = new SipTransactionTestBed();
        var invite = Request("INVITE", routes: ["<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"]);
        var tx = bed.Start(invite);
        var response = Response(invite, status, toTag: "callee-7");

        bed.Receive(response);

        var ack = bed.Sender.Requests("ACK").ShouldHaveSingleItem();
        ack.RequestUri.ToString().ShouldBe(RequestUri);
        ack.CountHeaders(SipHeaderId.Via).ShouldBe(1);
        ack.TryGetTopVia(out var via).ShouldBeTrue();
        via.ToString().ShouldBe(invite.GetHeaderValue(SipHeaderId.Via));
        ack.TopViaBranch.ToString().ShouldBe(invite.TopViaBranch.ToString());
        ack.TryGetTo(out var to).ShouldBeTrue();
        to.Tag.ToString().ShouldBe("callee-7");
        to.Uri.ToString().ShouldBe("sip:bob@biloxi.example.com");
        ack.GetHeaderValue(SipHeaderId.From).ShouldBe(invite.GetHeaderValue(SipHeaderId.From));
        ack.CallId.ToString().ShouldBe(invite.CallId.ToString());
        ack.TryGetCSeq(out var cseq).ShouldBeTrue();
        cseq.Sequence.ShouldBe(314159u);
        cseq.Method.ShouldBe(SipMethod.Ack);
        HeaderValues(ack, SipHeaderId.Route).ShouldBe(["<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"]);
        ack.TryGetContentLength(out var length).ShouldBeTrue();
        length.ShouldBe(0);
        bed.Sender.Sent.Last().Destination.ShouldBe(SipTransactionTestBed.Udp);

        var result = await tx.Completion;
        result.Outcome.ShouldBe(SipClientOutcome.Response);
        result.StatusCode.ShouldBe(status);
        tx.State.ShouldBe(SipTransactionState.Completed);
    }

    [Fact]
    public void TimerD_AbsorbsRetransmittedFinalsResendingTheAck_ThenTerminates()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite();
        var tx = bed.Start(invite);
        bed.AdvanceTo(1);
        var busy = Response(invite, 486);
        bed.Receive(busy);

        bed.AdvanceTo(5);
        bed.Receive(busy).ShouldBe(SipReceiveDisposition.MatchedTransaction);
        bed.AdvanceTo(32.999);
        tx.State.ShouldBe(SipTransactionState.Completed);
        bed.AdvanceTo(33);

        bed.Sender.TimesOf(IsAck).ShouldBe([1, 5]);
        bed.Sender.TimesOf(IsInvite).ShouldBe([0, 0.5]); // Timer A stopped with the response
        bed.Listener.Completions.ShouldHaveSingleItem().StatusCode.ShouldBe(486);
        tx.State.ShouldBe(SipTransactionState.Terminated);
        bed.Layer.ClientTransactionCount.ShouldBe(0);

        // After Timer D the transaction is gone: a late retransmission is a stray for the TU.
        bed.Receive(busy).ShouldBe(SipReceiveDisposition.PassedToUser);
        bed.User.StrayResponses.ShouldHaveSingleItem().StatusCode.ShouldBe(486);
    }

    [Fact]
    public void TimerD_OverTcp_IsZero()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite(transport: "TCP");
        var tx = bed.Start(invite, reliable: true);

        bed.Receive(Response(invite, 503), reliable: true);

        bed.Sender.Requests("ACK").Length.ShouldBe(1);
        tx.State.ShouldBe(SipTransactionState.Terminated);
        bed.Layer.ClientTransactionCount.ShouldBe(0);
    }

    [Fact]
    public async Task Final2xx_PassesToTuWithoutAck_AcceptedUntilTimerM()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite();
        var tx = bed.Start(invite);
        bed.Receive(Response(invite, 180));
        bed.AdvanceTo(2);
        var ok = Response(invite, 200);

        bed.Receive(ok);
        var result = await tx.Completion;
        bed.AdvanceTo(3);
        bed.Receive(ok).ShouldBe(SipReceiveDisposition.MatchedTransaction);
        bed.Receive(Response(invite, 200, toTag: "other-fork"));

        result.StatusCode.ShouldBe(200);
        bed.Sender.Requests("ACK").ShouldBeEmpty(); // the TU acknowledges a 2xx itself
        tx.State.ShouldBe(SipTransactionState.Accepted);
        bed.Listener.Completions.Count.ShouldBe(1);
        bed.Listener.Additional2xx.Select(r => r.TryGetTo(out var to) ? to.Tag.ToString() : "").ShouldBe(["a6c85cf", "other-fork"]);

        bed.AdvanceTo(33.999);
        tx.State.ShouldBe(SipTransactionState.Accepted);
        bed.AdvanceTo(34);
        tx.State.ShouldBe(SipTransactionState.Terminated);
        bed.Layer.ClientTransactionCount.ShouldBe(0);
    }

    [Fact]
    public void Final2xx_InCalling_StopsTimerA()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite();
        bed.Start(invite);
        bed.AdvanceTo(0.6);

        bed.Receive(Response(invite, 200));
        bed.AdvanceTo(20);

        bed.Sender.TimesOf(IsInvite).ShouldBe([0, 0.5]);
    }

    [Fact]
    public async Task TransportError_OnFirstSend_CompletesWithTransportErrorAndTerminates()
    {
        using var bed = new SipTransactionTestBed();
        bed.Sender.Behaviour = _ => SipSendResult.Failed(SocketError.HostUnreachable);

        var tx = bed.Start(Invite());

        var result = await tx.Completion;
        result.Outcome.ShouldBe(SipClientOutcome.TransportError);
        result.TransportFailure.SocketError.ShouldBe(SocketError.HostUnreachable);
        tx.State.ShouldBe(SipTransactionState.Terminated);
        bed.Layer.ClientTransactionCount.ShouldBe(0);
        bed.AdvanceTo(40);
        bed.Sender.Sent.Count.ShouldBe(1);
    }

    [Fact]
    public void TransportError_OnRetransmission_CompletesWithTransportError()
    {
        using var bed = new SipTransactionTestBed();
        var tx = bed.Start(Invite());
        bed.Sender.Behaviour = _ => SipSendResult.Failed(SocketError.ConnectionRefused);

        bed.AdvanceTo(0.5);

        tx.TryGetResult(out var result).ShouldBeTrue();
        result.Outcome.ShouldBe(SipClientOutcome.TransportError);
        bed.Listener.Completions.ShouldHaveSingleItem().Outcome.ShouldBe(SipClientOutcome.TransportError);
    }

    [Fact]
    public async Task TransportError_ReportedLater_CompletesWithTransportError()
    {
        using var bed = new SipTransactionTestBed();
        bed.Sender.Asynchronous = true;
        bed.Sender.Behaviour = _ => SipSendResult.Failed(SocketError.NetworkUnreachable);
        var tx = bed.Start(Invite());
        tx.TryGetResult(out _).ShouldBeFalse();

        bed.Sender.CompletePending();

        // The failure arrives through an await continuation, possibly on another thread.
        var result = await tx.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        result.Outcome.ShouldBe(SipClientOutcome.TransportError);
        tx.State.ShouldBe(SipTransactionState.Terminated);
    }

    [Fact]
    public async Task TransportError_ReportedLateForARetransmission_AfterAProvisional_IsIgnored()
    {
        using var bed = new SipTransactionTestBed();
        bed.Sender.Asynchronous = true;
        var invite = Invite();
        var tx = bed.Start(invite);
        bed.Sender.Behaviour = _ => SipSendResult.Failed(SocketError.NetworkUnreachable);
        bed.AdvanceTo(0.5); // Timer A retransmits; the transport has not answered yet
        bed.Receive(Response(invite, 180));

        bed.Sender.CompletePending();
        bed.Sender.Behaviour = null;
        bed.Receive(Response(invite, 486));

        (await tx.Completion.WaitAsync(TimeSpan.FromSeconds(30))).StatusCode.ShouldBe(486);
    }

    [Fact]
    public void TransportError_SendingTheAck_TerminatesTheTransaction()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite();
        var tx = bed.Start(invite);
        bed.Sender.Behaviour = m => m.Method == SipMethod.Ack ? SipSendResult.Failed(SocketError.HostUnreachable) : SipSendResult.Success;

        bed.Receive(Response(invite, 486));

        tx.State.ShouldBe(SipTransactionState.Terminated);
        tx.TryGetResult(out var result).ShouldBeTrue();
        result.StatusCode.ShouldBe(486); // the TU still gets the response
        bed.Layer.ClientTransactionCount.ShouldBe(0);
    }

    [Fact]
    public void Response_ViaWithReceivedAndRPortAdded_StillMatches()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite();
        var tx = bed.Start(invite);
        var text = Response(invite, 180).ToString().Replace(";branch=z9hG4bK776asdhds", ";received=198.51.100.1;branch=z9hG4bK776asdhds;rport=40000", StringComparison.Ordinal);

        bed.Receive(Parse(text)).ShouldBe(SipReceiveDisposition.MatchedTransaction);

        tx.State.ShouldBe(SipTransactionState.Proceeding);
    }

    [Fact]
    public void Abandon_BeforeAnyResponse_CompletesCancelledAndStopsRetransmitting()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite();
        var tx = bed.Start(invite);

        tx.Abandon();
        bed.AdvanceTo(40);

        tx.TryGetResult(out var result).ShouldBeTrue();
        result.Outcome.ShouldBe(SipClientOutcome.Cancelled);
        bed.Sender.Sent.Count.ShouldBe(1);
        bed.Receive(Response(invite, 180)).ShouldBe(SipReceiveDisposition.PassedToUser);
    }
}
