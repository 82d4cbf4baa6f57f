using System.Globalization;
using System.Text;
using Lifeline.Testing;
using Xunit.Abstractions;

namespace Lifeline.EndToEnd.Tests.Proxy;

/// <summary>
/// Serial failover through <c>lifeline run</c>: a carrier that dies, rejects, swallows, stalls after 100 Trying or
/// refuses our credentials costs the dialer no call — each call goes on to the backup — and the faulty trunk ends
/// Down, so later calls skip it.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class ProxyFailoverTests(ITestOutputHelper output)
{
    /// <summary>
    /// The goal: "at most a handful of calls delayed". Read as the calls of a tenth of a second at
    /// 100 calls/s: a proxy that notices a dead gateway within ~50 ms (as the quiet-gateway rule does) delays the
    /// 5 or 6 calls already sent to it, depending on where the kill falls between two calls, and a loaded
    /// machine's timers may add a few; Kamailio's best case delays about 230.
    /// </summary>
    private const int Handful = 10;

    /// <summary>A call counts as delayed when its post-dial delay exceeds the usual one by this much or more.</summary>
    private static readonly TimeSpan DelayedFrom = TimeSpan.FromMilliseconds(100);

    /// <summary>The goal: "no call delayed by more than 1 s".</summary>
    private static readonly TimeSpan WorstDelayGoal = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan DialerLimit = TimeSpan.FromMinutes(5);

    /// <summary>Time for the health board to publish what the calls told it (generous for a loaded machine).</summary>
    private static readonly TimeSpan HealthLimit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Failover_PrimaryKilledAt100CallsPerSecond_NoCallFailsAndAtMostAHandfulDelayedNoneByMoreThan1s()
    {
        const int calls = 2000;
        using var primary = SippCarrier.Start("primary", ProxyScenario.Path("carrier-answers-at-once.xml"));
        using var backup = SippCarrier.Start("backup", ProxyScenario.Path("carrier-answers-at-once.xml"));
        using var rig = await ProxyRig.StartAsync(ProxyRig.TwoTrunks(primary, backup), [primary, backup]);

        using var dialer = SippDialer.Start(ProxyScenario.Path("dialer.xml"), rig.ProxyPort, new SippDialerOptions { Calls = calls, Rate = 100 });
        var firstInvite = await FirstInviteAsync(dialer);
        var killAt = firstInvite + TimeSpan.FromSeconds(8);
        var wait = killAt - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        var killedAt = DateTimeOffset.UtcNow;
        primary.Kill();
        var result = await dialer.WaitAsync(DialerLimit);
        var primaryHealth = await rig.WaitForTrunkAsync("primary", "Down", HealthLimit);

        var all = DialerCalls.From(result.Trace);
        var answeredByPrimary = primary.Trace().Lines.Where(l => l.Sent && l.IsResponseTo("INVITE") && l.StatusCode == 200).Select(l => l.CallId).ToHashSet();
        var steady = all.Where(c => c.InviteSent < killedAt - TimeSpan.FromSeconds(1) && c.Setup is not null).Select(c => c.Setup!.Value).Order().ToList();
        steady.ShouldNotBeEmpty(result.Describe() + rig.Describe());
        var usual = steady[steady.Count / 2];
        // The failover's cost falls on calls placed from just before the kill (in flight at the primary when it died)
        // on; earlier calls are the steady state (the very first one also pays for a cold start).
        var exposed = all.Where(c => c.InviteSent >= killedAt - TimeSpan.FromSeconds(1) && c.Setup is not null).ToList();
        var delayed = exposed.Where(c => c.Setup!.Value - usual >= DelayedFrom).ToList();
        var worst = exposed.Max(c => c.Setup!.Value) - usual;

        var slowBefore = all.Count(c => c.InviteSent < killedAt - TimeSpan.FromSeconds(1) && c.Setup is { } s && s - usual >= DelayedFrom);
        var report = Report(all, killedAt, usual, delayed, slowBefore, worst, answeredByPrimary.Count, backup.Trace().CallsReceiving("INVITE").Count);
        output.WriteLine(report);
        var detail = report + "\n" + result.Describe() + rig.Describe();
        all.Count.ShouldBe(calls, detail);
        all.Where(c => !c.Answered).Select(c => $"{c.CallId}: {c.InviteCode}").ShouldBeEmpty("zero calls may fail at the dialer\n" + detail);

        // A call the primary answered just before it died may lose its BYE (the carrier is gone): no proxy can save
        // that dialog. Any other call's BYE must succeed.
        all.Where(c => c.ByeCode != 200 && !answeredByPrimary.Contains(c.CallId)).Select(c => $"{c.CallId}: BYE {c.ByeCode}")
            .ShouldBeEmpty("only calls the dead primary had answered may lose their BYE\n" + detail);
        delayed.Count.ShouldBeLessThanOrEqualTo(Handful, $"at most a handful of calls delayed (by {DelayedFrom.TotalMilliseconds:0} ms or more over the usual {usual.TotalMilliseconds:0.0} ms)\n{detail}");
        worst.ShouldBeLessThanOrEqualTo(WorstDelayGoal, "no call delayed by more than 1 s\n" + detail);
        answeredByPrimary.Count.ShouldBeGreaterThan(0, "the primary carried the calls before it was killed\n" + detail);
        primaryHealth.ShouldBe("Down", "a dead primary ends Down\n" + detail);
    }

    [Theory]
    [InlineData("carrier-rejects-invite-with-503.xml", "")]
    [InlineData("carrier-swallows-invites.xml", "")]
    [InlineData("carrier-needs-digest.xml", "    auth: { username: lifeline, password: not-the-carriers-secret }")]
    public async Task Failover_PrimaryAnswersOptionsButFailsEveryCall_CallsSucceedThroughTheBackupAndThePrimaryEndsDown(string primaryScenario, string primaryExtra)
    {
        using var primary = SippCarrier.Start("primary", ProxyScenario.Path(primaryScenario));
        using var backup = SippCarrier.Start("backup", ProxyScenario.Path("carrier-answers.xml"));
        using var rig = await ProxyRig.StartAsync(ProxyRig.TwoTrunks(primary, backup, primaryExtra), [primary, backup]);

        await RunFaultyPrimaryAsync(rig, primary, backup);
    }

    [Fact]
    public async Task Failover_PrimaryAnswers100ButNeverAFinalResponse_CancelledAtTheRingLimitThenTheBackupAnswersAndThePrimaryEndsDown()
    {
        using var primary = SippCarrier.Start("primary", ProxyScenario.Path("carrier-answers-100-only.xml"));
        using var backup = SippCarrier.Start("backup", ProxyScenario.Path("carrier-answers.xml"));

        // Only a ring limit ends a call that has had its 100 Trying (without one, it is the dialer's Dial timeout).
        using var rig = await ProxyRig.StartAsync(ProxyRig.TwoTrunks(primary, backup, "    ring_limit: 3s"), [primary, backup]);

        var tried = await RunFaultyPrimaryAsync(rig, primary, backup);

        primary.Trace().CallsReceiving("CANCEL").ShouldBe(tried, ignoreOrder: true, "the proxy cancels what is pending at the primary before it tries the next trunk\n" + rig.Describe());
    }

    [Fact]
    public async Task Failover_PrimaryNeedsDigestAndTheTrunkHasTheCredentials_CallsSucceedThroughThePrimary()
    {
        using var primary = SippCarrier.Start("primary", ProxyScenario.Path("carrier-needs-digest.xml"));
        using var backup = SippCarrier.Start("backup", ProxyScenario.Path("carrier-answers.xml"));
        using var rig = await ProxyRig.StartAsync(ProxyRig.TwoTrunks(primary, backup, "    auth: { username: lifeline, password: carrier-secret }"), [primary, backup]);

        var result = await SippDialer.RunAsync(ProxyScenario.Path("dialer.xml"), rig.ProxyPort, new SippDialerOptions { Calls = 12, Rate = 10 }, DialerLimit);

        var detail = result.Describe() + rig.Describe();
        result.Successful.ShouldBe(12, detail);
        var calls = result.Trace.CallsSending("INVITE");
        var atPrimary = primary.Trace();
        atPrimary.Lines.Where(l => l.Sent && l.IsResponseTo("INVITE") && l.StatusCode == 401).Select(l => l.CallId).ToHashSet()
            .ShouldBe(calls, ignoreOrder: true, "the carrier challenged every call\n" + detail);
        atPrimary.Lines.Where(l => l.Sent && l.IsResponseTo("INVITE") && l.StatusCode == 200).Select(l => l.CallId).ToHashSet()
            .ShouldBe(calls, ignoreOrder: true, "and answered every call once Lifeline authenticated\n" + detail);
        atPrimary.CallsReceiving("BYE").ShouldBe(calls, ignoreOrder: true, detail);
        backup.Trace().CallsReceiving("INVITE").ShouldBeEmpty("a challenge answered is not a carrier failure\n" + detail);
        (await rig.TrunkHealthAsync("primary")).ShouldBe("Up", detail);
    }

    [Fact]
    public async Task Failover_EveryTrunkRejectsTheCall_503WithAReasonToTheDialerAfterTryingEachTrunkInOrder()
    {
        using var primary = SippCarrier.Start("primary", ProxyScenario.Path("carrier-rejects-invite-with-503.xml"));
        using var backup = SippCarrier.Start("backup", ProxyScenario.Path("carrier-rejects-invite-with-503.xml"));
        using var rig = await ProxyRig.StartAsync(ProxyRig.TwoTrunks(primary, backup), [primary, backup]);

        var result = await SippDialer.RunAsync(ProxyScenario.Path("dialer-expects-congestion-503.xml"), rig.ProxyPort, new SippDialerOptions { Calls = 3, Rate = 1 }, DialerLimit);

        var detail = result.Describe() + rig.Describe();
        result.Successful.ShouldBe(3, "every call ended with 503 and a Reason header (Asterisk: CONGESTION)\n" + detail);
        var atPrimary = primary.Trace().FirstRequests("INVITE");
        var atBackup = backup.Trace().FirstRequests("INVITE");
        foreach (var callId in result.Trace.CallsSending("INVITE"))
        {
            atPrimary.ShouldContainKey(callId, detail);
            atBackup.ShouldContainKey(callId, detail);
            atPrimary[callId].At.ShouldBeLessThan(atBackup[callId].At, "the primary is tried first");
        }
    }

    [Fact]
    public async Task Failover_NoTrunkUsable_503WithAReasonAtOnceAndNothingReachesACarrier()
    {
        const string token = "proxy-e2e-token";
        using var primary = SippCarrier.Start("primary", ProxyScenario.Path("carrier-answers.xml"));
        using var backup = SippCarrier.Start("backup", ProxyScenario.Path("carrier-answers.xml"));
        using var rig = await ProxyRig.StartAsync(ProxyRig.TwoTrunks(primary, backup), [primary, backup], token);
        foreach (var trunk in new[] { "primary", "backup" })
        {
            using var drain = await rig.Daemon.PostAsync($"/api/trunks/{trunk}/drain");
            drain.IsSuccessStatusCode.ShouldBeTrue(await drain.Content.ReadAsStringAsync());
        }

        var result = await SippDialer.RunAsync(ProxyScenario.Path("dialer-expects-congestion-503.xml"), rig.ProxyPort, new SippDialerOptions { Calls = 3, Rate = 1 }, DialerLimit);

        var detail = result.Describe() + rig.Describe();
        result.Successful.ShouldBe(3, "with no usable trunk every call ends with 503 and a Reason header\n" + detail);
        foreach (var call in DialerCalls.From(result.Trace))
        {
            // "Answer at once instead of waiting": no carrier is tried, so no timeout is waited for.
            call.Setup!.Value.ShouldBeLessThan(WorstDelayGoal, call.CallId + " was not answered at once\n" + detail);
        }

        primary.Trace().RequestsReceived("INVITE").ShouldBeEmpty(detail);
        backup.Trace().RequestsReceived("INVITE").ShouldBeEmpty(detail);
    }

    /// <summary>
    /// 20 calls at 10/s (more than the call-failure detector's minimum volume of 10) against a faulty primary and a
    /// good backup: every call succeeds at the dialer, the backup answered each, the primary was tried and ends
    /// Down. Returns the calls the primary was offered.
    /// </summary>
    private async Task<HashSet<string>> RunFaultyPrimaryAsync(ProxyRig rig, SippCarrier primary, SippCarrier backup)
    {
        const int calls = 20;
        var result = await SippDialer.RunAsync(ProxyScenario.Path("dialer.xml"), rig.ProxyPort, new SippDialerOptions { Calls = calls, Rate = 10 }, DialerLimit);
        var primaryHealth = await rig.WaitForTrunkAsync("primary", "Down", HealthLimit);

        var all = DialerCalls.From(result.Trace);
        var setups = all.Where(c => c.Setup is not null).Select(c => c.Setup!.Value.TotalMilliseconds).Order().ToList();
        output.WriteLine($"{all.Count} calls, {all.Count(c => c.Answered)} answered; post-dial delay ms: min {setups.FirstOrDefault():0.0}, median {(setups.Count > 0 ? setups[setups.Count / 2] : 0):0.0}, max {setups.LastOrDefault():0.0}; primary {primaryHealth}");
        var detail = result.Describe() + rig.Describe();
        result.Successful.ShouldBe(calls, "every call succeeds through the backup\n" + detail);
        result.Failed.ShouldBe(0, detail);
        var dialed = result.Trace.CallsSending("INVITE");
        var tried = primary.Trace().CallsReceiving("INVITE");
        tried.ShouldNotBeEmpty("the primary was Up: the first calls were offered to it\n" + detail);
        backup.Trace().CallsReceiving("BYE").ShouldBe(dialed, ignoreOrder: true, "the backup answered (and hung up) every call\n" + detail);
        primaryHealth.ShouldBe("Down", "a trunk that answers OPTIONS but fails calls is Down: call outcomes outrank probes\n" + detail);
        return tried;
    }

    private static async Task<DateTimeOffset> FirstInviteAsync(SippDialer dialer)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var first = dialer.Trace().RequestsSent("INVITE").FirstOrDefault();
            if (first is not null)
            {
                return first.At;
            }

            dialer.HasExited.ShouldBeFalse("the dialer exited before its first call\n" + dialer.Output);
            await Task.Delay(50);
        }

        throw new TimeoutException("the dialer placed no call within 60 s\n" + dialer.Output);
    }

    private static string Report(List<DialerCall> all, DateTimeOffset killedAt, TimeSpan usual, List<DialerCall> delayed, int slowBefore, TimeSpan worst, int atPrimary, int atBackup)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var after = all.Where(c => c.InviteSent >= killedAt).ToList();
        sb.AppendLine(inv, $"{all.Count} calls ({after.Count} placed after the kill), {all.Count(c => c.Answered)} answered, {all.Count(c => c.ByeCode == 200)} BYEs answered with 200");
        sb.AppendLine(inv, $"usual post-dial delay {usual.TotalMilliseconds:0.00} ms; delayed by >= {DelayedFrom.TotalMilliseconds:0} ms from 1 s before the kill on: {delayed.Count}, worst added delay {worst.TotalMilliseconds:0.0} ms; as slow earlier (not counted): {slowBefore}");
        sb.AppendLine(inv, $"calls answered by the primary (before the kill): {atPrimary}; calls offered to the backup: {atBackup}");
        foreach (var c in delayed.Take(40))
        {
            sb.AppendLine(inv, $"  delayed: INVITE at kill{(c.InviteSent - killedAt).TotalSeconds:+0.000;-0.000} s, post-dial delay {c.Setup?.TotalMilliseconds:0.0} ms, final {c.InviteCode}");
        }

        return sb.ToString();
    }
}
