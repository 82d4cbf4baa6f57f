using System.Net;
using System.Net.Sockets;
using System.Text;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Stack;
using Lifeline.Sip.Transactions;
using Lifeline.Sip.Transports;
using Lifeline.Sip.Uris;
using Lifeline.Sip.Writing;

namespace Lifeline.Sip.Tests.Stack;

public sealed class SipStackTests
{
    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Send_OptionsToAnotherStack_CompletesWithItsResponse(string protocol)
    {
        await using var carrier = await OpenAsync($"{protocol}:127.0.0.1:0", new AnswerWith(200, "OK"));
        await using var prober = await OpenAsync($"{protocol}:127.0.0.1:0", null);
        var carrierEndPoint = carrier.Transports.Transports[0].LocalEndPoint;
        var local = prober.LocalEndPointFor(carrierEndPoint)!.Value;
        var options = SipRequests.Options(
            SipUri.Create(SipUriScheme.Sip, null, "127.0.0.1", carrierEndPoint.EndPoint.Port),
            new SipSentBy(protocol.ToUpperInvariant(), "127.0.0.1", local.EndPoint.Port),
            SipUri.Create(SipUriScheme.Sip, "lifeline", "127.0.0.1")).Build();

        var result = await prober.Send(options, carrierEndPoint, TimeSpan.FromSeconds(10)).Completion.WaitAsync(TimeSpan.FromSeconds(30));

        result.Outcome.ShouldBe(SipClientOutcome.Response);
        result.StatusCode.ShouldBe(200);
        result.Response!.CallId.ToString().ShouldBe(options.CallId.ToString());
        carrier.MessagesReceived.ShouldBe(1);
    }

    [Fact]
    public async Task Receive_MalformedDatagrams_AreCountedAndTheStackKeepsAnswering()
    {
        await using var carrier = await OpenAsync("udp:127.0.0.1:0", new AnswerWith(200, "OK"));
        var target = carrier.Transports.Transports[0].LocalEndPoint.EndPoint;
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)client.LocalEndPoint!).Port;

        await client.SendToAsync(Encoding.ASCII.GetBytes("GARBAGE / NOT SIP\r\n\r\n"), target);
        await client.SendToAsync(Encoding.ASCII.GetBytes("OPTIONS sip:x SIP/2.0\r\nVia: nonsense\r\nContent-Length: 99\r\n\r\n"), target);
        await client.SendToAsync(Encoding.ASCII.GetBytes(
            "OPTIONS sip:127.0.0.1 SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bKstack1\r\n" +
            "Max-Forwards: 70\r\nFrom: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:127.0.0.1>\r\n" +
            "Call-ID: stack-test-1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"), target);

        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = await client.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
        var response = Encoding.ASCII.GetString(buffer, 0, received);

        response.ShouldStartWith("SIP/2.0 200 OK\r\n");
        response.ShouldContain("Call-ID: stack-test-1");
        carrier.MalformedMessages.ShouldBe(2);
    }

    [Fact]
    public async Task OpenAsync_AddressInUse_ReturnsAnErrorInsteadOfThrowing()
    {
        await using var first = await OpenAsync("udp:127.0.0.1:0", null);
        var taken = first.Transports.Transports[0].LocalEndPoint.EndPoint.Port;

        var second = await SipStack.OpenAsync([$"udp:127.0.0.1:{taken}"]);

        second.IsSuccess.ShouldBeFalse();
        second.Error.ShouldNotBeNullOrWhiteSpace();
    }

    private static async Task<SipStack> OpenAsync(string listen, ISipTransactionUser? user)
    {
        var opened = await SipStack.OpenAsync([listen], user);
        opened.IsSuccess.ShouldBeTrue(opened.Error);
        return opened.Stack!;
    }

    private sealed class AnswerWith(int code, string reason) : ISipTransactionUser
    {
        public void OnRequest(SipServerTransaction transaction) =>
            transaction.SendResponse(SipResponses.Create(transaction.Request, code, reason).Build());

        public void OnAck(SipMessage ack, SipTransactionDestination source, SipServerTransaction? transaction)
        {
        }

        public void OnStrayResponse(SipMessage response, SipTransactionDestination source)
        {
        }

        public void OnServerTransactionFailed(SipServerTransaction transaction, SipServerFailure failure)
        {
        }
    }
}
