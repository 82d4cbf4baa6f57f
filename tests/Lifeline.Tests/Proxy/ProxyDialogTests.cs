using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Lifeline.Health;
using Lifeline.Sip.Messages;

namespace Lifeline.Tests.Proxy;

public sealed class ProxyDialogTests
{
    [Fact]
    public async Task Bye_FromTheCarrier_FollowsTheRecordRouteToTheDialerAndFreesTheTrunkSlot()
    {
        await using var h = await ProxyHarness.StartAsync(["primary"]);
        var call = h.Dialer.Invite("15551234567");
        var answer = (await call.FinalAsync()).Response!;
        await call.AckAsync(answer);
        h.Trunks["primary"].Load.Active.ShouldBe(1);

        var invite = h["primary"].Received(SipMethodKind.Invite).Single();
        var bye = await h["primary"].ByeAsync(invite, h.ProxyEndPoint);

        bye.StatusCode.ShouldBe(200);
        var received = h.Dialer.Requests.Single();
        received.Method.Kind.ShouldBe(SipMethodKind.Bye);
        received.CallId.ToString().ShouldBe(call.Invite.CallId.ToString());
        SipTestRead.Routes(received).ShouldBeEmpty();
        h.Trunks["primary"].Load.Active.ShouldBe(0);
    }

    [Fact]
    public async Task InDialogRequest_FromAStrangerTowardACarrier_Is403AndNeverForwarded()
    {
        // The dialer is 127.0.0.2; carriers are on 127.0.0.1; the stranger is 127.0.0.3.
        await using var h = await ProxyHarness.StartAsync(["primary"], allow: "127.0.0.2/32", dialerBind: "127.0.0.2");
        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        stranger.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.3"), 0));
        var port = ((IPEndPoint)stranger.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture);
        var proxy = h.ProxyEndPoint.EndPoint;
        var carrier = h["primary"].EndPoint.EndPoint;

        await stranger.SendToAsync(Encoding.ASCII.GetBytes(
            $"INVITE sip:15551234567@127.0.0.1:{carrier.Port} SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP 127.0.0.3:{port};branch=z9hG4bKfraud1\r\n" +
            $"Route: <sip:127.0.0.1:{proxy.Port};lr;ltr=primary>\r\n" +
            "Max-Forwards: 70\r\nFrom: <sip:x@127.0.0.3>;tag=1\r\nTo: <sip:15551234567@127.0.0.1>;tag=forged\r\n" +
            "Call-ID: fraud-1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n"), proxy);
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = await stranger.ReceiveAsync(buffer, SocketFlags.None, cts.Token);

        Encoding.ASCII.GetString(buffer, 0, received).ShouldStartWith("SIP/2.0 403");
        h["primary"].Requests.ShouldBeEmpty();
        h.Statistics.Totals.Forbidden.ShouldBe(1);
    }

    [Fact]
    public async Task Invite_GatewayRefusesTheConnection_TransportErrorMovesTheCallOnAtOnce()
    {
        await using var h = await ProxyHarness.StartAsync(["primary", "backup"], protocol: "tcp", firstResponseTimeout: TimeSpan.FromMinutes(5));
        await h["primary"].DisposeAsync();

        var final = await h.Dialer.Invite("15551234567").FinalAsync();

        final.StatusCode.ShouldBe(200);
        h["backup"].Invites.ShouldBe(1);
        h.Signals.For(h.TargetOf("primary")).Single().Outcome.ShouldBe(SignalOutcome.TransportError);
        await ProxyHarness.EventuallyAsync(() => !h.Records.IsEmpty, "the call record");
        h.Records.Single().TrunksTriedJson.ShouldContain("\"outcome\":\"transport-error\"");
    }
}
