using System.Net.Sockets;
using Lifeline.Sip.Transports;
using Lifeline.Testing;
using static Lifeline.Sip.Tests.Transports.TransportTestKit;

namespace Lifeline.Sip.Tests.Transports;

public class SipTransportSetTests
{
    [Fact]
    public async Task OpenAsync_ListenStrings_OpensOneTransportEach()
    {
        var result = await SipTransportSet.OpenAsync(["udp:127.0.0.1:0", "tcp:127.0.0.1:0", "udp:[::1]:0", "tcp:[::1]:0"], new RecordingSipHandler());

        result.IsSuccess.ShouldBeTrue(result.Error);
        await using var set = result.Set!;
        set.Transports.Select(t => t.LocalEndPoint.ToString().Split(':')[0] + "/" + t.LocalEndPoint.AddressFamily)
            .ShouldBe(["udp/InterNetwork", "tcp/InterNetwork", "udp/InterNetworkV6", "tcp/InterNetworkV6"]);
        set.Transports.ShouldAllBe(t => t.LocalEndPoint.EndPoint.Port != 0);
    }

    [Fact]
    public async Task OpenAsync_BadListenString_ReturnsTheParseError()
    {
        var result = await SipTransportSet.OpenAsync(["udp:127.0.0.1:0", "udp:carrier.example.com:5060"], new RecordingSipHandler());

        result.IsSuccess.ShouldBeFalse();
        result.Error.ShouldContain("bad listen address");
        result.Error.ShouldContain("carrier.example.com");
    }

    [Fact]
    public async Task OpenAsync_SecondAddressInUse_FailsAndClosesTheFirst()
    {
        var port = FreePort.Get();
        var taken = SipTransport.Open(SipEndPoint.Parse($"tcp:127.0.0.1:{port}"), new RecordingSipHandler()).Transport!;
        await using (taken)
        {
            var result = await SipTransportSet.OpenAsync([$"udp:127.0.0.1:{port}", $"tcp:127.0.0.1:{port}"], new RecordingSipHandler());

            result.IsSuccess.ShouldBeFalse();
            result.Error.ShouldContain($"tcp:127.0.0.1:{port}");
        }

        // The UDP socket opened first was closed again: the port can be taken.
        var again = SipTransport.Open(SipEndPoint.Parse($"udp:127.0.0.1:{port}"), new RecordingSipHandler());
        again.IsSuccess.ShouldBeTrue(again.Error);
        await again.Transport!.DisposeAsync();
    }

    [Fact]
    public async Task OpenAsync_NoAddresses_IsAnError()
    {
        (await SipTransportSet.OpenAsync(Array.Empty<string>(), new RecordingSipHandler())).Error.ShouldBe("no listen address given");
    }

    [Fact]
    public async Task Select_PicksByProtocolAndFamily_AndNeverALoopbackSocketForAnOutsidePeer()
    {
        var result = await SipTransportSet.OpenAsync(["udp:127.0.0.1:0", "tcp:127.0.0.1:0", "tcp:0.0.0.0:0", "udp:[::1]:0"], new RecordingSipHandler());
        await using var set = result.Set!;
        var (udp4, tcp4Loopback, tcp4Any, udp6) = (set.Transports[0], set.Transports[1], set.Transports[2], set.Transports[3]);

        set.Select(SipEndPoint.Parse("udp:127.0.0.1:5060")).ShouldBeSameAs(udp4);
        set.Select(SipEndPoint.Parse("tcp:127.0.0.1:5060")).ShouldBeSameAs(tcp4Loopback);
        set.Select(SipEndPoint.Parse("tcp:192.0.2.10:5060")).ShouldBeSameAs(tcp4Any);
        set.Select(SipEndPoint.Parse("udp:[::1]:5060")).ShouldBeSameAs(udp6);
        set.Select(SipEndPoint.Parse("udp:192.0.2.10:5060")).ShouldBeNull();
        set.Select(SipEndPoint.Parse("tcp:[::1]:5060")).ShouldBeNull();
        (await set.SendAsync(Bytes(Request()), SipEndPoint.Parse("tcp:[::1]:5060"))).Status.ShouldBe(SipSendStatus.NoTransport);
    }

    [Fact]
    public async Task SendAsync_ThroughTheSet_ReachesPeersOfEachProtocolAndFamily()
    {
        var peerHandler = new RecordingSipHandler();
        await using var udpPeer = Open(SipTransportProtocol.Udp, AddressFamily.InterNetwork, peerHandler);
        await using var tcpPeer = Open(SipTransportProtocol.Tcp, AddressFamily.InterNetworkV6, peerHandler);
        var result = await SipTransportSet.OpenAsync(["udp:127.0.0.1:0", "tcp:[::1]:0"], new RecordingSipHandler());
        await using var set = result.Set!;

        (await set.SendAsync(Bytes(Request(callId: "udp")), udpPeer.LocalEndPoint)).IsSent.ShouldBeTrue();
        (await peerHandler.NextMessageAsync()).Remote.ShouldBe(set.Transports[0].LocalEndPoint);
        (await set.SendAsync(Bytes(Request(callId: "tcp")), tcpPeer.LocalEndPoint)).IsSent.ShouldBeTrue();
        (await peerHandler.NextMessageAsync()).Text.ShouldContain("Call-ID: tcp");

        var totals = set.GetStatistics();
        totals.MessagesSent.ShouldBe(2);
        totals.ConnectionsConnected.ShouldBe(1);
    }

    [Fact]
    public async Task SendAsync_WithAConnection_GoesBackOnTheTransportThatOwnsIt()
    {
        var setHandler = new RecordingSipHandler();
        var clientHandler = new RecordingSipHandler();
        var result = await SipTransportSet.OpenAsync(["tcp:127.0.0.1:0", "tcp:[::1]:0"], setHandler);
        await using var set = result.Set!;
        await using var client = Open(SipTransportProtocol.Tcp, AddressFamily.InterNetworkV6, clientHandler);
        await client.SendAsync(Bytes(Request()), set.Transports[1].LocalEndPoint);
        var request = await setHandler.NextMessageAsync();

        var reply = await set.SendAsync(Bytes("SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n"), request.Remote, request.Connection);

        reply.IsSent.ShouldBeTrue();
        (await clientHandler.NextMessageAsync()).Text.ShouldStartWith("SIP/2.0 200 OK");
        (await set.SendAsync(Bytes(Request()), request.Remote, new SipConnectionId(long.MaxValue))).Status.ShouldBe(SipSendStatus.ConnectionClosed);
    }

    [Fact]
    public async Task SendKeepAliveAsync_ThroughTheSet_GetsThePong()
    {
        var setHandler = new RecordingSipHandler();
        await using var peer = Open(SipTransportProtocol.Tcp, AddressFamily.InterNetwork, new RecordingSipHandler());
        var result = await SipTransportSet.OpenAsync(["tcp:127.0.0.1:0"], setHandler);
        await using var set = result.Set!;

        (await set.SendKeepAliveAsync(peer.LocalEndPoint)).IsSent.ShouldBeTrue();

        (await setHandler.NextPongAsync()).Remote.ShouldBe(peer.LocalEndPoint);
    }

    [Theory]
    [InlineData(SipTransportProtocol.Udp)]
    [InlineData(SipTransportProtocol.Tcp)]
    public async Task Open_WhileExecutionContextFlowIsSuppressed_StillStartsAndWorks(SipTransportProtocol protocol)
    {
        var handler = new RecordingSipHandler();
        SipTransportOpenResult result;
        Task<SipSendResult> send;
        await using var peer = Open(protocol, AddressFamily.InterNetwork, new RecordingSipHandler());
        using (ExecutionContext.SuppressFlow())
        {
            result = SipTransport.Open(new SipEndPoint(protocol, Loopback(AddressFamily.InterNetwork), 0), handler);
            send = peer.SendAsync(Bytes(Request()), result.Transport!.LocalEndPoint).AsTask();
        }

        await using var transport = result.Transport!;
        (await send).IsSent.ShouldBeTrue();
        (await handler.NextMessageAsync()).Text.ShouldBe(Request());
    }

    [Fact]
    public void Open_InvalidOptions_ReturnsTheProblem()
    {
        var result = SipTransport.Open(SipEndPoint.Parse("udp:127.0.0.1:0"), new RecordingSipHandler(), new SipTransportOptions { MaxMessageSize = 100 });

        result.IsSuccess.ShouldBeFalse();
        result.Error.ShouldContain("MaxMessageSize");
    }
}
