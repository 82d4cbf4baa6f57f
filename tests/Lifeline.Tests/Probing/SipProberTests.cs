using System.Net;
using System.Net.Sockets;
using Lifeline.Health;
using Lifeline.Probing;
using Lifeline.Sip.Dns;
using Lifeline.Sip.Locating;
using Lifeline.Sip.Transports;
using Lifeline.Testing;

namespace Lifeline.Tests.Probing;

/// <summary>The prober against real sockets on loopback: gateways played by SIP transports, silent and closed ports.</summary>
public sealed class SipProberTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Probe_UdpGatewaysAnswering200And404And503_AnsweredSignalsWithTheirCodeAndRtt(bool ownSockets)
    {
        await using var ok = OptionsResponder.Start(200);
        await using var notFound = OptionsResponder.Start(404);
        await using var unavailable = OptionsResponder.Start(503);
        var targets = new[] { ok, notFound, unavailable }.Select(r => ProbingServiceHarness.Target(r.Uri)).ToList();

        // Without own sockets every probe shares the one UDP transport, as with 100,000 gateways.
        await using var harness = new ProbingServiceHarness(targets, new ProbingOptions { DedicatedUdpSockets = ownSockets ? 256 : 0 });
        await harness.StartAsync();

        foreach (var (target, code) in targets.Zip([200, 404, 503]))
        {
            var signals = await harness.WaitForSignalsAsync(target.Id, 3);
            signals.ShouldAllBe(s => s.Kind == SignalKind.Probe && s.Outcome == SignalOutcome.Success && s.Code == code, "any response proves the gateway alive");
            signals.ShouldAllBe(s => s.Rtt > TimeSpan.Zero && s.Rtt < TimeSpan.FromMilliseconds(700));
            harness.Board.Current.HealthOf(target.Id).ShouldBe(TargetHealth.Up);
            harness.Board.RttPercentilesFor(target.Id).Count.ShouldBeGreaterThanOrEqualTo(3);
        }

        harness.Service.Prober!.DedicatedSockets.ShouldBe(ownSockets ? 3 : 0);
        (ok.Answered + notFound.Answered + unavailable.Answered).ShouldBeGreaterThanOrEqualTo(9);
    }

    [Fact]
    public async Task Probe_SilentUdpPort_MissedWithinItsTimeout()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var target = ProbingServiceHarness.Target($"sip:127.0.0.1:{((IPEndPoint)silent.LocalEndPoint!).Port}");
        await using var harness = new ProbingServiceHarness([target]);
        await harness.StartAsync();

        var signals = await harness.WaitForSignalsAsync(target.Id, 2);

        signals.ShouldAllBe(s => s.Outcome == SignalOutcome.Timeout && s.Rtt == TimeSpan.FromMilliseconds(700), "missed after the probe's own 700 ms timeout");
        harness.Board.Current.HealthOf(target.Id).ShouldBe(TargetHealth.Suspect);
        silent.Available.ShouldBeGreaterThan(0, "the probes did reach the port");
    }

    [Fact]
    public async Task Probe_ClosedUdpPort_IcmpRefusalIsAFailureSignalAtOnce()
    {
        var target = ProbingServiceHarness.Target($"sip:127.0.0.1:{FreePort.Get()}");
        await using var harness = new ProbingServiceHarness([target]);
        await harness.StartAsync();

        var signals = await harness.WaitForSignalsAsync(target.Id, 3);

        signals.ShouldAllBe(s => s.Outcome == SignalOutcome.TransportError, "ICMP port unreachable, not a timeout");
        harness.Service.Scheduler.ProbesFailed.ShouldBeGreaterThanOrEqualTo(3);
        harness.Service.Scheduler.ProbesTimedOut.ShouldBe(0);
    }

    [Fact]
    public async Task Probe_ManyGatewaysOneWithAClosedPort_ItGetsItsOwnSocketAfterAMissAndIsRefusedFromThen()
    {
        // More gateways than own sockets: healthy ones share the transport, a failing one gets a socket of its own.
        await using var ok = OptionsResponder.Start(200);
        var closed = ProbingServiceHarness.Target($"sip:127.0.0.1:{FreePort.Get()}");
        var healthy = ProbingServiceHarness.Target(ok.Uri);
        await using var harness = new ProbingServiceHarness([closed, healthy], new ProbingOptions { DedicatedUdpSockets = 1 });
        await harness.StartAsync();

        var signals = await harness.WaitForSignalsAsync(closed.Id, 4);

        signals[0].Outcome.ShouldBe(SignalOutcome.Timeout, "the shared socket never hears the ICMP error");
        signals.Skip(1).ShouldAllBe(s => s.Outcome == SignalOutcome.TransportError);
        (await harness.WaitForSignalsAsync(healthy.Id, 2)).ShouldAllBe(s => s.Outcome == SignalOutcome.Success);
        harness.Service.Prober!.DedicatedSockets.ShouldBe(1);
    }

    [Fact]
    public async Task Probe_GatewayAnsweringFromAnotherAddress_OneMissThenProbedFromTheSharedSocketForGood()
    {
        // Bound to every address, the gateway answers probes sent to 127.0.0.2 from 127.0.0.1: a socket connected to
        // 127.0.0.2 never hears those answers, the shared socket does.
        await using var gateway = OptionsResponder.Start(200, bind: IPAddress.Any);
        var target = ProbingServiceHarness.Target($"sip:127.0.0.2:{gateway.EndPoint.EndPoint.Port}");
        await using var harness = new ProbingServiceHarness([target]);
        await harness.StartAsync();

        var signals = await harness.WaitForSignalsAsync(target.Id, 5);

        signals[0].Outcome.ShouldBe(SignalOutcome.Timeout, "the answer went past the connected socket");
        signals.Skip(1).ShouldAllBe(s => s.Outcome == SignalOutcome.Success);
        harness.Service.Prober!.DedicatedSockets.ShouldBe(0);
        harness.Service.Scheduler.Find(target.Id)!.DedicatedUnusable.ShouldBeTrue();
    }

    [Fact]
    public async Task Probe_ClosedTcpPort_RefusedConnectionIsAFailureSignal()
    {
        var target = ProbingServiceHarness.Target($"sip:127.0.0.1:{FreePort.Get()};transport=tcp");
        await using var harness = new ProbingServiceHarness([target]);
        await harness.StartAsync();

        var signals = await harness.WaitForSignalsAsync(target.Id, 2);

        signals.ShouldAllBe(s => s.Outcome == SignalOutcome.TransportError);
    }

    [Fact]
    public async Task Probe_TcpGateway_AnsweredOverTheConnectionAndCrlfPongsMeasured()
    {
        await using var gateway = OptionsResponder.Start(200, SipTransportProtocol.Tcp);
        var target = ProbingServiceHarness.Target(gateway.Uri, new ProbeSettings { CrlfKeepalive = TimeSpan.FromMilliseconds(300) });
        await using var harness = new ProbingServiceHarness([target]);
        await harness.StartAsync();

        var signals = await harness.WaitForSignalsAsync(target.Id, 3);
        signals.ShouldAllBe(s => s.Outcome == SignalOutcome.Success && s.Code == 200);

        var probed = harness.Service.Scheduler.Find(target.Id)!;
        probed.IsTcp.ShouldBeTrue();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (probed.Counters.PongsReceived < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        probed.Counters.PongsReceived.ShouldBeGreaterThanOrEqualTo(2, "the gateway's transport answers each CRLF ping with a pong");
        probed.Counters.PongsLost.ShouldBe(0);
    }

    [Fact]
    public async Task Probe_GatewayGivenAsDomain_ResolvedByRfc3263AndFailsOverToTheNextServer()
    {
        await using var ok = OptionsResponder.Start(200);
        var closedPort = FreePort.Get();

        // Two servers by SRV priority: the first has nothing listening.
        using var dns = DnsmasqProcess.Start(
            $"srv-host=_sip._udp.carrier.test,edge1.carrier.test,{closedPort},10,10",
            $"srv-host=_sip._udp.carrier.test,edge2.carrier.test,{ok.EndPoint.EndPoint.Port},20,10",
            "host-record=edge1.carrier.test,127.0.0.1",
            "host-record=edge2.carrier.test,127.0.0.1");
        var locator = new SipServerLocator(new DnsClient(DnsClientOptions.ForServers(dns.EndPoint) with { Timeout = TimeSpan.FromSeconds(5) }));
        var target = ProbingServiceHarness.Target("sip:carrier.test");
        await using var harness = new ProbingServiceHarness([target], locator: locator);
        await harness.StartAsync();

        var signals = await harness.WaitForSignalsAsync(target.Id, 3);

        signals[0].Outcome.ShouldBe(SignalOutcome.TransportError, "edge1 (priority 10) refuses");
        signals.Skip(1).ShouldAllBe(s => s.Outcome == SignalOutcome.Success, "looked up again after the failure, edge2 answers");
        harness.Service.Scheduler.Find(target.Id)!.EndPoint.ShouldBe(ok.EndPoint);
    }

    [Fact]
    public async Task Probe_DomainThatDoesNotResolve_FailureSignalsNotSilence()
    {
        using var dns = DnsmasqProcess.Start("host-record=other.carrier.test,127.0.0.1");
        var locator = new SipServerLocator(new DnsClient(DnsClientOptions.ForServers(dns.EndPoint) with { Timeout = TimeSpan.FromSeconds(5) }));
        var target = ProbingServiceHarness.Target("sip:missing.carrier.test");
        await using var harness = new ProbingServiceHarness([target], locator: locator);
        await harness.StartAsync();

        var signals = await harness.WaitForSignalsAsync(target.Id, 2);

        signals.ShouldAllBe(s => s.Outcome == SignalOutcome.TransportError);
    }
}
