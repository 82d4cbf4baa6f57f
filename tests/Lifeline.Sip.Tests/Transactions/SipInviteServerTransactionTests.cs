using System.Net.Sockets;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Transactions;
using static Lifeline.Sip.Tests.Transactions.SipTestMessages;

namespace Lifeline.Sip.Tests.Transactions;

public sealed class SipInviteServerTransactionTests
{
    private static bool Is(SipMessage m, int status) => m.IsResponse && m.StatusCode == status;

    private static SipServerTransaction ReceiveInvite(SipTransactionTestBed bed, SipMessage invite, bool reliable = false)
    {
        bed.Receive(invite, reliable).ShouldBe(SipReceiveDisposition.NewServerTransaction);
        return bed.User.Requests.Last();
    }

    [Fact]
    public void NewInvite_TuSilent_Sends100TryingAfter200Milliseconds()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite();
        var tx = ReceiveInvite(bed, invite);

        bed.AdvanceTo(0.199);
        bed.Sender.Sent.ShouldBeEmpty();
        bed.AdvanceTo(0.2);

        var sent = bed.Sender.Sent.ShouldHaveSingleItem();
        sent.At.ShouldBe(TimeSpan.FromMilliseconds(200));
        sent.Destination.ShouldBe(SipTransactionTestBed.Udp);
        var trying = sent.Message;
        trying.StatusCode.ShouldBe(100);
        trying.GetHeaderValue(SipHeaderId.Via).ShouldBe(invite.GetHeaderValue(SipHeaderId.Via));
        trying.GetHeaderValue(SipHeaderId.From).ShouldBe(invite.GetHeaderValue(SipHeaderId.From));
        trying.GetHeaderValue(SipHeaderId.To).ShouldBe(invite.GetHeaderValue(SipHeaderId.To));
        trying.CallId.ToString().ShouldBe(invite.CallId.ToString());
        trying.GetHeaderValue(SipHeaderId.CSeq).ShouldBe("314159 INVITE");
        tx.State.ShouldBe(SipTransactionState.Proceeding);
        tx.LastResponse!.StatusCode.ShouldBe(100);
    }

    [Fact]
    public void AutomaticTrying_CopiesTheTimestamp()
    {
        using var bed = new SipTransactionTestBed();
        ReceiveInvite(bed, Request("INVITE", extraHeaders: ["Timestamp: 54.07 0.5"]));

        bed.AdvanceTo(0.2);

        bed.Sender.Sent.Single().Message.GetHeaderValue(SipHeaderId.Timestamp).ShouldBe("54.07 0.5");
    }

    [Fact]
    public void NewInvite_TuAnswersWithin200Milliseconds_NoAutomaticTrying()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite();
        var tx = ReceiveInvite(bed, invite);
        bed.AdvanceTo(0.1);

        tx.SendResponse(Response(invite, 180)).ShouldBeTrue();
        bed.AdvanceTo(10);

        bed.Sender.Sent.ShouldHaveSingleItem().Message.StatusCode.ShouldBe(180);
    }

    [Fact]
    public void NewInvite_TryingDelayZero_Sends100TryingAtOnce()
    {
        using var bed = new SipTransactionTestBed(new SipTimerOptions { TryingDelay = TimeSpan.Zero });

        ReceiveInvite(bed, Invite());

        bed.Sender.Sent.ShouldHaveSingleItem().Message.StatusCode.ShouldBe(100);
    }

    [Fact]
    public void NonInvite_NeverGetsAnAutomaticTrying()
    {
        using var bed = new SipTransactionTestBed();

        bed.Receive(Options());
        bed.AdvanceTo(10);

        bed.Sender.Sent.ShouldBeEmpty();
    }

    [Fact]
    public void RetransmittedInvite_InProceeding_ResendsTheLastProvisional()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite();
        var tx = ReceiveInvite(bed, invite);
        bed.AdvanceTo(0.3);
        tx.SendResponse(Response(invite, 180));

        bed.AdvanceTo(0.5);
        bed.Receive(invite).ShouldBe(SipReceiveDisposition.MatchedTransaction);

        bed.Sender.Sent.Select(s => s.Message.StatusCode).ShouldBe([100, 180, 180]);
        bed.Sender.Sent.Last().At.ShouldBe(TimeSpan.FromSeconds(0.5));
        bed.User.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public void RetransmittedInvite_BeforeTheTryingDelay_Sends100TryingAtOnce()
    {
        using var bed = new SipTransactionTestBed(new SipTimerOptions { TryingDelay = TimeSpan.FromSeconds(1) });
        var invite = Invite();
        ReceiveInvite(bed, invite);
        bed.AdvanceTo(0.5);

        bed.Receive(invite);
        bed.AdvanceTo(2);

        bed.Sender.TimesOf(m => Is(m, 100)).ShouldBe([0.5]);
    }

    [Fact]
    public void TimerG_FinalNon2xx_IsRetransmittedAtDoublingIntervalsCappedAtT2()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite();
        var tx = ReceiveInvite(bed, invite);
        bed.AdvanceTo(1);

        tx.SendResponse(Response(invite, 486)).ShouldBeTrue();
        bed.AdvanceTo(20);

        // Sent at 1, then after 0.5, 1, 2, 4, 4, 4 … s.
        bed.Sender.TimesOf(m => Is(m, 486)).ShouldBe([1, 1.5, 2.5, 4.5, 8.5, 12.5, 16.5]);
        tx.State.ShouldBe(SipTransactionState.Completed);
    }

    [Fact]
    public void TimerH_NoAck_TerminatesAndReportsAckTimeout()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite();
        var tx = ReceiveInvite(bed, invite);
        bed.AdvanceTo(1);
        tx.SendResponse(Response(invite, 503));

        bed.AdvanceTo(32.999);
        bed.User.Failures.ShouldBeEmpty();
        bed.AdvanceTo(33);

        var failure = bed.User.Failures.ShouldHaveSingleItem();
        failure.Transaction.ShouldBeSameAs(tx);
        failure.Failure.ShouldBe(SipServerFailure.AckTimeout);
        tx.State.ShouldBe(SipTransactionState.Terminated);
        bed.Layer.ServerTransactionCount.ShouldBe(0);
        var retransmissions = bed.Sender.Responses(503).Length;
        bed.AdvanceTo(60);
        bed.Sender.Responses(503).Length.ShouldBe(retransmissions);
    }

    [Fact]
    public void TimerG_OverTcp_NoRetransmission_ButTimerHStillRuns()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite(transport: "TCP");
        var tx = ReceiveInvite(bed, invite, reliable: true);
        tx.SendResponse(Response(invite, 486));

        bed.AdvanceTo(32);

        bed.Sender.Responses(486).Length.ShouldBe(1);
        bed.User.Failures.ShouldHaveSingleItem().Failure.ShouldBe(SipServerFailure.AckTimeout);
    }

    [Fact]
    public void RetransmittedInvite_InCompleted_ResendsTheFinalResponse()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite(transport: "TCP");
        var tx = ReceiveInvite(bed, invite, reliable: true);
        tx.SendResponse(Response(invite, 486));
        bed.AdvanceTo(2);

        bed.Receive(invite, reliable: true).ShouldBe(SipReceiveDisposition.MatchedTransaction);

        bed.Sender.TimesOf(m => Is(m, 486)).ShouldBe([0, 2]);
    }

    [Fact]
    public void Ack_InCompleted_IsAbsorbed_StopsTimerG_AndTimerITerminates()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite();
        var tx = ReceiveInvite(bed, invite);
        var busy = Response(invite, 486);
        tx.SendResponse(busy);
        bed.AdvanceTo(1);
        var ack = AckFor(invite, busy);

        bed.Receive(ack).ShouldBe(SipReceiveDisposition.MatchedTransaction);
        tx.State.ShouldBe(SipTransactionState.Confirmed);
        bed.AdvanceTo(3);
        bed.Receive(ack).ShouldBe(SipReceiveDisposition.MatchedTransaction); // retransmitted ACK, absorbed
        bed.AdvanceTo(5.999);
        tx.State.ShouldBe(SipTransactionState.Confirmed);
        bed.AdvanceTo(6);

        tx.State.ShouldBe(SipTransactionState.Terminated);
        bed.User.Acks.ShouldBeEmpty();
        bed.User.Failures.ShouldBeEmpty();
        bed.Sender.TimesOf(m => Is(m, 486)).ShouldBe([0, 0.5]);
        bed.Layer.ServerTransactionCount.ShouldBe(0);
    }

    [Fact]
    public void TimerI_OverTcp_IsZero()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite(transport: "TCP");
        var tx = ReceiveInvite(bed, invite, reliable: true);
        var busy = Response(invite, 486);
        tx.SendResponse(busy);

        bed.Receive(AckFor(invite, busy), reliable: true);

        tx.State.ShouldBe(SipTransactionState.Terminated);
        bed.Layer.ServerTransactionCount.ShouldBe(0);
    }

    [Fact]
    public void Final2xx_Accepted_AbsorbsRetransmittedInvites_TuRetransmits2xx_TimerLTerminates()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite();
        var tx = ReceiveInvite(bed, invite);
        var ok = Response(invite, 200);

        tx.SendResponse(ok).ShouldBeTrue();
        tx.State.ShouldBe(SipTransactionState.Accepted);
        bed.AdvanceTo(1);
        bed.Receive(invite).ShouldBe(SipReceiveDisposition.MatchedTransaction);
        tx.SendResponse(ok).ShouldBeTrue(); // the TU's own 2xx retransmission passes through
        tx.SendResponse(Response(invite, 486)).ShouldBeFalse();
        bed.AdvanceTo(31.999);
        tx.State.ShouldBe(SipTransactionState.Accepted);
        bed.AdvanceTo(32);

        tx.State.ShouldBe(SipTransactionState.Terminated);
        bed.Sender.TimesOf(m => Is(m, 200)).ShouldBe([0, 1]);
        bed.Sender.Responses(486).ShouldBeEmpty();
        bed.User.Requests.Count.ShouldBe(1);
        bed.User.Failures.ShouldBeEmpty();
    }

    [Fact]
    public void AckFor2xx_WithItsOwnBranch_PassesToTheTu()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite();
        var tx = ReceiveInvite(bed, invite);
        tx.SendResponse(Response(invite, 200));
        var ack = Request("ACK", branch: "z9hG4bKnew-ack-branch", toTag: "a6c85cf", cseqMethod: "ACK");

        bed.Receive(ack).ShouldBe(SipReceiveDisposition.PassedToUser);

        var (received, transaction) = bed.User.Acks.ShouldHaveSingleItem();
        received.TopViaBranch.ToString().ShouldBe("z9hG4bKnew-ack-branch");
        transaction.ShouldBeNull();
        tx.State.ShouldBe(SipTransactionState.Accepted);
    }

    [Fact]
    public void AckMatchingAnAcceptedTransaction_PassesToTheTuWithIt()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite();
        var tx = ReceiveInvite(bed, invite);
        var ok = Response(invite, 200);
        tx.SendResponse(ok);

        bed.Receive(AckFor(invite, ok)).ShouldBe(SipReceiveDisposition.PassedToUser);

        bed.User.Acks.ShouldHaveSingleItem().Transaction.ShouldBeSameAs(tx);
    }

    [Fact]
    public void SecondFinalResponse_IsRefused()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite();
        var tx = ReceiveInvite(bed, invite);

        tx.SendResponse(Response(invite, 486)).ShouldBeTrue();
        tx.SendResponse(Response(invite, 200)).ShouldBeFalse();

        bed.Sender.Responses(200).ShouldBeEmpty();
        tx.LastResponse!.StatusCode.ShouldBe(486);
    }

    [Fact]
    public void SendResponse_ARequest_Throws()
    {
        using var bed = new SipTransactionTestBed();
        var tx = ReceiveInvite(bed, Invite());

        Should.Throw<ArgumentException>(() => tx.SendResponse(Options()));
    }

    [Fact]
    public void SendResponse_Bytes_AreParsedAndSent()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite();
        var tx = ReceiveInvite(bed, invite);

        tx.SendResponse(System.Text.Encoding.UTF8.GetBytes(Response(invite, 180).ToString())).ShouldBeTrue();

        bed.Sender.Responses(180).ShouldHaveSingleItem();
    }

    [Fact]
    public void TransportError_OnFinalResponse_TerminatesAndReportsIt()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite();
        var tx = ReceiveInvite(bed, invite);
        bed.Sender.Behaviour = _ => SipSendResult.Failed(SocketError.HostUnreachable);

        tx.SendResponse(Response(invite, 486));

        bed.User.Failures.ShouldHaveSingleItem().Failure.ShouldBe(SipServerFailure.TransportError);
        tx.State.ShouldBe(SipTransactionState.Terminated);
        bed.AdvanceTo(40);
        bed.Sender.Responses(486).Length.ShouldBe(1);
        bed.User.Failures.Count.ShouldBe(1);
    }

    [Fact]
    public void TransportError_OnFinalResponseOverTcp_IsReportedThoughTheTransactionEndedAtOnce()
    {
        using var bed = new SipTransactionTestBed();
        var options = Request("REGISTER", transport: "TCP");
        bed.Receive(options, reliable: true);
        var tx = bed.User.Requests.Single();
        bed.Sender.Behaviour = _ => SipSendResult.Failed(SocketError.ConnectionReset);

        tx.SendResponse(Response(options, 200));

        tx.State.ShouldBe(SipTransactionState.Terminated);
        bed.User.Failures.ShouldHaveSingleItem().Failure.ShouldBe(SipServerFailure.TransportError);
    }
}
