using System.Net;
using System.Net.Sockets;
using Lifeline.Sip.Transports;
using Lifeline.Testing;
using static Lifeline.Sip.Tests.Transports.TransportTestKit;

namespace Lifeline.Sip.Tests.Transports;

public class SipTcpTransportTests
{
    private const string Ok = "SIP/2.0 200 OK\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";

    [Theory]
    [InlineData(AddressFamily.InterNetwork)]
    [InlineData(AddressFamily.InterNetworkV6)]
    public async Task SendAsync_TwoRequestsToOnePeer_ReuseOneConnection(AddressFamily family)
    {
        var bHandler = new RecordingSipHandler();
        await using var a = Open(SipTransportProtocol.Tcp, family, new RecordingSipHandler());
        await using var b = Open(SipTransportProtocol.Tcp, family, bHandler);

        var first = await a.SendAsync(Bytes(Request(callId: "one")), b.LocalEndPoint);
        var second = await a.SendAsync(Bytes(Request(callId: "two", body: "hello")), b.LocalEndPoint);

        first.Status.ShouldBe(SipSendStatus.Sent);
        second.Status.ShouldBe(SipSendStatus.Sent);
        second.Connection.ShouldBe(first.Connection);
        var m1 = await bHandler.NextMessageAsync();
        var m2 = await bHandler.NextMessageAsync();
        m1.Text.ShouldBe(Request(callId: "one"));
        m2.Text.ShouldBe(Request(callId: "two", body: "hello"));
        m2.Connection.ShouldBe(m1.Connection);
        m1.Remote.Protocol.ShouldBe(SipTransportProtocol.Tcp);
        m1.Remote.EndPoint.Address.ShouldBe(Loopback(family));
        a.GetStatistics().ConnectionsConnected.ShouldBe(1);
        b.GetStatistics().ConnectionsAccepted.ShouldBe(1);
        a.GetStatistics().MessagesSent.ShouldBe(2);
        b.GetStatistics().MessagesReceived.ShouldBe(2);
    }

    [Theory]
    [InlineData(AddressFamily.InterNetwork)]
    [InlineData(AddressFamily.InterNetworkV6)]
    public async Task SendAsync_ResponseOnTheInboundConnection_ReachesTheSenderWithoutANewConnection(AddressFamily family)
    {
        var aHandler = new RecordingSipHandler();
        var bHandler = new RecordingSipHandler();
        await using var a = Open(SipTransportProtocol.Tcp, family, aHandler);
        await using var b = Open(SipTransportProtocol.Tcp, family, bHandler);

        var sent = await a.SendAsync(Bytes(Request()), b.LocalEndPoint);
        var request = await bHandler.NextMessageAsync();
        b.HasConnection(request.Connection).ShouldBeTrue();
        var reply = await b.SendAsync(Bytes(Ok), request.Remote, request.Connection);

        reply.Status.ShouldBe(SipSendStatus.Sent);
        reply.Connection.ShouldBe(request.Connection);
        var response = await aHandler.NextMessageAsync("the response");
        response.Text.ShouldBe(Ok);
        response.Connection.ShouldBe(sent.Connection);
        response.Remote.ShouldBe(b.LocalEndPoint);
        b.GetStatistics().ConnectionsConnected.ShouldBe(0);
        a.GetStatistics().ConnectionsAccepted.ShouldBe(0);
    }

    [Fact]
    public async Task Receive_MessagesWrittenOneByteAtATime_AreFramedExactly()
    {
        var handler = new RecordingSipHandler();
        await using var transport = Open(SipTransportProtocol.Tcp, AddressFamily.InterNetwork, handler);
        using var peer = await ConnectRawAsync(transport.LocalEndPoint);
        var first = Request(method: "INVITE", body: "v=0\r\n\r\no=- 1 1 IN IP4 192.0.2.1\r\n", contentLengthName: "l");
        var second = Request(callId: "second");

        foreach (var b in Bytes(first + second))
        {
            await peer.SendAsync(new[] { b }, SocketFlags.None);
        }

        (await handler.NextMessageAsync()).Text.ShouldBe(first);
        (await handler.NextMessageAsync()).Text.ShouldBe(second);
        transport.GetStatistics().FramingErrors.ShouldBe(0);
    }

    [Fact]
    public async Task Receive_SeveralMessagesInOneWrite_AreDeliveredInOrder()
    {
        var handler = new RecordingSipHandler();
        await using var transport = Open(SipTransportProtocol.Tcp, AddressFamily.InterNetwork, handler);
        using var peer = await ConnectRawAsync(transport.LocalEndPoint);
        string[] messages = [Request(callId: "1"), "\r\n\r\n", Request(callId: "2", body: "abc\r\n\r\ndef"), Ok, Request(callId: "3", contentLengthName: "content-length")];

        await peer.SendAsync(Bytes(string.Concat(messages)), SocketFlags.None);

        (await handler.NextMessageAsync()).Text.ShouldBe(messages[0]);
        (await handler.NextMessageAsync()).Text.ShouldBe(messages[2]);
        (await handler.NextMessageAsync()).Text.ShouldBe(messages[3]);
        (await handler.NextMessageAsync()).Text.ShouldBe(messages[4]);
        (await ReadExactlyAsync(peer, 2)).ShouldBe(Bytes("\r\n")); // the ping in the middle was answered
    }

    [Fact]
    public async Task Receive_LargeBody_ArrivesWhole()
    {
        var handler = new RecordingSipHandler();
        await using var transport = Open(SipTransportProtocol.Tcp, AddressFamily.InterNetwork, handler);
        using var peer = await ConnectRawAsync(transport.LocalEndPoint);
        var body = string.Concat(Enumerable.Range(0, 3000).Select(i => (char)('a' + (i % 26))));
        var message = Request(method: "MESSAGE", body: body);

        await peer.SendAsync(Bytes(message), SocketFlags.None);

        (await handler.NextMessageAsync()).Text.ShouldBe(message);
    }

    [Fact]
    public async Task Ping_DoubleCrlf_IsAnsweredWithASingleCrlf()
    {
        var handler = new RecordingSipHandler();
        await using var transport = Open(SipTransportProtocol.Tcp, AddressFamily.InterNetwork, handler);
        using var peer = await ConnectRawAsync(transport.LocalEndPoint);

        await peer.SendAsync(Bytes("\r\n\r\n"), SocketFlags.None);

        (await ReadExactlyAsync(peer, 2)).ShouldBe(Bytes("\r\n"));
        transport.GetStatistics().PongsSent.ShouldBe(1);
        transport.GetStatistics().KeepAlivesReceived.ShouldBe(1);
        handler.MessageCount.ShouldBe(0);
    }

    [Theory]
    [InlineData(AddressFamily.InterNetwork)]
    [InlineData(AddressFamily.InterNetworkV6)]
    public async Task SendKeepAliveAsync_PeerAnswersWithAPong_PongIsReportedWithItsTime(AddressFamily family)
    {
        var aHandler = new RecordingSipHandler();
        var clock = new ManualTimeProvider();
        await using var a = Open(SipTransportProtocol.Tcp, family, aHandler, time: clock);
        await using var b = Open(SipTransportProtocol.Tcp, family, new RecordingSipHandler());
        var pingedAt = clock.GetTimestamp();
        clock.Advance(TimeSpan.FromMilliseconds(5));

        var ping = await a.SendKeepAliveAsync(b.LocalEndPoint);
        var pong = await aHandler.NextPongAsync();

        ping.Status.ShouldBe(SipSendStatus.Sent);
        pong.Remote.ShouldBe(b.LocalEndPoint);
        pong.Connection.ShouldBe(ping.Connection);
        clock.GetElapsedTime(pingedAt, pong.Timestamp).ShouldBe(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(0.01));
        a.GetStatistics().PingsSent.ShouldBe(1);
        a.GetStatistics().PongsReceived.ShouldBe(1);
        b.GetStatistics().PongsSent.ShouldBe(1);
    }

    [Fact]
    public async Task SendKeepAliveAsync_PongArrivesAlone_IsReportedWithoutWaitingForMoreBytes()
    {
        var handler = new RecordingSipHandler();
        await using var transport = Open(SipTransportProtocol.Tcp, AddressFamily.InterNetwork, handler);
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var peerAddress = new SipEndPoint(SipTransportProtocol.Tcp, (IPEndPoint)listener.LocalEndPoint!);

        var ping = await transport.SendKeepAliveAsync(peerAddress);
        using var peer = await listener.AcceptAsync();
        (await ReadExactlyAsync(peer, 4)).ShouldBe(Bytes("\r\n\r\n"));
        await peer.SendAsync(Bytes("\r\n"), SocketFlags.None);

        ping.IsSent.ShouldBeTrue();
        (await handler.NextPongAsync()).Remote.ShouldBe(peerAddress);
    }

    [Fact]
    public async Task IdleTimeout_NoTrafficForLongerThanTheTimeout_ClosesTheConnection()
    {
        var handler = new RecordingSipHandler();
        var clock = new ManualTimeProvider();
        var options = new SipTransportOptions { IdleTimeout = TimeSpan.FromSeconds(60) };
        await using var transport = Open(SipTransportProtocol.Tcp, AddressFamily.InterNetwork, handler, options, clock);
        using var peer = await ConnectRawAsync(transport.LocalEndPoint);
        await peer.SendAsync(Bytes(Request(callId: "1")), SocketFlags.None);
        await handler.NextMessageAsync();

        // Traffic within the timeout keeps it open.
        clock.Advance(TimeSpan.FromSeconds(45));
        await peer.SendAsync(Bytes(Request(callId: "2")), SocketFlags.None);
        (await handler.NextMessageAsync()).Text.ShouldContain("Call-ID: 2");
        clock.Advance(TimeSpan.FromSeconds(45));
        await peer.SendAsync(Bytes(Request(callId: "3")), SocketFlags.None);
        (await handler.NextMessageAsync()).Text.ShouldContain("Call-ID: 3");
        transport.GetStatistics().IdleTimeouts.ShouldBe(0);

        clock.Advance(TimeSpan.FromSeconds(90));

        (await WaitForCloseAsync(peer)).ShouldBeTrue();
        var closed = await handler.NextClosedAsync();
        closed.Reason.ShouldBe(SipConnectionCloseReason.IdleTimeout);
        closed.WasInbound.ShouldBeTrue();
        transport.GetStatistics().IdleTimeouts.ShouldBe(1);
        transport.GetStatistics().ActiveConnections.ShouldBe(0);
    }

    [Fact]
    public async Task Accept_OverTheConnectionCap_RefusesTheExtraConnectionAndCountsIt()
    {
        var handler = new RecordingSipHandler();
        await using var transport = Open(SipTransportProtocol.Tcp, AddressFamily.InterNetwork, handler, new SipTransportOptions { MaxConnections = 2 });
        using var one = await ConnectRawAsync(transport.LocalEndPoint);
        using var two = await ConnectRawAsync(transport.LocalEndPoint);
        await EventuallyAsync(() => transport.GetStatistics().ActiveConnections == 2, "two accepted connections");

        // The reset may come before the connect completes on our side, or after.
        using var three = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var refused = false;
        try
        {
            await three.ConnectAsync(transport.LocalEndPoint.EndPoint);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            refused = true;
        }

        (refused || await WaitForCloseAsync(three)).ShouldBeTrue();
        transport.GetStatistics().ConnectionsRefused.ShouldBe(1);
        await one.SendAsync(Bytes(Request(callId: "one")), SocketFlags.None);
        (await handler.NextMessageAsync()).Text.ShouldContain("Call-ID: one");
        await two.SendAsync(Bytes(Request(callId: "two")), SocketFlags.None);
        (await handler.NextMessageAsync()).Text.ShouldContain("Call-ID: two");
    }

    [Fact]
    public async Task Accept_AfterAConnectionCloses_HasRoomAgain()
    {
        var handler = new RecordingSipHandler();
        await using var transport = Open(SipTransportProtocol.Tcp, AddressFamily.InterNetwork, handler, new SipTransportOptions { MaxConnections = 1 });
        using (var first = await ConnectRawAsync(transport.LocalEndPoint))
        {
            await EventuallyAsync(() => transport.GetStatistics().ActiveConnections == 1, "the first connection");
        }

        (await handler.NextClosedAsync()).Reason.ShouldBe(SipConnectionCloseReason.RemoteClosed);
        using var second = await ConnectRawAsync(transport.LocalEndPoint);
        await second.SendAsync(Bytes(Request()), SocketFlags.None);

        (await handler.NextMessageAsync()).Text.ShouldBe(Request());
        transport.GetStatistics().ConnectionsRefused.ShouldBe(0);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: lifeline\r\n\r\n")]
    [InlineData("\u0016\u0003\u0001\u0000\u00a5\u0001\u0000")]
    [InlineData("OPTIONS sip:a SIP/2.0\r\nCall-ID: x\r\n\r\n")]
    [InlineData("OPTIONS sip:a SIP/2.0\r\nContent-Length: many\r\n\r\n")]
    public async Task Receive_Garbage_ClosesTheConnectionAndCountsIt(string garbage)
    {
        var handler = new RecordingSipHandler();
        await using var transport = Open(SipTransportProtocol.Tcp, AddressFamily.InterNetwork, handler);
        using var peer = await ConnectRawAsync(transport.LocalEndPoint);

        await peer.SendAsync(Bytes(garbage), SocketFlags.None);

        (await WaitForCloseAsync(peer)).ShouldBeTrue();
        (await handler.NextClosedAsync()).Reason.ShouldBe(SipConnectionCloseReason.FramingError);
        transport.GetStatistics().FramingErrors.ShouldBe(1);
        handler.MessageCount.ShouldBe(0);
    }

    [Fact]
    public async Task Receive_GarbageAfterAGoodMessage_DeliversTheGoodOneThenCloses()
    {
        var handler = new RecordingSipHandler();
        await using var transport = Open(SipTransportProtocol.Tcp, AddressFamily.InterNetwork, handler);
        using var peer = await ConnectRawAsync(transport.LocalEndPoint);

        await peer.SendAsync(Bytes(Request() + "\u0000garbage"), SocketFlags.None);

        (await handler.NextMessageAsync()).Text.ShouldBe(Request());
        (await WaitForCloseAsync(peer)).ShouldBeTrue();
        transport.GetStatistics().FramingErrors.ShouldBe(1);
    }

    [Fact]
    public async Task Receive_MoreUnframedBytesThanTheBufferCap_ClosesTheConnectionAndCountsIt()
    {
        var handler = new RecordingSipHandler();
        await using var transport = Open(SipTransportProtocol.Tcp, AddressFamily.InterNetwork, handler, new SipTransportOptions { MaxBufferedBytes = 1024 });
        using var peer = await ConnectRawAsync(transport.LocalEndPoint);
        var head = Request(body: new string('x', 4000));

        await peer.SendAsync(Bytes(head[..3000]), SocketFlags.None);

        (await WaitForCloseAsync(peer)).ShouldBeTrue();
        (await handler.NextClosedAsync()).Reason.ShouldBe(SipConnectionCloseReason.BufferOverflow);
        transport.GetStatistics().BufferOverflows.ShouldBe(1);
        handler.MessageCount.ShouldBe(0);
    }

    [Fact]
    public async Task Receive_HandlerThrows_ConnectionKeepsDelivering()
    {
        var handler = new RecordingSipHandler();
        var calls = 0;
        handler.OnEachMessage = _ =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("handler bug");
            }
        };
        await using var transport = Open(SipTransportProtocol.Tcp, AddressFamily.InterNetwork, handler);
        using var peer = await ConnectRawAsync(transport.LocalEndPoint);

        await peer.SendAsync(Bytes(Request(callId: "bad") + Request(callId: "good")), SocketFlags.None);

        (await handler.NextMessageAsync()).Text.ShouldContain("Call-ID: good");
        transport.GetStatistics().HandlerExceptions.ShouldBe(1);
        handler.Faults.ShouldHaveSingleItem().Kind.ShouldBe(SipTransportFaultKind.HandlerException);
    }

    [Theory]
    [InlineData(AddressFamily.InterNetwork)]
    [InlineData(AddressFamily.InterNetworkV6)]
    public async Task SendAsync_NothingListening_ReturnsConnectionRefused(AddressFamily family)
    {
        await using var transport = Open(SipTransportProtocol.Tcp, family, new RecordingSipHandler());
        var nobody = new SipEndPoint(SipTransportProtocol.Tcp, Loopback(family), FreePort.Get(Loopback(family)));

        var result = await transport.SendAsync(Bytes(Request()), nobody);

        result.Status.ShouldBe(SipSendStatus.ConnectionRefused);
        result.SocketError.ShouldBe(SocketError.ConnectionRefused);
        transport.GetStatistics().ConnectFailures.ShouldBe(1);
        transport.GetStatistics().SendFailures.ShouldBe(1);
        transport.GetStatistics().ActiveConnections.ShouldBe(0);
    }

    [Fact]
    public async Task SendAsync_ConnectTakesLongerThanTheTimeout_ReturnsTimedOut()
    {
        var clock = new ManualTimeProvider();
        await using var transport = Open(SipTransportProtocol.Tcp, AddressFamily.InterNetwork, new RecordingSipHandler(), new SipTransportOptions { ConnectTimeout = TimeSpan.FromSeconds(3) }, clock);

        // A listener with a full backlog leaves new connects hanging.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var remote = new SipEndPoint(SipTransportProtocol.Tcp, (IPEndPoint)listener.LocalEndPoint!);
        var fillers = new List<Socket>();
        try
        {
            Task<SipSendResult>? hanging = null;
            for (var i = 0; i < 20 && hanging is null; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                fillers.Add(filler);
                var connect = filler.ConnectAsync(remote.EndPoint);
                if (await Task.WhenAny(connect, Task.Delay(500)) != connect)
                {
                    // The backlog is full: the transport's connect will hang the same way.
                    hanging = transport.SendAsync(Bytes(Request()), remote).AsTask();
                }
            }

            (hanging is not null).ShouldBeTrue("the listen backlog never filled up");
            await Task.Delay(200);
            hanging!.IsCompleted.ShouldBeFalse();
            clock.Advance(TimeSpan.FromSeconds(4));

            (await hanging.WaitAsync(RecordingSipHandler.Patience)).Status.ShouldBe(SipSendStatus.TimedOut);
        }
        finally
        {
            fillers.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task SendAsync_ManyConcurrentSendsToOnePeer_OneConnectionAndNoInterleaving()
    {
        var bHandler = new RecordingSipHandler();
        await using var a = Open(SipTransportProtocol.Tcp, AddressFamily.InterNetwork, new RecordingSipHandler());
        await using var b = Open(SipTransportProtocol.Tcp, AddressFamily.InterNetwork, bHandler);
        var bodies = Enumerable.Range(0, 50).Select(i => new string((char)('a' + (i % 26)), 500 + i)).ToArray();

        var results = await Task.WhenAll(bodies.Select((body, i) => a.SendAsync(Bytes(Request(callId: "c" + i, body: body)), b.LocalEndPoint).AsTask()));

        results.ShouldAllBe(r => r.Status == SipSendStatus.Sent);
        var received = new HashSet<string>();
        for (var i = 0; i < bodies.Length; i++)
        {
            received.Add((await bHandler.NextMessageAsync($"message {i + 1} of 50")).Text);
        }

        received.SetEquals(bodies.Select((body, i) => Request(callId: "c" + i, body: body))).ShouldBeTrue();
        a.GetStatistics().ConnectionsConnected.ShouldBe(1);
        b.GetStatistics().FramingErrors.ShouldBe(0);
    }

    [Fact]
    public async Task SendAsync_OnAConnectionThatClosed_ReturnsConnectionClosed()
    {
        var handler = new RecordingSipHandler();
        await using var transport = Open(SipTransportProtocol.Tcp, AddressFamily.InterNetwork, handler);
        ReceivedSipMessage request;
        using (var peer = await ConnectRawAsync(transport.LocalEndPoint))
        {
            await peer.SendAsync(Bytes(Request()), SocketFlags.None);
            request = await handler.NextMessageAsync();
        }

        await handler.NextClosedAsync();

        var reply = await transport.SendAsync(Bytes(Ok), request.Remote, request.Connection);

        reply.Status.ShouldBe(SipSendStatus.ConnectionClosed);
        transport.HasConnection(request.Connection).ShouldBeFalse();
    }

    [Fact]
    public async Task SendAsync_AfterThePeerClosedTheConnection_OpensANewOne()
    {
        var aHandler = new RecordingSipHandler();
        var bHandler = new RecordingSipHandler();
        await using var a = Open(SipTransportProtocol.Tcp, AddressFamily.InterNetwork, aHandler);
        await using var b = Open(SipTransportProtocol.Tcp, AddressFamily.InterNetwork, bHandler, new SipTransportOptions { MaxConnections = 1 });
        var first = await a.SendAsync(Bytes(Request(callId: "1")), b.LocalEndPoint);
        await bHandler.NextMessageAsync();

        // b drops the connection (its idle sweep would); a learns it from the FIN.
        await b.DisposeAsync();
        (await aHandler.NextClosedAsync()).Reason.ShouldBe(SipConnectionCloseReason.RemoteClosed);
        await using var b2 = SipTransport.Open(b.LocalEndPoint, bHandler).Transport!;
        var second = await a.SendAsync(Bytes(Request(callId: "2")), b.LocalEndPoint);

        second.Status.ShouldBe(SipSendStatus.Sent);
        second.Connection.ShouldNotBe(first.Connection);
        (await bHandler.NextMessageAsync()).Text.ShouldContain("Call-ID: 2");
        a.GetStatistics().ConnectionsConnected.ShouldBe(2);
    }

    [Fact]
    public async Task Dispose_ClosesEveryConnectionAndLaterSendsReturnTransportClosed()
    {
        var handler = new RecordingSipHandler();
        var transport = Open(SipTransportProtocol.Tcp, AddressFamily.InterNetwork, handler);
        using var peer = await ConnectRawAsync(transport.LocalEndPoint);
        await EventuallyAsync(() => transport.GetStatistics().ActiveConnections == 1, "the connection to be accepted");

        await transport.DisposeAsync();

        (await WaitForCloseAsync(peer)).ShouldBeTrue();
        (await handler.NextClosedAsync()).Reason.ShouldBe(SipConnectionCloseReason.TransportStopped);
        (await transport.SendAsync(Bytes(Request()), SipEndPoint.Parse("tcp:127.0.0.1:5060"))).Status.ShouldBe(SipSendStatus.TransportClosed);
        transport.GetStatistics().ActiveConnections.ShouldBe(0);
    }

    [Fact]
    public async Task SendAsync_MessageOverTheLimit_ReturnsTooLarge()
    {
        await using var transport = Open(SipTransportProtocol.Tcp, AddressFamily.InterNetwork, new RecordingSipHandler(), new SipTransportOptions { MaxMessageSize = 1000 });

        (await transport.SendAsync(new byte[1001], SipEndPoint.Parse("tcp:127.0.0.1:5060"))).Status.ShouldBe(SipSendStatus.TooLarge);
    }
}
