using System.Net;
using System.Net.Sockets;
using System.Text;
using Lifeline.Cli.Tests.Api;
using Lifeline.Health;

namespace Lifeline.Cli.Tests.Hosting;

[Collection(DaemonCollection.Name)]
public sealed class DaemonProbingWiringTests
{
    [Fact]
    public async Task CallFailure_GatewayProbedHourly_ProbedAtTheFastPaceAtOnce()
    {
        // The gateway is a socket of the test's own: it only counts the OPTIONS that reach it. Probed every hour, the
        // first probe falls anywhere in that hour; a failed call must bring it forward to the fast interval.
        using var gateway = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        gateway.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)gateway.LocalEndPoint!).Port;
        var id = $"primary/sip:127.0.0.1:{port}";
        var yaml = $$"""
            http:
              listen: 127.0.0.1:1
            journal:
              path: ./journal.db
            probing: { interval: 1h, fast_interval: 500ms }
            trunks:
              - { name: primary, gateways: [ "sip:127.0.0.1:{{port}}" ] }
            """;
        await using var daemon = await DaemonTestHost.StartAsync(yaml);

        daemon.Monitor.Report(id, Signal.CallCarrierFailure(TimeProvider.System.GetUtcNow(), 503)).ShouldBeTrue();

        daemon.Monitor.Board.Current.HealthOf(id).ShouldBe(TargetHealth.Suspect);
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        int received;
        try
        {
            received = await gateway.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new ShouldAssertException("no probe within 20 s of the failed call: the prober kept the hourly pace of an Up gateway");
        }

        Encoding.ASCII.GetString(buffer, 0, received).ShouldStartWith("OPTIONS sip:127.0.0.1:" + port);
    }
}
