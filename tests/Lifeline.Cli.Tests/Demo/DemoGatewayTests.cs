using Lifeline.Cli.Demo;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Stack;
using Lifeline.Sip.Transactions;
using Lifeline.Sip.Uris;
using Lifeline.Sip.Writing;
using Lifeline.Testing;

namespace Lifeline.Cli.Tests.Demo;

/// <summary>A simulated gateway on loopback, asked by a real SIP client while its script's clock is moved by hand.</summary>
public sealed class DemoGatewayTests
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task OnRequest_DyingGatewayOverItsScript_Answers200ThenDropsThenAnswersAgain()
    {
        var clock = new ManualTimeProvider();
        var timeline = new DemoTimeline(clock);
        var dies = DemoScript.Standard.Single(s => s.Kind == DemoScriptKind.DiesAndComesBack);
        var opened = await DemoGateway.OpenAsync(dies, timeline, new Random(1));
        opened.IsOpen.ShouldBeTrue(opened.Error);
        await using var gateway = opened.Gateway;
        var client = await SipStack.OpenAsync(["udp:127.0.0.1:0"]);
        client.IsSuccess.ShouldBeTrue(client.Error);
        await using var stack = client.Stack;

        gateway.Uri.ShouldStartWith("sip:127.0.0.1:");
        var before = await ProbeAsync(stack, gateway, 1);
        clock.Advance(TimeSpan.FromSeconds(10));
        var during = await ProbeAsync(stack, gateway, 2);
        clock.Advance(TimeSpan.FromSeconds(16));
        var after = await ProbeAsync(stack, gateway, 3);

        before.Outcome.ShouldBe(SipClientOutcome.Response);
        before.StatusCode.ShouldBe(200);
        before.Response!.GetHeaderValue(SipHeaderId.Server).ShouldBe("demo-carrier");
        during.Outcome.ShouldBe(SipClientOutcome.Timeout, "silent from t+8 s to t+25 s: the OPTIONS is dropped, not rejected");
        after.StatusCode.ShouldBe(200);
        gateway.Received.ShouldBe(3);
        gateway.Answered.ShouldBe(2);
        gateway.Dropped.ShouldBe(1);
    }

    [Fact]
    public async Task OnRequest_LossyGateway_DropsItsShareOfEveryTwentyProbes()
    {
        var timeline = new DemoTimeline(new ManualTimeProvider());
        var lossy = DemoScript.Standard.Single(s => s.Kind == DemoScriptKind.Lossy);
        var opened = await DemoGateway.OpenAsync(lossy, timeline, new Random(5));
        opened.IsOpen.ShouldBeTrue(opened.Error);
        await using var gateway = opened.Gateway;
        var client = await SipStack.OpenAsync(["udp:127.0.0.1:0"]);
        await using var stack = client.Stack!;

        // Short timeouts: a dropped probe is simply never answered, so each miss costs its whole timeout.
        var probes = Enumerable.Range(1, DemoDraws.BlockSize).Select(i => ProbeAsync(stack, gateway, (uint)i, TimeSpan.FromMilliseconds(1500)));
        var results = await Task.WhenAll(probes);

        results.Count(r => r.Outcome == SipClientOutcome.Timeout).ShouldBe(3, "15% of 20");
        results.Count(r => r.StatusCode == 200).ShouldBe(17);
        gateway.Dropped.ShouldBe(3);
    }

    [Fact]
    public async Task OnMessage_InviteWhileSilent_NoResponseAtAllEvenToRetransmissionsThen200WhenBack()
    {
        var clock = new ManualTimeProvider();
        var timeline = new DemoTimeline(clock);
        var dies = DemoScript.Standard.Single(s => s.Kind == DemoScriptKind.DiesAndComesBack);
        var opened = await DemoGateway.OpenAsync(dies, timeline, new Random(1));
        opened.IsOpen.ShouldBeTrue(opened.Error);
        await using var gateway = opened.Gateway;
        var client = await SipStack.OpenAsync(["udp:127.0.0.1:0"]);
        await using var stack = client.Stack!;
        clock.Advance(TimeSpan.FromSeconds(10));

        // 2.5 s: the INVITE is retransmitted at 0.5 s and 1.5 s; a transaction layer would answer those with 100 Trying.
        var silent = await InviteAsync(stack, gateway, TimeSpan.FromSeconds(2.5));
        clock.Advance(TimeSpan.FromSeconds(16));
        var back = await InviteAsync(stack, gateway, TimeSpan.FromSeconds(5));

        silent.Outcome.ShouldBe(SipClientOutcome.Timeout, "a dead carrier sends nothing, not even 100 Trying");
        gateway.CallsDropped.ShouldBeGreaterThanOrEqualTo(2, "the INVITE and its retransmissions were all dropped");
        back.StatusCode.ShouldBe(200);
        back.Response!.TryGetContact(out var contact).ShouldBeTrue();
        contact.TryGetUri(out var uri).ShouldBeTrue();
        uri!.User.ShouldBe("dies", "the Contact names the gateway, so the dialer can tell who answered");
        gateway.CallsAnswered.ShouldBe(1);
    }

    private static Task<SipClientResult> InviteAsync(SipStack stack, DemoGateway gateway, TimeSpan timeout)
    {
        SipUri.TryParse(gateway.Uri, out var target).ShouldBeTrue();
        SipUri.TryParse("sip:test@127.0.0.1", out var from).ShouldBeTrue();
        var local = stack.LocalEndPointFor(gateway.EndPoint)!.Value.EndPoint;
        var invite = SipMessageBuilder.Request(SipMethod.Invite, target!)
            .AddVia(new SipSentBy("UDP", "127.0.0.1", local.Port), SipIds.NewBranch(), rport: true)
            .AddMaxForwards(70)
            .AddFrom(from!, SipIds.NewTag())
            .AddTo(target!)
            .AddCallId(SipIds.NewCallId())
            .AddCSeq(1, SipMethod.Invite)
            .Build();
        // A 100 Trying would leave the transaction waiting for a final response that never comes: bounded here.
        return stack.Send(invite, gateway.EndPoint, timeout).Completion.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static Task<SipClientResult> ProbeAsync(SipStack stack, DemoGateway gateway, uint cseq, TimeSpan? timeout = null)
    {
        SipUri.TryParse(gateway.Uri, out var target).ShouldBeTrue();
        SipUri.TryParse("sip:test@127.0.0.1", out var from).ShouldBeTrue();
        var local = stack.LocalEndPointFor(gateway.EndPoint)!.Value.EndPoint;
        var request = SipRequests.Options(target!, new SipSentBy("UDP", "127.0.0.1", local.Port), from!, cseq).Build();
        return stack.Send(request, gateway.EndPoint, timeout ?? ProbeTimeout).Completion;
    }
}
