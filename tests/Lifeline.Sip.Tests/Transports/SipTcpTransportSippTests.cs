using System.Net.Sockets;
using System.Text;
using Lifeline.Sip.Transports;
using Lifeline.Testing;

namespace Lifeline.Sip.Tests.Transports;

/// <summary>The TCP transport against a real SIP peer: sipp sends OPTIONS, a handler answers 200 on the same connection.</summary>
public class SipTcpTransportSippTests
{
    [Theory]
    [InlineData(AddressFamily.InterNetwork)]
    [InlineData(AddressFamily.InterNetworkV6)]
    public async Task Sipp_SendsOptionsOverTcp_GetsEach200OnTheSameConnection(AddressFamily family)
    {
        var handler = new RecordingSipHandler { OnEachMessage = AnswerOk };
        await using var transport = TransportTestKit.Open(SipTransportProtocol.Tcp, family, handler);
        var loopback = TransportTestKit.Loopback(family);
        var host = family == AddressFamily.InterNetworkV6 ? "[::1]" : "127.0.0.1";
        var sippPort = FreePort.Get(loopback);

        var (exitCode, output) = await TransportSipp.RunAsync(
            [
                "-sf", TransportSipp.Scenario("dialer-sends-options-over-tcp.xml"),
                "-t", "t1",
                "-i", loopback.ToString(),
                "-p", sippPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-m", "5",
                "-r", "50",
                "-timeout", "30s",
                "-timeout_error",
                "-nostdin",
                $"{host}:{transport.LocalEndPoint.EndPoint.Port}",
            ],
            TimeSpan.FromSeconds(60));

        exitCode.ShouldBe(0, "sipp failed:\n" + output);
        var statistics = transport.GetStatistics();
        statistics.MessagesReceived.ShouldBe(5);
        statistics.MessagesSent.ShouldBe(5);
        statistics.ConnectionsAccepted.ShouldBe(1);
        statistics.FramingErrors.ShouldBe(0);
    }

    // A hand-written UAS: copy the headers a response must echo (RFC 3261 section 8.2.6.2).
    private static void AnswerOk(SipInboundMessage request)
    {
        var text = Encoding.UTF8.GetString(request.Data.Span);
        var response = new StringBuilder("SIP/2.0 200 OK\r\n");
        foreach (var line in text.Split("\r\n"))
        {
            if (line.StartsWith("Via:", StringComparison.OrdinalIgnoreCase) || line.StartsWith("From:", StringComparison.OrdinalIgnoreCase)
                || line.StartsWith("Call-ID:", StringComparison.OrdinalIgnoreCase) || line.StartsWith("CSeq:", StringComparison.OrdinalIgnoreCase))
            {
                response.Append(line).Append("\r\n");
            }
            else if (line.StartsWith("To:", StringComparison.OrdinalIgnoreCase))
            {
                response.Append(line).Append(";tag=lifeline\r\n");
            }
        }

        response.Append("Content-Length: 0\r\n\r\n");
        // Fire and forget: the handler must not block the read loop, and a send never throws.
        _ = request.Transport.SendAsync(Encoding.UTF8.GetBytes(response.ToString()), request.Remote, request.Connection).AsTask();
    }
}
