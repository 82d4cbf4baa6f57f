using Lifeline.Health;
using Lifeline.Proxy;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Transactions;

namespace Lifeline.Tests.Proxy;

public sealed class ProxyCallFlowTests
{
    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Invite_PrimaryAnswers_DialerGets200AndAckAndByeReachThePrimary(string protocol)
    {
        await using var h = await ProxyHarness.StartAsync(["primary", "backup"], protocol: protocol);

        var call = h.Dialer.Invite("+15551234567");
        var final = await call.FinalAsync();

        final.StatusCode.ShouldBe(200);
        var answer = final.Response!;
        answer.CallId.ToString().ShouldBe(call.Invite.CallId.ToString());
        SipTestRead.Vias(answer).Count.ShouldBe(1);
        var recordRoute = SipTestRead.RecordRoutes(answer).Single();
        recordRoute.ShouldContain(";lr");
        recordRoute.ShouldContain("ltr=primary");
        if (protocol == "tcp")
        {
            recordRoute.ShouldContain("transport=tcp");
        }

        var sent = h["primary"].Received(SipMethodKind.Invite).Single();
        sent.RequestUri.ToString().ShouldBe(h["primary"].Uri.Replace("sip:", "sip:15551234567@", StringComparison.Ordinal));
        SipTestRead.Vias(sent).Count.ShouldBe(2);
        sent.TryGetMaxForwards(out var maxForwards).ShouldBeTrue();
        maxForwards.ShouldBe(69);
        h["backup"].Invites.ShouldBe(0);
        h.Trunks["primary"].Load.Active.ShouldBe(1);

        await call.AckAsync(answer);
        await ProxyHarness.EventuallyAsync(() => !h["primary"].Acks.IsEmpty, "the ACK reaches the primary");
        var bye = await call.ByeAsync(answer);

        bye.StatusCode.ShouldBe(200);
        h["primary"].Received(SipMethodKind.Bye).Count().ShouldBe(1);
        SipTestRead.Routes(h["primary"].Received(SipMethodKind.Bye).Single()).Count.ShouldBe(0);
        h["backup"].Requests.ShouldBeEmpty();
        h.Trunks["primary"].Load.Active.ShouldBe(0);
        h.Statistics.Totals.Answered.ShouldBe(1);
        h.Statistics.TrunkSnapshot("primary").Answered.ShouldBe(1);
        h.Signals.For(h.TargetOf("primary")).Single().Outcome.ShouldBe(SignalOutcome.Success);
    }

    [Fact]
    public async Task Invite_PrimaryAnswers503_BackupAnswersAndThePrimaryIsReportedFailed()
    {
        await using var h = await ProxyHarness.StartAsync(["primary", "backup"]);
        h["primary"].OnInvite = static (carrier, tx) => carrier.Answer(tx, 503);

        var call = h.Dialer.Invite("15551234567");
        var final = await call.FinalAsync();

        final.StatusCode.ShouldBe(200);
        h["primary"].Invites.ShouldBe(1);
        h["backup"].Invites.ShouldBe(1);
        (await call.ByeAsync(final.Response!)).StatusCode.ShouldBe(200);
        h["backup"].Received(SipMethodKind.Bye).Count().ShouldBe(1);
        h["primary"].Received(SipMethodKind.Bye).ShouldBeEmpty();
        SipTestRead.RecordRoutes(final.Response!).Single().ShouldContain("ltr=backup");
        h.Signals.For(h.TargetOf("primary")).Single().ShouldSatisfyAllConditions(
            s => s.Outcome.ShouldBe(SignalOutcome.Failed),
            s => s.Code.ShouldBe(503));
        h.Signals.For(h.TargetOf("backup")).Single().Outcome.ShouldBe(SignalOutcome.Success);
        h.Trunks["primary"].Load.Active.ShouldBe(0);
        h.Statistics.TrunkSnapshot("primary").Failed.ShouldBe(1);
        h.Statistics.Totals.Failovers.ShouldBe(1);
    }

    [Fact]
    public async Task Invite_RecordRouteOff_NoRecordRouteAndTheAnsweredCallGivesItsSlotBack()
    {
        await using var h = await ProxyHarness.StartAsync(["primary"], proxyYaml: "record_route: false");

        var final = await h.Dialer.Invite("15551234567").FinalAsync();

        final.StatusCode.ShouldBe(200);
        SipTestRead.RecordRoutes(final.Response!).ShouldBeEmpty();
        SipTestRead.RecordRoutes(h["primary"].Received(SipMethodKind.Invite).Single()).ShouldBeEmpty();
        h.Trunks["primary"].Load.Active.ShouldBe(0);
    }
}
