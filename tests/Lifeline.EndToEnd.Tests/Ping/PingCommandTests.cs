using System.Globalization;
using Lifeline.Testing;

namespace Lifeline.EndToEnd.Tests.Ping;

/// <summary><c>lifeline ping</c> run as a process against sipp carriers on loopback.</summary>
public sealed class PingCommandTests
{
    private static readonly TimeSpan ProcessLimit = TimeSpan.FromSeconds(60);

    private static string Scenario(string name) => Path.Combine(AppContext.BaseDirectory, "Scenarios", name);

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Ping_CarrierAnswers200_PrintsEachReplyAndExitsZero(string transport)
    {
        var port = FreePort.Get();
        using var carrier = SippProcess.Start(Scenario("carrier-answers-options-with-200.xml"), port, transport);

        var (exit, stdout, stderr, _) = await LifelineProcess.RunAsync(
            ["ping", $"sip:127.0.0.1:{Port(port)}", "--count", "3", "--interval", "0.2", "--transport", transport], ProcessLimit);

        exit.ShouldBe(0, stdout + stderr);
        stdout.ShouldContain($"PING sip:127.0.0.1:{Port(port)} (127.0.0.1:{Port(port)} {transport})");
        var replies = stdout.Split('\n').Where(l => l.StartsWith("200 OK from 127.0.0.1:", StringComparison.Ordinal)).ToList();
        replies.Count.ShouldBe(3, stdout);
        replies.ShouldAllBe(l => l.Contains("agent=\"sipp-carrier\"") && l.Contains(" time="));
        replies[0].ShouldContain("seq=1");
        replies[2].ShouldContain("seq=3");
        stdout.ShouldContain("3 sent, 3 received, 0% loss, rtt min/avg/max = ");
    }

    [Theory]
    [InlineData("carrier-answers-options-with-404.xml", "404 Not Found")]
    [InlineData("carrier-answers-options-with-503.xml", "503 Service Unavailable")]
    public async Task Ping_CarrierAnswersWithAnError_StillCountsAsAliveAndExitsZero(string scenario, string statusLine)
    {
        var port = FreePort.Get();
        using var carrier = SippProcess.Start(Scenario(scenario), port);

        var (exit, stdout, stderr, _) = await LifelineProcess.RunAsync(["ping", $"sip:127.0.0.1:{Port(port)}", "-c", "2", "-i", "0.2"], ProcessLimit);

        exit.ShouldBe(0, stdout + stderr);
        stdout.ShouldContain($"{statusLine} from 127.0.0.1:{Port(port)}: seq=1");
        stdout.ShouldContain("2 sent, 2 received, 0% loss");
    }

    [Fact]
    public async Task Ping_NothingListensOnUdp_TimesOutAndExitsOne()
    {
        var port = FreePort.Get();

        var (exit, stdout, stderr, elapsed) = await LifelineProcess.RunAsync(["ping", $"sip:127.0.0.1:{Port(port)}", "-c", "2", "-i", "0.1", "--timeout", "0.5"], ProcessLimit);

        exit.ShouldBe(1, stdout + stderr);
        stdout.ShouldContain("seq=1: no answer in 500 ms");
        stdout.ShouldContain("seq=2: no answer in 500 ms");
        stdout.ShouldContain("2 sent, 0 received, 100% loss");
        // Two probes of 0.5 s each: nowhere near the 32 s transaction timer, even with process start-up on a busy machine.
        elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Ping_NothingListensOnTcp_ReportsConnectionRefusedAndExitsOne()
    {
        var port = FreePort.Get();

        var (exit, stdout, stderr, _) = await LifelineProcess.RunAsync(["ping", $"sip:127.0.0.1:{Port(port)};transport=tcp", "-c", "1"], ProcessLimit);

        exit.ShouldBe(1, stdout + stderr);
        stdout.ShouldContain("seq=1: connection refused");
        stdout.ShouldContain("1 sent, 0 received, 100% loss");
    }

    [Fact]
    public async Task Ping_DomainWithSrvRecord_ResolvesPerRfc3263AndReachesTheCarrier()
    {
        var port = FreePort.Get();
        using var carrier = SippProcess.Start(Scenario("carrier-answers-options-with-200.xml"), port);
        using var dns = DnsmasqProcess.Start(
            "host-record=gw1.carrier.test,127.0.0.1",
            $"srv-host=_sip._udp.carrier.test,gw1.carrier.test,{Port(port)},10,100");

        var (exit, stdout, stderr, _) = await LifelineProcess.RunAsync(
            ["ping", "sip:carrier.test", "-c", "1", "--dns-server", dns.EndPoint.ToString()], ProcessLimit);

        exit.ShouldBe(0, stdout + stderr);
        stdout.ShouldContain($"PING sip:carrier.test (127.0.0.1:{Port(port)} udp)");
        stdout.ShouldContain($"200 OK from 127.0.0.1:{Port(port)}: seq=1");
    }

    [Fact]
    public async Task Ping_UnknownDomain_SaysSoAndExitsTwo()
    {
        using var dns = DnsmasqProcess.Start("host-record=other.test,127.0.0.1");

        var (exit, stdout, stderr, _) = await LifelineProcess.RunAsync(["ping", "sip:nowhere.test", "-c", "1", "--dns-server", dns.EndPoint.ToString()], ProcessLimit);

        exit.ShouldBe(2, stdout + stderr);
        stderr.Trim().ShouldBe("lifeline ping: cannot resolve nowhere.test: no such domain");
    }

    [Theory]
    [InlineData(new[] { "ping", "http://example.com" }, "is not a sip: or sips: URI")]
    [InlineData(new[] { "ping", "sip:127.0.0.1", "--transport", "sctp" }, "--transport must be udp or tcp")]
    [InlineData(new[] { "ping", "sip:127.0.0.1", "--count", "-1" }, "--count must be 0 (no limit) or more")]
    [InlineData(new[] { "ping", "sip:127.0.0.1", "--timeout", "0" }, "--timeout must be between")]
    [InlineData(new[] { "ping", "sip:127.0.0.1", "--count", "many" }, "many")]
    [InlineData(new[] { "ping" }, "Required argument missing")]
    [InlineData(new[] { "ping", "sips:127.0.0.1" }, "needs TLS")]
    public async Task Ping_BadUsage_PrintsOneLineErrorAndExitsTwo(string[] args, string message)
    {
        var (exit, stdout, stderr, _) = await LifelineProcess.RunAsync(args, ProcessLimit);

        exit.ShouldBe(2, stdout + stderr);
        stderr.ShouldContain(message);
        stderr.Trim().Split('\n').Length.ShouldBe(1, stderr);
    }
}
