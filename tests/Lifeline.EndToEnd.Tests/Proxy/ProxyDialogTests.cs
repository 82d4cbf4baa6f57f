using Lifeline.Testing;

namespace Lifeline.EndToEnd.Tests.Proxy;

/// <summary>
/// Calls through <c>lifeline run</c>'s proxy, sipp as dialer and carriers: the answered call's dialog (ACK, BYE)
/// runs through Lifeline to the carrier that answered it, and a CANCEL follows its INVITE.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class ProxyDialogTests
{
    private static readonly TimeSpan DialerLimit = TimeSpan.FromMinutes(3);

    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Call_DialerOverEitherTransport_AnsweredByThePrimaryAndAckAndByeReachIt(string transport)
    {
        using var primary = SippCarrier.Start("primary", ProxyScenario.Path("carrier-answers.xml"));
        using var backup = SippCarrier.Start("backup", ProxyScenario.Path("carrier-answers.xml"));
        using var rig = await ProxyRig.StartAsync(ProxyRig.TwoTrunks(primary, backup), [primary, backup]);

        var result = await SippDialer.RunAsync(ProxyScenario.Path("dialer.xml"), rig.ProxyPort, new SippDialerOptions { Calls = 10, Rate = 10, Transport = transport }, DialerLimit);

        var detail = result.Describe() + rig.Describe();
        result.Successful.ShouldBe(10, detail);
        result.Failed.ShouldBe(0, detail);
        var calls = result.Trace.CallsSending("INVITE");
        var atPrimary = primary.Trace();
        atPrimary.CallsReceiving("INVITE").ShouldBe(calls, ignoreOrder: true, detail);
        atPrimary.CallsReceiving("ACK").ShouldBe(calls, ignoreOrder: true, "every 2xx ACK went through Lifeline to the carrier that answered");
        atPrimary.CallsReceiving("BYE").ShouldBe(calls, ignoreOrder: true, "every BYE went through Lifeline to the carrier that answered");
        backup.Trace().CallsReceiving("INVITE").ShouldBeEmpty("the primary answered every call; nothing had to fail over");
    }

    [Fact]
    public async Task Cancel_FromTheDialerWhileRinging_ReachesTheCarrierAndTheCallEndsWith487()
    {
        using var primary = SippCarrier.Start("primary", ProxyScenario.Path("callee-rings.xml"));
        using var backup = SippCarrier.Start("backup", ProxyScenario.Path("carrier-answers.xml"));
        using var rig = await ProxyRig.StartAsync(ProxyRig.TwoTrunks(primary, backup), [primary, backup]);

        var result = await SippDialer.RunAsync(ProxyScenario.Path("dialer-cancels-while-ringing.xml"), rig.ProxyPort, new SippDialerOptions { Calls = 5, Rate = 5 }, DialerLimit);

        var detail = result.Describe() + rig.Describe();
        result.Successful.ShouldBe(5, "every call rang, was cancelled and ended with 487\n" + detail);
        var calls = result.Trace.CallsSending("CANCEL");
        calls.Count.ShouldBe(5, detail);
        var atPrimary = primary.Trace();
        atPrimary.CallsReceiving("CANCEL").ShouldBe(calls, ignoreOrder: true, "each CANCEL followed its INVITE to the carrier\n" + detail);
        atPrimary.CallsReceiving("ACK").ShouldBe(calls, ignoreOrder: true, "the carrier's 487 was acknowledged");
        backup.Trace().CallsReceiving("INVITE").ShouldBeEmpty("a cancelled call is not a carrier failure: nothing fails over");
        (await rig.TrunkHealthAsync("primary")).ShouldBe("Up", "a cancelled call says nothing against the carrier");
    }

    [Fact]
    public async Task Bye_AfterNewCallsMovedToTheBackup_ReachesTheCarrierThatAnsweredTheCall()
    {
        const string token = "proxy-e2e-token";
        using var primary = SippCarrier.Start("primary", ProxyScenario.Path("carrier-answers.xml"));
        using var backup = SippCarrier.Start("backup", ProxyScenario.Path("carrier-answers.xml"));
        using var rig = await ProxyRig.StartAsync(ProxyRig.TwoTrunks(primary, backup), [primary, backup], token);

        // Five calls answered by the primary and held; then the operator drains the primary, so new calls go to
        // the backup; then the held calls hang up: their BYEs must still reach the primary, by Record-Route.
        using var held = SippDialer.Start(ProxyScenario.Path("dialer.xml"), rig.ProxyPort, new SippDialerOptions { Calls = 5, Rate = 5, Hold = TimeSpan.FromSeconds(12) });
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (primary.Trace().CallsReceiving("ACK").Count < 5)
        {
            (DateTime.UtcNow < deadline).ShouldBeTrue("the primary did not answer 5 held calls within 60 s\n" + held.Output + rig.Describe());
            held.HasExited.ShouldBeFalse("the held calls ended before the drain\n" + held.Output);
            await Task.Delay(100);
        }

        using (var drain = await rig.Daemon.PostAsync("/api/trunks/primary/drain"))
        {
            drain.IsSuccessStatusCode.ShouldBeTrue(await drain.Content.ReadAsStringAsync());
        }

        var moved = await SippDialer.RunAsync(ProxyScenario.Path("dialer.xml"), rig.ProxyPort, new SippDialerOptions { Calls = 5, Rate = 5 }, DialerLimit);
        var heldResult = await held.WaitAsync(DialerLimit);

        var detail = heldResult.Describe() + moved.Describe() + rig.Describe();
        heldResult.Successful.ShouldBe(5, detail);
        moved.Successful.ShouldBe(5, detail);
        var heldCalls = heldResult.Trace.CallsSending("INVITE");
        var movedCalls = moved.Trace.CallsSending("INVITE");
        var atPrimary = primary.Trace();
        var atBackup = backup.Trace();
        atPrimary.CallsReceiving("INVITE").ShouldBe(heldCalls, ignoreOrder: true, detail);
        atBackup.CallsReceiving("INVITE").ShouldBe(movedCalls, ignoreOrder: true, "new calls skip a drained trunk\n" + detail);
        atPrimary.CallsReceiving("BYE").ShouldBe(heldCalls, ignoreOrder: true, "the held calls' BYEs reached the drained primary that answered them\n" + detail);
        atBackup.CallsReceiving("BYE").ShouldBe(movedCalls, ignoreOrder: true, "each BYE reached the carrier that answered its call\n" + detail);
    }
}
