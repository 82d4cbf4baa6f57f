using System.Net;
using System.Net.Sockets;
using Lifeline.Sip.Transports;
using Lifeline.Testing;
using static Lifeline.Sip.Tests.Transports.TransportTestKit;

namespace Lifeline.Sip.Tests.Transports;

public class SipUdpTransportTests
{
    [Theory]
    [InlineData(AddressFamily.InterNetwork)]
    [InlineData(AddressFamily.InterNetworkV6)]
    public async Task SendAsync_BetweenTwoTransports_ArrivesWithItsSourceAndCanBeAnswered(AddressFamily family)
    {
        var aHandler = new RecordingSipHandler();
        var bHandler = new RecordingSipHandler();
        await using var a = Open(SipTransportProtocol.Udp, family, aHandler);
        await using var b = Open(SipTransportProtocol.Udp, family, bHandler);
        bHandler.OnEachMessage = m => m.Transport.SendAsync(Bytes("SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n"), m.Remote);
        var request = Request(body: "v=0\r\n");

        var sent = await a.SendAsync(Bytes(request), b.LocalEndPoint);

        sent.Status.ShouldBe(SipSendStatus.Sent);
        var received = await bHandler.NextMessageAsync();
        received.Text.ShouldBe(request);
        received.Remote.ShouldBe(a.LocalEndPoint);
        received.Local.ShouldBe(b.LocalEndPoint);
        received.Connection.IsNone.ShouldBeTrue();
        received.Transport.ShouldBeSameAs(b);
        (await aHandler.NextMessageAsync("the response")).Text.ShouldStartWith("SIP/2.0 200 OK");
        a.GetStatistics().MessagesSent.ShouldBe(1);
        b.GetStatistics().MessagesReceived.ShouldBe(1);
        b.GetStatistics().BytesReceived.ShouldBe(request.Length);
    }

    [Fact]
    public async Task Receive_ManyDatagrams_AllDeliveredIntact()
    {
        var handler = new RecordingSipHandler();
        await using var receiver = Open(SipTransportProtocol.Udp, AddressFamily.InterNetwork, handler);
        await using var sender = Open(SipTransportProtocol.Udp, AddressFamily.InterNetwork, new RecordingSipHandler());

        // In bursts of 20: a default-sized socket buffer (Linux rmem_max 208 KiB) holds a burst even on a busy machine.
        var callIds = new HashSet<string>();
        for (var burst = 0; burst < 10; burst++)
        {
            for (var i = 0; i < 20; i++)
            {
                (await sender.SendAsync(Bytes(Request(callId: $"call-{burst}-{i}")), receiver.LocalEndPoint)).IsSent.ShouldBeTrue();
            }

            for (var i = 0; i < 20; i++)
            {
                var text = (await handler.NextMessageAsync($"datagram {i + 1} of burst {burst + 1}")).Text;
                callIds.Add(text.Split("Call-ID: ")[1].Split("\r\n")[0]);
            }
        }

        callIds.Count.ShouldBe(200);
    }

    [Fact]
    public async Task Receive_OversizedDatagram_IsDroppedAndCounted()
    {
        var handler = new RecordingSipHandler();
        await using var transport = Open(SipTransportProtocol.Udp, AddressFamily.InterNetwork, handler, new SipTransportOptions { MaxMessageSize = 1000 });
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        await peer.SendToAsync(new byte[1001], transport.LocalEndPoint.EndPoint);
        await peer.SendToAsync(Bytes(Request()), transport.LocalEndPoint.EndPoint);

        (await handler.NextMessageAsync()).Text.ShouldBe(Request());
        transport.GetStatistics().OversizedDropped.ShouldBe(1);
        transport.GetStatistics().MessagesReceived.ShouldBe(1);
        handler.MessageCount.ShouldBe(0);
    }

    [Fact]
    public async Task Receive_DatagramOfExactlyTheLimit_IsDelivered()
    {
        var handler = new RecordingSipHandler();
        await using var transport = Open(SipTransportProtocol.Udp, AddressFamily.InterNetwork, handler, new SipTransportOptions { MaxMessageSize = 1000 });
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var message = Bytes(Request(body: new string('x', 998 - Request().Length))); // Content-Length grows from 1 digit to 3
        message.Length.ShouldBe(1000);

        await peer.SendToAsync(message, transport.LocalEndPoint.EndPoint);

        (await handler.NextMessageAsync()).Data.ShouldBe(message);
        transport.GetStatistics().OversizedDropped.ShouldBe(0);
    }

    [Fact]
    public async Task SendAsync_MessageOverTheLimit_ReturnsTooLarge()
    {
        await using var transport = Open(SipTransportProtocol.Udp, AddressFamily.InterNetwork, new RecordingSipHandler(), new SipTransportOptions { MaxMessageSize = 1000 });

        var result = await transport.SendAsync(new byte[1001], new SipEndPoint(SipTransportProtocol.Udp, IPAddress.Loopback, 5060));

        result.Status.ShouldBe(SipSendStatus.TooLarge);
        transport.GetStatistics().SendFailures.ShouldBe(1);
    }

    [Fact]
    public async Task Receive_HandlerThrows_LoopKeepsDeliveringAndTheFaultIsReported()
    {
        var handler = new RecordingSipHandler();
        var calls = 0;
        handler.OnEachMessage = _ =>
        {
            if (Interlocked.Increment(ref calls) <= 3)
            {
                throw new InvalidOperationException("handler bug");
            }
        };
        await using var transport = Open(SipTransportProtocol.Udp, AddressFamily.InterNetwork, handler);
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        for (var i = 0; i < 3; i++)
        {
            await peer.SendToAsync(Bytes(Request(callId: "bad" + i)), transport.LocalEndPoint.EndPoint);
        }

        await EventuallyAsync(() => transport.GetStatistics().HandlerExceptions == 3, "three handler exceptions to be counted");
        await peer.SendToAsync(Bytes(Request(callId: "good")), transport.LocalEndPoint.EndPoint);

        (await handler.NextMessageAsync()).Text.ShouldContain("Call-ID: good");
        var fault = handler.Faults.ShouldHaveSingleItem(); // rate-limited: one report for the burst
        fault.Kind.ShouldBe(SipTransportFaultKind.HandlerException);
        fault.Exception.ShouldBeOfType<InvalidOperationException>().Message.ShouldBe("handler bug");
        fault.Transport.ShouldBe(transport.LocalEndPoint);
    }

    [Fact]
    public async Task Receive_HandlerKeepsThrowing_FaultsAreReportedAgainAfterTheIntervalWithTheSuppressedCount()
    {
        var handler = new RecordingSipHandler { OnEachMessage = _ => throw new InvalidOperationException("bug") };
        var clock = new ManualTimeProvider();
        await using var transport = Open(SipTransportProtocol.Udp, AddressFamily.InterNetwork, handler, new SipTransportOptions { FaultReportInterval = TimeSpan.FromSeconds(10) }, clock);
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        for (var i = 0; i < 5; i++)
        {
            await peer.SendToAsync(Bytes(Request()), transport.LocalEndPoint.EndPoint);
        }

        await EventuallyAsync(() => transport.GetStatistics().HandlerExceptions == 5, "five handler exceptions");
        clock.Advance(TimeSpan.FromSeconds(11));
        await peer.SendToAsync(Bytes(Request()), transport.LocalEndPoint.EndPoint);
        await EventuallyAsync(() => handler.Faults.Count == 2, "a second fault report after the interval");

        handler.Faults.ToArray()[1].Suppressed.ShouldBe(4);
    }

    [Theory]
    [InlineData(AddressFamily.InterNetwork)]
    [InlineData(AddressFamily.InterNetworkV6)]
    public async Task SendAsync_ToAClosedPort_ReceiveLoopSurvivesAndLaterMessagesArrive(AddressFamily family)
    {
        var handler = new RecordingSipHandler();
        await using var transport = Open(SipTransportProtocol.Udp, family, handler);
        await using var peer = Open(SipTransportProtocol.Udp, family, new RecordingSipHandler());
        var closedPort = new SipEndPoint(SipTransportProtocol.Udp, Loopback(family), FreePort.Get(Loopback(family)));

        // The ICMP port unreachable that answers these may surface on the socket in several ways; none may kill it.
        for (var i = 0; i < 5; i++)
        {
            var result = await transport.SendAsync(Bytes(Request()), closedPort);
            result.Status.ShouldBeOneOf(SipSendStatus.Sent, SipSendStatus.ConnectionRefused);
            await Task.Delay(20);
        }

        (await peer.SendAsync(Bytes(Request(callId: "after")), transport.LocalEndPoint)).IsSent.ShouldBeTrue();
        (await handler.NextMessageAsync()).Text.ShouldContain("Call-ID: after");
        (await transport.SendAsync(Bytes(Request(callId: "back")), peer.LocalEndPoint)).IsSent.ShouldBeTrue();
    }

    [Fact]
    public async Task Receive_CrlfOnlyDatagrams_AreCountedAsKeepAlivesAndNotHandedUp()
    {
        var handler = new RecordingSipHandler();
        await using var transport = Open(SipTransportProtocol.Udp, AddressFamily.InterNetwork, handler);
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        await peer.SendToAsync(Bytes("\r\n\r\n"), transport.LocalEndPoint.EndPoint);
        await peer.SendToAsync(Bytes("\r\n"), transport.LocalEndPoint.EndPoint);
        await peer.SendToAsync(Bytes(Request()), transport.LocalEndPoint.EndPoint);

        (await handler.NextMessageAsync()).Text.ShouldBe(Request());
        transport.GetStatistics().KeepAlivesReceived.ShouldBe(2);
        transport.GetStatistics().MessagesReceived.ShouldBe(1);
    }

    [Fact]
    public async Task SendKeepAliveAsync_Udp_SendsADoubleCrlfDatagram()
    {
        await using var transport = Open(SipTransportProtocol.Udp, AddressFamily.InterNetwork, new RecordingSipHandler());
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var buffer = new byte[100];

        var result = await transport.SendKeepAliveAsync(new SipEndPoint(SipTransportProtocol.Udp, (IPEndPoint)peer.LocalEndPoint!));
        using var timeout = new CancellationTokenSource(RecordingSipHandler.Patience);
        var read = await peer.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);

        result.IsSent.ShouldBeTrue();
        buffer.AsSpan(0, read).ToArray().ShouldBe(Bytes("\r\n\r\n"));
        transport.GetStatistics().PingsSent.ShouldBe(1);
        transport.GetStatistics().MessagesSent.ShouldBe(0);
    }

    [Fact]
    public async Task SendAsync_OtherAddressFamilyOrProtocol_ReturnsNoTransport()
    {
        await using var transport = Open(SipTransportProtocol.Udp, AddressFamily.InterNetwork, new RecordingSipHandler());

        (await transport.SendAsync(Bytes(Request()), SipEndPoint.Parse("udp:[::1]:5060"))).Status.ShouldBe(SipSendStatus.NoTransport);
        (await transport.SendAsync(Bytes(Request()), SipEndPoint.Parse("tcp:127.0.0.1:5060"))).Status.ShouldBe(SipSendStatus.NoTransport);
    }

    [Fact]
    public async Task SendAsync_AfterDispose_ReturnsTransportClosed()
    {
        var transport = Open(SipTransportProtocol.Udp, AddressFamily.InterNetwork, new RecordingSipHandler());
        await transport.DisposeAsync();

        (await transport.SendAsync(Bytes(Request()), SipEndPoint.Parse("udp:127.0.0.1:5060"))).Status.ShouldBe(SipSendStatus.TransportClosed);
    }

    [Fact]
    public async Task SendAsync_CancelledToken_ReturnsCancelled()
    {
        await using var transport = Open(SipTransportProtocol.Udp, AddressFamily.InterNetwork, new RecordingSipHandler());

        var result = await transport.SendAsync(Bytes(Request()), SipEndPoint.Parse("udp:127.0.0.1:5060"), default, new CancellationToken(canceled: true));

        result.Status.ShouldBe(SipSendStatus.Cancelled);
    }

    [Fact]
    public async Task Open_PortAlreadyInUse_ReturnsTheErrorInsteadOfThrowing()
    {
        await using var first = Open(SipTransportProtocol.Udp, AddressFamily.InterNetwork, new RecordingSipHandler());

        var second = SipTransport.Open(first.LocalEndPoint, new RecordingSipHandler());

        second.IsSuccess.ShouldBeFalse();
        second.SocketError.ShouldBe(SocketError.AddressAlreadyInUse);
        second.Error.ShouldContain(first.LocalEndPoint.ToString());
    }

    [Fact]
    public async Task Dispose_StopsReceiving()
    {
        var handler = new RecordingSipHandler();
        var transport = Open(SipTransportProtocol.Udp, AddressFamily.InterNetwork, handler);
        var address = transport.LocalEndPoint;
        await transport.DisposeAsync();

        // The port is free again: the socket is really closed.
        var again = SipTransport.Open(address, handler);
        again.IsSuccess.ShouldBeTrue(again.Error);
        await again.Transport!.DisposeAsync();
    }
}
