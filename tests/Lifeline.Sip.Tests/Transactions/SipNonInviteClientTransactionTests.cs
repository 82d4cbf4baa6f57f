using System.Net.Sockets;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Transactions;
using static Lifeline.Sip.Tests.Transactions.SipTestMessages;

namespace Lifeline.Sip.Tests.Transactions;

public sealed class SipNonInviteClientTransactionTests
{
    private static bool IsOptions(SipMessage m) => m.IsRequest && m.Method == SipMethod.Options;

    [Fact]
    public void TimerE_Trying_RetransmitsDoublingUpToT2()
    {
        using var bed = new SipTransactionTestBed();
        bed.Start(Options());

        bed.AdvanceTo(20);

        // Intervals 0.5, 1, 2, 4, 4, 4 … s.
        bed.Sender.TimesOf(IsOptions).ShouldBe([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5]);
    }

    [Fact]
    public void TimerE_Proceeding_RetransmitsEveryT2()
    {
        using var bed = new SipTransactionTestBed();
        var options = Options();
        var tx = bed.Start(options);
        bed.AdvanceTo(0.2);

        bed.Receive(Response(options, 100, toTag: null));
        bed.AdvanceTo(13);

        tx.State.ShouldBe(SipTransactionState.Proceeding);
        bed.Sender.TimesOf(IsOptions).ShouldBe([0, 0.5, 4.5, 8.5, 12.5]);
        bed.Listener.Provisionals.ShouldHaveSingleItem().StatusCode.ShouldBe(100);
    }

    [Fact]
    public void TimerE_OverTcp_NeverRetransmits()
    {
        using var bed = new SipTransactionTestBed();
        bed.Start(Options(transport: "TCP"), reliable: true);

        bed.AdvanceTo(31);

        bed.Sender.TimesOf(IsOptions).ShouldBe([0]);
    }

    [Fact]
    public async Task TimerF_NoFinalResponse_TimesOutAfter32Seconds()
    {
        using var bed = new SipTransactionTestBed();
        var options = Options();
        var tx = bed.Start(options);
        bed.Receive(Response(options, 100, toTag: null)); // Timer F runs in Proceeding too

        bed.AdvanceTo(31.999);
        tx.TryGetResult(out _).ShouldBeFalse();
        bed.AdvanceTo(32);

        (await tx.Completion).Outcome.ShouldBe(SipClientOutcome.Timeout);
        tx.State.ShouldBe(SipTransactionState.Terminated);
        bed.Layer.ClientTransactionCount.ShouldBe(0);
        bed.Sender.TimesOf(IsOptions).Last().ShouldBe(28.5);
    }

    [Fact]
    public void TimerF_TimeoutOverride_OptionsProbeGivesUpAfterTwoSeconds()
    {
        using var bed = new SipTransactionTestBed();
        var tx = bed.Start(Options(), timeout: TimeSpan.FromSeconds(2));

        bed.AdvanceTo(1.999);
        tx.TryGetResult(out _).ShouldBeFalse();
        bed.AdvanceTo(2);

        tx.TryGetResult(out var result).ShouldBeTrue();
        result.Outcome.ShouldBe(SipClientOutcome.Timeout);
        bed.Sender.TimesOf(IsOptions).ShouldBe([0, 0.5, 1.5]);
        bed.AdvanceTo(40);
        bed.Sender.Sent.Count.ShouldBe(3);
    }

    [Fact]
    public void TimeoutOverride_NotPositive_Throws()
    {
        using var bed = new SipTransactionTestBed();

        Should.Throw<ArgumentOutOfRangeException>(() => bed.Start(Options(), timeout: TimeSpan.Zero));
    }

    [Fact]
    public async Task FinalResponse_CompletesAndTimerKAbsorbsRetransmissions_ThenTerminates()
    {
        using var bed = new SipTransactionTestBed();
        var options = Options();
        var tx = bed.Start(options);
        bed.AdvanceTo(0.1);
        var ok = Response(options, 200);

        bed.Receive(ok);
        (await tx.Completion).StatusCode.ShouldBe(200);
        tx.State.ShouldBe(SipTransactionState.Completed);
        bed.AdvanceTo(3);
        bed.Receive(ok).ShouldBe(SipReceiveDisposition.MatchedTransaction);
        bed.AdvanceTo(5.099);
        tx.State.ShouldBe(SipTransactionState.Completed);
        bed.AdvanceTo(5.1);

        tx.State.ShouldBe(SipTransactionState.Terminated);
        bed.Listener.Completions.ShouldHaveSingleItem().StatusCode.ShouldBe(200);
        bed.User.StrayResponses.ShouldBeEmpty();
        bed.Sender.TimesOf(IsOptions).ShouldBe([0]); // Timer E stopped
        bed.Layer.ClientTransactionCount.ShouldBe(0);
        bed.Receive(ok).ShouldBe(SipReceiveDisposition.PassedToUser);
    }

    [Fact]
    public void TimerK_OverTcp_IsZero()
    {
        using var bed = new SipTransactionTestBed();
        var options = Options(transport: "TCP");
        var tx = bed.Start(options, reliable: true);

        bed.Receive(Response(options, 404), reliable: true);

        tx.State.ShouldBe(SipTransactionState.Terminated);
        bed.Layer.ClientTransactionCount.ShouldBe(0);
    }

    [Fact]
    public void FinalResponse_KeepsACopy_TheTransportBufferMayBeReused()
    {
        using var bed = new SipTransactionTestBed();
        var options = Options();
        var tx = bed.Start(options);
        var buffer = System.Text.Encoding.UTF8.GetBytes(Response(options, 200).ToString());
        var response = Lifeline.Sip.Parsing.SipParser.Default.ParseDatagram(buffer).Message!;

        bed.Receive(response);
        Array.Fill(buffer, (byte)'x');

        tx.TryGetResult(out var result).ShouldBeTrue();
        result.Response!.ReasonPhrase.ToString().ShouldBe("OK");
        result.Response.CallId.ToString().ShouldBe(options.CallId.ToString());
    }

    [Fact]
    public async Task TransportError_CompletesWithTransportError()
    {
        using var bed = new SipTransactionTestBed();
        bed.Sender.Behaviour = _ => SipSendResult.Failed(SocketError.ConnectionReset, "reset by peer");

        var tx = bed.Start(Options(transport: "TCP"), reliable: true);

        var result = await tx.Completion;
        result.Outcome.ShouldBe(SipClientOutcome.TransportError);
        result.TransportFailure.Reason.ShouldBe("reset by peer");
        bed.Layer.ClientTransactionCount.ShouldBe(0);
    }

    [Fact]
    public void ResponseWithOtherCSeqMethod_DoesNotMatch()
    {
        using var bed = new SipTransactionTestBed();
        var options = Options();
        var tx = bed.Start(options);

        bed.Receive(Response(options, 200, cseqMethod: "INFO")).ShouldBe(SipReceiveDisposition.PassedToUser);

        tx.State.ShouldBe(SipTransactionState.Trying);
    }
}
