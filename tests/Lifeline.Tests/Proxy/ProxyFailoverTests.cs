using Lifeline.Health;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Transactions;
using Lifeline.Testing;

namespace Lifeline.Tests.Proxy;

public sealed class ProxyFailoverTests
{
    [Fact]
    public async Task Invite_PrimarySilent_BackupGetsTheCallWhenTheFirstResponseTimeoutRunsOut()
    {
        var clock = new ManualTimeProvider();
        await using var h = await ProxyHarness.StartAsync(["primary", "backup"], time: clock, firstResponseTimeout: TimeSpan.FromMilliseconds(800), blackHoles: ["primary"]);

        var call = h.Dialer.Invite("15551234567");
        await ProxyHarness.EventuallyAsync(() => h.BlackHoles["primary"].Received >= 1, "the INVITE reaches the primary");
        clock.Advance(TimeSpan.FromMilliseconds(799));
        h["backup"].Invites.ShouldBe(0);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var final = await call.FinalAsync();

        final.StatusCode.ShouldBe(200);
        h["backup"].Invites.ShouldBe(1);
        var signal = h.Signals.For(h.TargetOf("primary")).Single();
        signal.Outcome.ShouldBe(SignalOutcome.Timeout);
        signal.Rtt.ShouldBe(TimeSpan.FromMilliseconds(800));
        h.Trunks["primary"].Load.Active.ShouldBe(0);
    }

    [Fact]
    public async Task Invite_PrimaryFallsSilentUnderTraffic_NextCallsGoStraightToTheBackupBeforeAnyTimeout()
    {
        var clock = new ManualTimeProvider();
        // A timeout under T1 (500 ms): the stuck INVITE is never retransmitted, so the primary's stack cannot answer
        // a retransmission with 100 Trying (which would be a sign of life, not silence).
        await using var h = await ProxyHarness.StartAsync(["primary", "backup"], time: clock, firstResponseTimeout: TimeSpan.FromMilliseconds(400));
        (await h.Dialer.Invite("15550000001").FinalAsync()).StatusCode.ShouldBe(200);

        // The primary dies: the next call's INVITE gets no answer at all.
        h["primary"].OnInvite = static (_, _) => { };
        var stuck = h.Dialer.Invite("15550000002");
        await ProxyHarness.EventuallyAsync(() => h["primary"].Invites == 2, "the second INVITE reaches the primary");
        clock.Advance(TimeSpan.FromMilliseconds(60));

        // Calls arriving now skip the quiet primary, long before its timeout ...
        (await h.Dialer.Invite("15550000003").FinalAsync()).StatusCode.ShouldBe(200);
        (await h.Dialer.Invite("15550000004").FinalAsync()).StatusCode.ShouldBe(200);
        h["primary"].Invites.ShouldBe(2);
        h["backup"].Invites.ShouldBe(2);

        // ... the stuck one fails over when it runs out ...
        clock.Advance(TimeSpan.FromMilliseconds(340));
        (await stuck.FinalAsync()).StatusCode.ShouldBe(200);
        h["backup"].Invites.ShouldBe(3);

        // ... and one call a second still tries the primary, so its return is noticed.
        clock.Advance(TimeSpan.FromSeconds(1));
        h["primary"].OnInvite = static (carrier, tx) => carrier.Answer(tx, 200);
        (await h.Dialer.Invite("15550000005").FinalAsync()).StatusCode.ShouldBe(200);
        h["primary"].Invites.ShouldBe(3);
        (await h.Dialer.Invite("15550000006").FinalAsync()).StatusCode.ShouldBe(200);
        h["primary"].Invites.ShouldBe(4);
    }

    /// <summary>
    /// A primary that sends 100 Trying and nothing more is cancelled and the call moves on after 10 s: by its
    /// <c>ring_limit</c> when one is set, else by the default <c>progress_timeout</c>.
    /// </summary>
    [Theory]
    [InlineData("ring_limit: 10s")]
    [InlineData(null)]
    public async Task Invite_PrimarySends100AndNothingMore_CancelledAndTheCallMovesOnAfter10Seconds(string? trunkYaml)
    {
        var clock = new ManualTimeProvider();
        await using var h = await ProxyHarness.StartAsync(["primary", "backup"], time: clock, trunkYaml: trunkYaml is null ? null : _ => trunkYaml);
        h["primary"].OnInvite = static (carrier, tx) => carrier.Answer(tx, 100);

        var call = h.Dialer.Invite("15551234567");
        await ProxyHarness.EventuallyAsync(() => h["primary"].Invites >= 1, "the INVITE reaches the primary");

        // The dialer's INVITE and the primary's 100 Trying have both reached the proxy.
        await ProxyHarness.EventuallyAsync(() => h.Service.Stack!.Transports.GetStatistics().MessagesReceived >= 2, "the 100 Trying reaches the proxy");
        clock.Advance(TimeSpan.FromSeconds(9.9));
        h["backup"].Invites.ShouldBe(0);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        var final = await call.FinalAsync();

        final.StatusCode.ShouldBe(200);
        h["backup"].Invites.ShouldBe(1);
        await ProxyHarness.EventuallyAsync(() => h["primary"].Received(SipMethodKind.Cancel).Any(), "the primary gets a CANCEL");
        h.Signals.For(h.TargetOf("primary")).Single().Outcome.ShouldBe(SignalOutcome.Timeout);
        call.Provisionals.ShouldAllBe(p => p.StatusCode == 100);
    }

    [Fact]
    public async Task Invite_PrimaryRingsLongerThanTheProgressTimeout_NoFailover()
    {
        var clock = new ManualTimeProvider();
        await using var h = await ProxyHarness.StartAsync(["primary", "backup"], time: clock);
        h["primary"].OnInvite = static (carrier, tx) => carrier.Answer(tx, 180);

        var call = h.Dialer.Invite("15551234567");
        await ProxyHarness.EventuallyAsync(() => call.Provisionals.Any(p => p.StatusCode == 180), "the 180 reaches the dialer");
        clock.Advance(TimeSpan.FromSeconds(30));
        await Task.Delay(200);

        h["backup"].Invites.ShouldBe(0);
        h["primary"].Received(SipMethodKind.Cancel).ShouldBeEmpty();
        h.Signals.For(h.TargetOf("primary")).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(486)]
    [InlineData(603)]
    [InlineData(404)]
    public async Task Invite_CalleeResult_IsPassedBackWithoutFailover(int status)
    {
        await using var h = await ProxyHarness.StartAsync(["primary", "backup"]);
        h["primary"].OnInvite = (carrier, tx) => carrier.Answer(tx, status);

        var final = await h.Dialer.Invite("15551234567").FinalAsync();

        final.StatusCode.ShouldBe(status);
        h["backup"].Invites.ShouldBe(0);
        var signal = h.Signals.For(h.TargetOf("primary")).Single();
        signal.Outcome.ShouldBe(SignalOutcome.CalleeResult);
        signal.Code.ShouldBe(status);
        h.Trunks["primary"].Load.Active.ShouldBe(0);
        h.Statistics.TrunkSnapshot("primary").Failed.ShouldBe(0);
    }

    [Fact]
    public async Task Invite_404FromCarrierConfiguredForIt_FailsOver()
    {
        await using var h = await ProxyHarness.StartAsync(["primary", "backup"], trunkYaml: name => name == "primary" ? "failover_codes: [404, 503]" : string.Empty);
        h["primary"].OnInvite = static (carrier, tx) => carrier.Answer(tx, 404);

        var final = await h.Dialer.Invite("15551234567").FinalAsync();

        final.StatusCode.ShouldBe(200);
        h["backup"].Invites.ShouldBe(1);
    }

    [Fact]
    public async Task Invite_EveryTrunkFails_DialerGets503WithAReasonNamingTheLastFailure()
    {
        await using var h = await ProxyHarness.StartAsync(["primary", "backup"]);
        h["primary"].OnInvite = static (carrier, tx) => carrier.Answer(tx, 503);
        h["backup"].OnInvite = static (carrier, tx) => carrier.Answer(tx, 502);

        var final = await h.Dialer.Invite("15551234567").FinalAsync();

        final.StatusCode.ShouldBe(503);
        var reason = final.Response!.GetHeaderValue(SipHeaderId.Reason);
        reason.ShouldNotBeNull();
        reason.ShouldStartWith("SIP;cause=502;text=\"");
        reason.ShouldContain("backup: 502");
        h.Statistics.Totals.Failed.ShouldBe(1);
        h.Statistics.Totals.Failovers.ShouldBe(1);
    }

    [Fact]
    public async Task Invite_EmptyPlan_503AtOnceWithThePlansRefusal()
    {
        await using var h = await ProxyHarness.StartAsync(["primary"]);
        h.Planner.Refusal = "no trunk routes 1555";

        var final = await h.Dialer.Invite("15551234567").FinalAsync();

        final.StatusCode.ShouldBe(503);
        final.Response!.GetHeaderValue(SipHeaderId.Reason).ShouldBe("SIP;cause=503;text=\"no trunk routes 1555\"");
        h["primary"].Requests.ShouldBeEmpty();
        h.Statistics.Totals.Refused.ShouldBe(1);
        await ProxyHarness.EventuallyAsync(() => !h.Records.IsEmpty, "the call record");
        h.Records.Single().FinalCode.ShouldBe(503);
    }

    [Fact]
    public async Task Invite_FromASourceNotAllowed_Gets403AndNothingReachesACarrier()
    {
        await using var h = await ProxyHarness.StartAsync(["primary"], allow: "10.9.9.0/24");

        var final = await h.Dialer.Invite("15551234567").FinalAsync();

        final.StatusCode.ShouldBe(403);
        h["primary"].Requests.ShouldBeEmpty();
        h.Statistics.Totals.Forbidden.ShouldBe(1);
        h.Statistics.Totals.Received.ShouldBe(0);
    }

    [Fact]
    public async Task Cancel_DuringRinging_ReachesTheCarrierAndTheDialerGets487()
    {
        await using var h = await ProxyHarness.StartAsync(["primary", "backup"]);
        h["primary"].OnInvite = static (carrier, tx) => carrier.Answer(tx, 180);

        var call = h.Dialer.Invite("15551234567");
        var ringing = await call.RingingAsync();
        ringing.StatusCode.ShouldBe(180);
        call.Transaction!.Cancel().ShouldBe(SipCancelStatus.Sent);
        var final = await call.FinalAsync();

        final.StatusCode.ShouldBe(487);
        h["primary"].Received(SipMethodKind.Cancel).Count().ShouldBe(1);
        h["backup"].Requests.ShouldBeEmpty();
        await ProxyHarness.EventuallyAsync(() => h.Trunks["primary"].Load.Active == 0, "the primary's slot is released");
    }

    [Fact]
    public async Task Invite_FailureAfterRinging_IsPassedBackUnlessFailoverAfterRingingIsOn()
    {
        await using var h = await ProxyHarness.StartAsync(["primary", "backup"]);
        h["primary"].OnInvite = static (carrier, tx) =>
        {
            carrier.Answer(tx, 180);

            // Later, so the proxy surely has the 180 first (its receive loops may take datagrams out of order).
            _ = Task.Delay(200).ContinueWith(_ => carrier.Answer(tx, 503), TaskScheduler.Default);
        };

        var final = await h.Dialer.Invite("15551234567").FinalAsync();

        final.StatusCode.ShouldBe(503);
        h["backup"].Invites.ShouldBe(0);
    }

    [Fact]
    public async Task Invite_FailureAfterRingingWithFailoverAfterRinging_MovesToTheBackup()
    {
        await using var h = await ProxyHarness.StartAsync(["primary", "backup"], trunkYaml: name => name == "primary" ? "failover_after_ringing: true" : string.Empty);
        h["primary"].OnInvite = static (carrier, tx) =>
        {
            carrier.Answer(tx, 180);

            // Later, so the proxy surely has the 180 first (its receive loops may take datagrams out of order).
            _ = Task.Delay(200).ContinueWith(_ => carrier.Answer(tx, 503), TaskScheduler.Default);
        };

        var call = h.Dialer.Invite("15551234567");
        var final = await call.FinalAsync();

        final.StatusCode.ShouldBe(200);
        h["backup"].Invites.ShouldBe(1);
        call.Provisionals.ShouldContain(p => p.StatusCode == 180);
    }

    [Fact]
    public async Task Invite_TrunkAtItsLimit_OverflowsToTheNext()
    {
        await using var h = await ProxyHarness.StartAsync(["primary", "backup"], trunkYaml: name => name == "primary" ? "limits:\n  max_calls: 1" : string.Empty);

        var first = await h.Dialer.Invite("15551234567").FinalAsync();
        var second = await h.Dialer.Invite("15551234568").FinalAsync();

        first.StatusCode.ShouldBe(200);
        second.StatusCode.ShouldBe(200);
        h["primary"].Invites.ShouldBe(1);
        h["backup"].Invites.ShouldBe(1);
        h.Statistics.TrunkSnapshot("primary").Overflowed.ShouldBe(1);
        h.Statistics.TrunkSnapshot("primary").Active.ShouldBe(1);
    }

    [Fact]
    public async Task Invite_AfterFailover_CallRecordListsBothTrunksWithTheirOutcomes()
    {
        await using var h = await ProxyHarness.StartAsync(["primary", "backup"]);
        h["primary"].OnInvite = static (carrier, tx) => carrier.Answer(tx, 503);

        var call = h.Dialer.Invite("+15551234567");
        (await call.FinalAsync()).StatusCode.ShouldBe(200);

        await ProxyHarness.EventuallyAsync(() => !h.Records.IsEmpty, "the call record");
        var record = h.Records.Single();
        record.CallId.ShouldBe(call.Invite.CallId.ToString());
        record.Dialed.ShouldBe("+15551234567");
        record.Normalized.ShouldBe("15551234567");
        record.FinalCode.ShouldBe(200);
        record.SetupTime.ShouldNotBeNull();
        record.TrunksTriedJson.ShouldContain("\"trunk\":\"primary\"");
        record.TrunksTriedJson.ShouldContain("\"outcome\":\"failed\",\"code\":503");
        record.TrunksTriedJson.ShouldContain("\"trunk\":\"backup\"");
        record.TrunksTriedJson.ShouldContain("\"outcome\":\"answered\",\"code\":200");
    }
}
