using Lifeline.Sip.Messages;
using Lifeline.Sip.Transactions;
using static Lifeline.Sip.Tests.Transactions.SipTestMessages;

namespace Lifeline.Sip.Tests.Transactions;

public sealed class SipClientTransactionCancelTests
{
    [Fact]
    public void Cancel_AfterProvisional_SendsCancelWithTheRequiredHeaders()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Request("INVITE", routes: ["<sip:p1.example.com;lr>"]);
        var tx = bed.Start(invite);
        bed.Receive(Response(invite, 180, toTag: "callee-1"));

        tx.Cancel().ShouldBe(SipCancelStatus.Sent);

        var cancel = bed.Sender.Requests("CANCEL").ShouldHaveSingleItem();
        cancel.RequestUri.ToString().ShouldBe(invite.RequestUri.ToString());
        cancel.CountHeaders(SipHeaderId.Via).ShouldBe(1);
        cancel.GetHeaderValue(SipHeaderId.Via).ShouldBe(invite.GetHeaderValue(SipHeaderId.Via));
        cancel.TopViaBranch.ToString().ShouldBe("z9hG4bK776asdhds");
        cancel.CallId.ToString().ShouldBe(invite.CallId.ToString());
        cancel.GetHeaderValue(SipHeaderId.From).ShouldBe(invite.GetHeaderValue(SipHeaderId.From));
        cancel.GetHeaderValue(SipHeaderId.To).ShouldBe(invite.GetHeaderValue(SipHeaderId.To));
        cancel.TryGetTo(out var to).ShouldBeTrue();
        to.HasTag.ShouldBeFalse(); // the INVITE's To, not the provisional's
        cancel.TryGetCSeq(out var cseq).ShouldBeTrue();
        cseq.Sequence.ShouldBe(314159u);
        cseq.Method.ShouldBe(SipMethod.Cancel);
        HeaderValues(cancel, SipHeaderId.Route).ShouldBe(["<sip:p1.example.com;lr>"]);
        bed.Sender.Sent.Last().Destination.ShouldBe(SipTransactionTestBed.Udp);

        tx.CancelTransaction.ShouldNotBeNull().Method.ShouldBe(SipMethod.Cancel);
        bed.Layer.ClientTransactionCount.ShouldBe(2);
    }

    [Fact]
    public void Cancel_BeforeProvisional_IsDeferredUntilTheFirstProvisional()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite();
        var tx = bed.Start(invite);

        tx.Cancel().ShouldBe(SipCancelStatus.Deferred);
        bed.AdvanceTo(1);
        bed.Sender.Requests("CANCEL").ShouldBeEmpty();
        tx.CancelTransaction.ShouldBeNull();

        bed.Receive(Response(invite, 100, toTag: null));

        bed.Sender.Requests("CANCEL").ShouldHaveSingleItem();
        bed.Sender.Sent.Last().At.ShouldBe(TimeSpan.FromSeconds(1));
        tx.CancelTransaction.ShouldNotBeNull();
        bed.Listener.Provisionals.ShouldHaveSingleItem().StatusCode.ShouldBe(100);
    }

    [Fact]
    public void Cancel_BeforeProvisional_FinalFirst_NeverSendsCancel()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite();
        var tx = bed.Start(invite);
        tx.Cancel().ShouldBe(SipCancelStatus.Deferred);

        bed.Receive(Response(invite, 486));
        bed.AdvanceTo(40);

        bed.Sender.Requests("CANCEL").ShouldBeEmpty();
        bed.Sender.Requests("ACK").ShouldHaveSingleItem();
        tx.TryGetResult(out var result).ShouldBeTrue();
        result.StatusCode.ShouldBe(486);
        tx.CancelTransaction.ShouldBeNull();
    }

    [Fact]
    public void Cancel_DeferredAndNoResponseAtAll_TimesOutWithTimerB()
    {
        using var bed = new SipTransactionTestBed();
        var tx = bed.Start(Invite());
        tx.Cancel();

        bed.AdvanceTo(32);

        tx.TryGetResult(out var result).ShouldBeTrue();
        result.Outcome.ShouldBe(SipClientOutcome.Timeout);
        bed.Sender.Requests("CANCEL").ShouldBeEmpty();
    }

    [Fact]
    public void Cancel_AfterFinal_IsTooLate()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite();
        var tx = bed.Start(invite);
        bed.Receive(Response(invite, 200));

        tx.Cancel().ShouldBe(SipCancelStatus.TooLate);

        bed.Sender.Requests("CANCEL").ShouldBeEmpty();
    }

    [Fact]
    public void Cancel_Twice_SendsOneCancel()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite();
        var tx = bed.Start(invite);
        bed.Receive(Response(invite, 180));

        tx.Cancel().ShouldBe(SipCancelStatus.Sent);
        tx.Cancel().ShouldBe(SipCancelStatus.AlreadyRequested);

        bed.Sender.Requests("CANCEL").Length.ShouldBe(1);
    }

    [Fact]
    public async Task Cancel_Then487_CompletesTheInviteWith487AndAcksIt()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite();
        var tx = bed.Start(invite);
        bed.Receive(Response(invite, 180));
        tx.Cancel();
        var cancel = bed.Sender.Requests("CANCEL").Single();

        bed.Receive(Response(cancel, 200)).ShouldBe(SipReceiveDisposition.MatchedTransaction);
        bed.Receive(Response(invite, 487)).ShouldBe(SipReceiveDisposition.MatchedTransaction);

        (await tx.CancelTransaction!.Completion).StatusCode.ShouldBe(200);
        (await tx.Completion).StatusCode.ShouldBe(487);
        bed.Sender.Requests("ACK").ShouldHaveSingleItem().TryGetCSeq(out var cseq).ShouldBeTrue();
        cseq.Method.ShouldBe(SipMethod.Ack);
    }

    [Fact]
    public void Cancel_NoFinalWithin64T1_CompletesCancelled()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite();
        var tx = bed.Start(invite);
        bed.Receive(Response(invite, 180));
        bed.AdvanceTo(10);
        tx.Cancel();
        var cancel = bed.Sender.Requests("CANCEL").Single();
        bed.Receive(Response(cancel, 200));

        bed.AdvanceTo(41.999);
        tx.TryGetResult(out _).ShouldBeFalse();
        bed.AdvanceTo(42);

        tx.TryGetResult(out var result).ShouldBeTrue();
        result.Outcome.ShouldBe(SipClientOutcome.Cancelled);
        tx.State.ShouldBe(SipTransactionState.Terminated);
    }

    [Fact]
    public void Cancel_OverUdp_CancelIsRetransmittedByTimerE()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite();
        var tx = bed.Start(invite);
        bed.Receive(Response(invite, 180));
        tx.Cancel();

        bed.AdvanceTo(3.6);

        bed.Sender.TimesOf(m => m.IsRequest && m.Method == SipMethod.Cancel).ShouldBe([0, 0.5, 1.5, 3.5]);
    }

    [Fact]
    public void Cancel_NonInvite_Throws()
    {
        using var bed = new SipTransactionTestBed();
        var tx = bed.Start(Options());

        Should.Throw<InvalidOperationException>(() => tx.Cancel());
    }
}
