using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Lifeline.Cli.Hosting;
using Lifeline.Testing;

namespace Lifeline.Cli.Tests.Hosting;

[Collection(Api.DaemonCollection.Name)]
public sealed class DaemonProxyListenTests
{
    [Fact]
    public async Task RunAsync_ProxyPortTaken_Exit1SayingWhichAddressAndWhatToDo()
    {
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)squatter.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture);
        using var folder = new TempFolder();
        var path = folder.Write("lifeline.yaml", $"""
            http:
              listen: 127.0.0.1:{FreePort.Get()}
            journal:
              path: ./journal.db
            proxy:
              listen: [ "udp:127.0.0.1:{port}" ]
              allow: [ 127.0.0.1/32 ]
            trunks:
              - {"{"} name: primary, gateways: [ "sip:127.0.0.1:5071" ] {"}"}
            """);
        using var error = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var code = await DaemonHost.RunAsync(path, error, timeout.Token);

        code.ShouldBe(DaemonHost.StartFailed);
        error.ToString().ShouldContain("lifeline: proxy cannot listen on udp:127.0.0.1:" + port);
        error.ToString().ShouldContain("Set proxy.listen to a free address");
    }
}
