using System.Text;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Parsing;
using Lifeline.Sip.Transactions;
using static Lifeline.Sip.Tests.Transactions.SipTestMessages;

namespace Lifeline.Sip.Tests.Transactions;

public sealed class SipTransactionLayerTests
{
    [Fact]
    public void Receive_Responses_MatchByBranchAndCSeqMethod_InviteAndItsCancelShareTheBranch()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite();
        var inviteTx = bed.Start(invite);
        bed.Receive(Response(invite, 180));
        inviteTx.Cancel();
        var cancel = bed.Sender.Requests("CANCEL").Single();
        cancel.TopViaBranch.ShouldBe(invite.TopViaBranch);

        bed.Receive(Response(invite, 200, cseqMethod: "CANCEL"));

        inviteTx.CancelTransaction!.TryGetResult(out var cancelResult).ShouldBeTrue();
        cancelResult.StatusCode.ShouldBe(200);
        inviteTx.TryGetResult(out _).ShouldBeFalse();

        bed.Receive(Response(invite, 487));
        inviteTx.TryGetResult(out var inviteResult).ShouldBeTrue();
        inviteResult.StatusCode.ShouldBe(487);
    }

    [Fact]
    public void Receive_ResponseWithUnknownBranch_IsAStrayForTheTu()
    {
        using var bed = new SipTransactionTestBed();
        var tx = bed.Start(Invite(branch: "z9hG4bKours"));

        bed.Receive(Response(Invite(branch: "z9hG4bKtheirs"), 200)).ShouldBe(SipReceiveDisposition.PassedToUser);

        bed.User.StrayResponses.ShouldHaveSingleItem().TopViaBranch.ToString().ShouldBe("z9hG4bKtheirs");
        tx.State.ShouldBe(SipTransactionState.Calling);
    }

    [Fact]
    public void Receive_ResponseWithSameBranchButOtherSentBy_DoesNotMatch()
    {
        using var bed = new SipTransactionTestBed();
        var tx = bed.Start(Invite(sentBy: "10.0.0.1:5060"));

        bed.Receive(Response(Invite(sentBy: "10.0.0.2:5060"), 180)).ShouldBe(SipReceiveDisposition.PassedToUser);

        tx.State.ShouldBe(SipTransactionState.Calling);
    }

    [Fact]
    public void Receive_ResponseWithBranchInOtherCaseAndDefaultPortWritten_Matches()
    {
        using var bed = new SipTransactionTestBed();
        var tx = bed.Start(Invite(branch: "z9hG4bKAbC", sentBy: "PC33.atlanta.example.com"));

        bed.Receive(Response(Invite(branch: "z9hG4bKabc", sentBy: "pc33.atlanta.example.com:5060"), 180)).ShouldBe(SipReceiveDisposition.MatchedTransaction);

        tx.State.ShouldBe(SipTransactionState.Proceeding);
    }

    [Fact]
    public void Receive_RequestsWithSameBranchButOtherSentBy_AreTwoTransactions()
    {
        using var bed = new SipTransactionTestBed();

        bed.Receive(Request("OPTIONS", branch: "z9hG4bKsame", sentBy: "a.example.com")).ShouldBe(SipReceiveDisposition.NewServerTransaction);
        bed.Receive(Request("OPTIONS", branch: "z9hG4bKsame", sentBy: "b.example.com")).ShouldBe(SipReceiveDisposition.NewServerTransaction);

        bed.Layer.ServerTransactionCount.ShouldBe(2);
    }

    [Fact]
    public void Receive_RequestsWithSameBranchButOtherMethod_AreTwoTransactions()
    {
        using var bed = new SipTransactionTestBed();

        bed.Receive(Request("OPTIONS", branch: "z9hG4bKsame")).ShouldBe(SipReceiveDisposition.NewServerTransaction);
        bed.Receive(Request("INFO", branch: "z9hG4bKsame")).ShouldBe(SipReceiveDisposition.NewServerTransaction);

        bed.User.Requests.Select(r => r.Method.ToString()).ShouldBe(["OPTIONS", "INFO"]);
    }

    [Fact]
    public void Receive_Cancel_IsItsOwnTransactionAndFindsTheInviteItCancels()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite();
        bed.Receive(invite);
        var inviteTx = bed.User.Requests.Single();
        var cancel = Request("CANCEL", cseq: 314159);

        bed.Receive(cancel).ShouldBe(SipReceiveDisposition.NewServerTransaction);

        var cancelTx = bed.User.Requests.Last();
        cancelTx.ShouldNotBeSameAs(inviteTx);
        cancelTx.Method.ShouldBe(SipMethod.Cancel);
        cancelTx.CancelledInvite.ShouldBeSameAs(inviteTx);
        bed.Layer.TryFindInviteServerTransaction(cancel, out var found).ShouldBeTrue();
        found.ShouldBeSameAs(inviteTx);
        bed.Layer.ServerTransactionCount.ShouldBe(2);
    }

    [Fact]
    public void Receive_Cancel_ReachesTheStateTheUserKeptOnTheInvite()
    {
        using var bed = new SipTransactionTestBed();
        bed.Receive(Invite());
        var call = new object();
        bed.User.Requests.Single().UserState = call;

        bed.Receive(Request("CANCEL", cseq: 314159));

        bed.User.Requests.Last().CancelledInvite!.UserState.ShouldBeSameAs(call);
        bed.User.Requests.Last().UserState.ShouldBeNull();
    }

    [Fact]
    public void Receive_CancelForNoInvite_HasNoTarget()
    {
        using var bed = new SipTransactionTestBed();

        bed.Receive(Request("CANCEL", branch: "z9hG4bKnothing"));

        bed.User.Requests.Single().CancelledInvite.ShouldBeNull();
    }

    [Fact]
    public void Receive_MessageWithoutViaOrCSeq_IsDropped()
    {
        using var bed = new SipTransactionTestBed();
        var noVia = Parse("OPTIONS sip:a@b SIP/2.0\r\nTo: <sip:a@b>\r\nFrom: <sip:c@d>;tag=1\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
        var noCSeq = Parse("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:a@b>\r\nFrom: <sip:c@d>;tag=1\r\nCall-ID: x\r\nContent-Length: 0\r\n\r\n");
        var badVia = Parse("SIP/2.0 200 OK\r\nVia: garbage\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");

        bed.Receive(noVia).ShouldBe(SipReceiveDisposition.Dropped);
        bed.Receive(noCSeq).ShouldBe(SipReceiveDisposition.Dropped);
        bed.Receive(badVia).ShouldBe(SipReceiveDisposition.Dropped);

        bed.User.Requests.ShouldBeEmpty();
        bed.User.StrayResponses.ShouldBeEmpty();
    }

    [Fact]
    public void Receive_NewRequest_KeepsACopy_TheTransportBufferMayBeReused()
    {
        using var bed = new SipTransactionTestBed();
        var text = Options().ToString();
        var buffer = Encoding.UTF8.GetBytes(text);
        bed.Receive(SipParser.Default.ParseDatagram(buffer).Message!);
        Array.Fill(buffer, (byte)' ');

        var tx = bed.User.Requests.Single();
        tx.Request.ToString().ShouldBe(text);
        bed.Receive(Options()).ShouldBe(SipReceiveDisposition.MatchedTransaction);
    }

    [Fact]
    public void Legacy2543_RetransmittedInvite_MatchesOnRequestUriTagsCallIdCSeqAndTopVia()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Request("INVITE", branch: "0a1b2c-old-style");
        bed.Receive(invite).ShouldBe(SipReceiveDisposition.NewServerTransaction);
        var tx = bed.User.Requests.Single();
        tx.SendResponse(Response(invite, 180));

        bed.Receive(Request("INVITE", branch: "0a1b2c-old-style")).ShouldBe(SipReceiveDisposition.MatchedTransaction);

        bed.Sender.Responses(180).Length.ShouldBe(2);
        bed.Layer.ServerTransactionCount.ShouldBe(1);
    }

    [Fact]
    public void Legacy2543_ViaWithoutBranch_StillMatches()
    {
        using var bed = new SipTransactionTestBed();
        var options = Request("OPTIONS", withBranch: false);
        bed.Receive(options).ShouldBe(SipReceiveDisposition.NewServerTransaction);
        bed.User.Requests.Single().SendResponse(Response(options, 200));

        bed.Receive(Request("OPTIONS", withBranch: false)).ShouldBe(SipReceiveDisposition.MatchedTransaction);

        bed.Sender.Responses(200).Length.ShouldBe(2);
    }

    [Theory]
    [InlineData("cseq")]
    [InlineData("fromTag")]
    [InlineData("callId")]
    [InlineData("requestUri")]
    [InlineData("topVia")]
    public void Legacy2543_RequestDifferingInOneField_IsANewTransaction(string field)
    {
        using var bed = new SipTransactionTestBed();
        bed.Receive(Request("INVITE", branch: "old-1"));

        var other = field switch
        {
            "cseq" => Request("INVITE", branch: "old-1", cseq: 2),
            "fromTag" => Request("INVITE", branch: "old-1", fromTag: "other"),
            "callId" => Request("INVITE", branch: "old-1", callId: "other-call"),
            "requestUri" => Request("INVITE", branch: "old-1", requestUri: "sip:carol@chicago.example.com"),
            _ => Request("INVITE", branch: "old-1", sentBy: "other.example.com"),
        };

        bed.Receive(other).ShouldBe(SipReceiveDisposition.NewServerTransaction);
        bed.Layer.ServerTransactionCount.ShouldBe(2);
    }

    [Fact]
    public void Legacy2543_Ack_MatchesWhenItsToTagIsThatOfTheResponseSent()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Request("INVITE", branch: "old-2");
        bed.Receive(invite);
        var tx = bed.User.Requests.Single();
        tx.SendResponse(Response(invite, 486, toTag: "uas-tag"));

        bed.Receive(Request("ACK", branch: "old-2", toTag: "someone-else", cseqMethod: "ACK")).ShouldBe(SipReceiveDisposition.PassedToUser);
        tx.State.ShouldBe(SipTransactionState.Completed);
        bed.Receive(Request("ACK", branch: "old-2", toTag: "uas-tag", cseqMethod: "ACK")).ShouldBe(SipReceiveDisposition.MatchedTransaction);

        tx.State.ShouldBe(SipTransactionState.Confirmed);
        bed.User.Acks.ShouldHaveSingleItem().Transaction.ShouldBeNull();
    }

    [Fact]
    public void Legacy2543_Cancel_FindsTheInvite()
    {
        using var bed = new SipTransactionTestBed();
        bed.Receive(Request("INVITE", branch: "old-3"));
        var inviteTx = bed.User.Requests.Single();

        bed.Receive(Request("CANCEL", branch: "old-3")).ShouldBe(SipReceiveDisposition.NewServerTransaction);

        bed.User.Requests.Last().CancelledInvite.ShouldBeSameAs(inviteTx);
    }

    [Fact]
    public void Legacy2543_TerminatedTransaction_LeavesTheTable()
    {
        using var bed = new SipTransactionTestBed();
        var options = Request("OPTIONS", branch: "old-4");
        bed.Receive(options);
        bed.User.Requests.Single().SendResponse(Response(options, 200));

        bed.AdvanceTo(32);

        bed.Layer.ServerTransactionCount.ShouldBe(0);
        bed.Receive(options).ShouldBe(SipReceiveDisposition.NewServerTransaction);
    }

    [Fact]
    public void StartClientTransaction_Ack_Throws()
    {
        using var bed = new SipTransactionTestBed();

        Should.Throw<ArgumentException>(() => bed.Start(Request("ACK")));
    }

    [Fact]
    public void StartClientTransaction_WithoutBranch_Throws()
    {
        using var bed = new SipTransactionTestBed();

        Should.Throw<ArgumentException>(() => bed.Start(Request("OPTIONS", withBranch: false)));
    }

    [Fact]
    public void StartClientTransaction_BranchAlreadyInUse_Throws()
    {
        using var bed = new SipTransactionTestBed();
        bed.Start(Options());

        Should.Throw<ArgumentException>(() => bed.Start(Options()));
        bed.Layer.ClientTransactionCount.ShouldBe(1);
    }

    [Fact]
    public async Task StartClientTransaction_FromBytes_ParsesAndSends()
    {
        using var bed = new SipTransactionTestBed();
        var bytes = Encoding.UTF8.GetBytes(Options().ToString());

        var tx = bed.Layer.StartClientTransaction(bytes, SipTransactionTestBed.Udp, timeout: TimeSpan.FromSeconds(2));
        bed.AdvanceTo(2);

        (await tx.Completion).Outcome.ShouldBe(SipClientOutcome.Timeout);
        bed.Sender.Sent.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Dispose_CompletesPendingClientTransactionsAsCancelledAndStopsTimers()
    {
        var bed = new SipTransactionTestBed();
        var tx = bed.Start(Invite());
        var options = Options();
        bed.Receive(options);

        bed.Dispose();
        bed.AdvanceTo(60);

        (await tx.Completion).Outcome.ShouldBe(SipClientOutcome.Cancelled);
        bed.Sender.Sent.Count.ShouldBe(1);
        bed.Layer.ClientTransactionCount.ShouldBe(0);
        bed.Layer.ServerTransactionCount.ShouldBe(0);
        bed.Clock.ActiveTimers.ShouldBe(0);
        bed.Receive(options).ShouldBe(SipReceiveDisposition.Dropped);
        (await bed.Start(Options(branch: "z9hG4bKlate")).Completion).Outcome.ShouldBe(SipClientOutcome.Cancelled);
    }

    [Fact]
    public void TerminatedTransactions_FreeTheirTimers()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite();
        bed.Start(invite);
        bed.Start(Options());
        bed.Receive(Request("REGISTER", branch: "z9hG4bKreg"));
        bed.User.Requests.Single().SendResponse(Response(bed.User.Requests.Single().Request, 200));

        bed.AdvanceTo(100);

        bed.Clock.ActiveTimers.ShouldBe(0);
        bed.Layer.ClientTransactionCount.ShouldBe(0);
        bed.Layer.ServerTransactionCount.ShouldBe(0);
    }
}
