using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Lifeline.Cli.Api;
using Lifeline.Cli.Tests.Hosting;
using Lifeline.Testing;

namespace Lifeline.Cli.Tests.Api;

[Collection(DaemonCollection.Name)]
public sealed class ProxyStatusApiTests
{
    [Fact]
    public async Task Status_WithAProxy_ShowsItsTotalsAndEachTrunksCalls()
    {
        var port = FreePort.Get();
        var yaml = DaemonTestHost.Yaml() + "\n" + $"""
            proxy:
              listen: [ "udp:127.0.0.1:{port}" ]
              allow: [ 10.0.0.0/8 ]
            """;
        await using var host = await DaemonTestHost.StartAsync(yaml);

        // A call from a source that is not a dialer: refused with 403 and counted.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var local = ((IPEndPoint)socket.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture);
        await socket.SendToAsync(Encoding.ASCII.GetBytes(
            "INVITE sip:15551234567@127.0.0.1 SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 127.0.0.1:" + local + ";branch=z9hG4bKstatus1\r\n" +
            "Max-Forwards: 70\r\nFrom: <sip:x@127.0.0.1>;tag=1\r\nTo: <sip:15551234567@127.0.0.1>\r\n" +
            "Call-ID: status-1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n"), new IPEndPoint(IPAddress.Loopback, port));
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
        Encoding.ASCII.GetString(buffer, 0, received).ShouldStartWith("SIP/2.0 403");

        var status = await GetStatusAsync(host);

        status.Proxy.ShouldNotBeNull();
        status.Proxy.Forbidden.ShouldBe(1);
        status.Proxy.Received.ShouldBe(0);
        var primary = status.Trunks.Single(t => t.Name == "primary");
        primary.Calls.ShouldNotBeNull().ShouldBe(new TrunkCallsStatus(0, 0, 0, 0, 0));
    }

    [Fact]
    public async Task Status_WithoutAProxy_HasNoProxyObject()
    {
        await using var host = await DaemonTestHost.StartAsync();

        using var response = await host.Client.GetAsync("/api/status");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        document.RootElement.TryGetProperty("proxy", out _).ShouldBeFalse();
        document.RootElement.GetProperty("trunks")[0].TryGetProperty("calls", out _).ShouldBeFalse();
    }

    private static async Task<StatusResponse> GetStatusAsync(DaemonTestHost host)
    {
        using var response = await host.Client.GetAsync("/api/status");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), ApiJson.Context.StatusResponse).ShouldNotBeNull();
    }
}
