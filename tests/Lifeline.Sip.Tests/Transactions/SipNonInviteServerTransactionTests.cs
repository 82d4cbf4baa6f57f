using Lifeline.Sip.Transactions;
using static Lifeline.Sip.Tests.Transactions.SipTestMessages;

namespace Lifeline.Sip.Tests.Transactions;

public sealed class SipNonInviteServerTransactionTests
{
    [Fact]
    public void RetransmittedRequest_InTrying_IsDiscarded()
    {
        using var bed = new SipTransactionTestBed();
        var options = Options();
        bed.Receive(options);

        bed.Receive(options).ShouldBe(SipReceiveDisposition.MatchedTransaction);

        bed.Sender.Sent.ShouldBeEmpty();
        bed.User.Requests.Count.ShouldBe(1);
        bed.User.Requests[0].State.ShouldBe(SipTransactionState.Trying);
    }

    [Fact]
    public void RetransmittedRequest_InProceeding_ResendsTheLastProvisional()
    {
        using var bed = new SipTransactionTestBed();
        var register = Request("REGISTER");
        bed.Receive(register);
        var tx = bed.User.Requests.Single();
        tx.SendResponse(Response(register, 100, toTag: null));
        tx.State.ShouldBe(SipTransactionState.Proceeding);

        bed.AdvanceTo(0.5);
        bed.Receive(register);

        bed.Sender.TimesOf(m => m.StatusCode == 100).ShouldBe([0, 0.5]);
    }

    [Fact]
    public void RetransmittedRequest_InCompleted_ResendsTheFinal_TimerJThenTerminates()
    {
        using var bed = new SipTransactionTestBed();
        var options = Options();
        bed.User.Answer = tx => tx.SendResponse(Response(tx.Request, 200));
        bed.Receive(options);
        var tx = bed.User.Requests.Single();
        tx.State.ShouldBe(SipTransactionState.Completed);

        bed.AdvanceTo(1.5);
        bed.Receive(options).ShouldBe(SipReceiveDisposition.MatchedTransaction);
        bed.AdvanceTo(31.999);
        tx.State.ShouldBe(SipTransactionState.Completed);
        bed.AdvanceTo(32);

        tx.State.ShouldBe(SipTransactionState.Terminated);
        bed.Sender.TimesOf(m => m.StatusCode == 200).ShouldBe([0, 1.5]); // never retransmitted on its own
        bed.Layer.ServerTransactionCount.ShouldBe(0);
        bed.User.Requests.Count.ShouldBe(1);

        // After Timer J the same request is new again.
        bed.Receive(options).ShouldBe(SipReceiveDisposition.NewServerTransaction);
        bed.User.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public void TimerJ_OverTcp_IsZero()
    {
        using var bed = new SipTransactionTestBed();
        var options = Options(transport: "TCP");
        bed.Receive(options, reliable: true);
        var tx = bed.User.Requests.Single();

        tx.SendResponse(Response(options, 200)).ShouldBeTrue();

        tx.State.ShouldBe(SipTransactionState.Terminated);
        bed.Layer.ServerTransactionCount.ShouldBe(0);
    }

    [Fact]
    public void SecondFinal_IsRefused()
    {
        using var bed = new SipTransactionTestBed();
        var options = Options();
        bed.Receive(options);
        var tx = bed.User.Requests.Single();

        tx.SendResponse(Response(options, 200)).ShouldBeTrue();
        tx.SendResponse(Response(options, 500)).ShouldBeFalse();
        tx.SendResponse(Response(options, 100, toTag: null)).ShouldBeFalse();

        bed.Sender.Sent.ShouldHaveSingleItem().Message.StatusCode.ShouldBe(200);
    }

    [Fact]
    public void Responses_GoBackToTheRequestsSource()
    {
        using var bed = new SipTransactionTestBed();
        var options = Options();
        var source = new SipTransactionDestination(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("198.51.100.7"), 40123), IsReliable: false);
        bed.Layer.Receive(options, source);

        bed.User.Requests.Single().SendResponse(Response(options, 200));

        bed.Sender.Sent.Single().Destination.ShouldBe(source);
        bed.User.Requests.Single().Peer.ShouldBe(source);
    }
}
