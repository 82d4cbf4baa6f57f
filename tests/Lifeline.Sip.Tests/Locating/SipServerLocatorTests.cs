using System.Net;
using Lifeline.Sip.Dns;
using Lifeline.Sip.Locating;
using Lifeline.Testing;

namespace Lifeline.Sip.Tests.Locating;

public sealed class SipServerLocatorTests
{
    private static SipServerLocator LocatorFor(DnsmasqProcess dns, SipServerLocatorOptions? options = null, int seed = 7) =>
        new(new DnsClient(DnsClientOptions.ForServers(dns.EndPoint) with { Timeout = TimeSpan.FromSeconds(5) }), options, new Random(seed));

    private static SipServerTarget Target(string address, int port, SipTransportKind transport, SipTargetSource source, string host) =>
        new(new IPEndPoint(IPAddress.Parse(address), port), transport, source, host);

    [Theory]
    [InlineData("192.0.2.1", null, null, false, "192.0.2.1", 5060, SipTransportKind.Udp)]
    [InlineData("192.0.2.1", 5080, SipTransportKind.Tcp, false, "192.0.2.1", 5080, SipTransportKind.Tcp)]
    [InlineData("192.0.2.1", null, null, true, "192.0.2.1", 5061, SipTransportKind.Tls)]
    [InlineData("192.0.2.1", null, SipTransportKind.Tcp, true, "192.0.2.1", 5061, SipTransportKind.Tls)]
    [InlineData("[2001:db8::1]", null, null, false, "2001:db8::1", 5060, SipTransportKind.Udp)]
    [InlineData("2001:db8::1", 5062, SipTransportKind.Tls, false, "2001:db8::1", 5062, SipTransportKind.Tls)]
    [InlineData("[::1]", null, null, true, "::1", 5061, SipTransportKind.Tls)]
    public async Task LocateAsync_NumericHost_UsesItDirectlyWithoutDns(
        string host, int? port, SipTransportKind? transport, bool secure, string address, int expectedPort, SipTransportKind expectedTransport)
    {
        var resolver = new CountingResolver();
        var locator = new SipServerLocator(resolver);

        var result = await locator.LocateAsync(new SipLocateRequest(host, port, transport, secure));

        result.Targets.ShouldBe([Target(address, expectedPort, expectedTransport, SipTargetSource.NumericHost, address)]);
        resolver.Questions.ShouldBe(0);
    }

    [Fact]
    public async Task LocateAsync_ExplicitPort_LooksUpAddressesOnlyAndSkipsNaptrAndSrv()
    {
        using var dns = DnsmasqProcess.Start(
            "naptr-record=carrier.test,10,50,s,SIP+D2T,,_sip._tcp.carrier.test",
            "srv-host=_sip._tcp.carrier.test,edge.carrier.test,5070,10,10",
            "srv-host=_sip._udp.carrier.test,edge.carrier.test,5070,10,10",
            "host-record=edge.carrier.test,192.0.2.50",
            "host-record=carrier.test,192.0.2.40,2001:db8::40");

        var result = await LocatorFor(dns).LocateAsync(new SipLocateRequest("carrier.test", Port: 5080));

        result.Targets.ShouldBe([
            Target("192.0.2.40", 5080, SipTransportKind.Udp, SipTargetSource.A, "carrier.test"),
            Target("2001:db8::40", 5080, SipTransportKind.Udp, SipTargetSource.Aaaa, "carrier.test"),
        ]);
    }

    [Fact]
    public async Task LocateAsync_NaptrThenSrvThenA_FollowsTheChainInNaptrOrder()
    {
        using var dns = DnsmasqProcess.Start(
            "naptr-record=carrier.test,20,10,s,SIP+D2U,,_sip._udp.carrier.test",
            "naptr-record=carrier.test,10,10,s,SIP+D2T,,_sip._tcp.carrier.test",
            "srv-host=_sip._tcp.carrier.test,tcp1.carrier.test,5070,10,0",
            "srv-host=_sip._udp.carrier.test,udp1.carrier.test,5072,10,0",
            "host-record=tcp1.carrier.test,192.0.2.11",
            "host-record=udp1.carrier.test,192.0.2.12,2001:db8::12");

        var result = await LocatorFor(dns).LocateAsync(new SipLocateRequest("carrier.test"));

        result.Error.ShouldBe(SipLocateError.None, result.Detail);
        result.Targets.ShouldBe([
            Target("192.0.2.11", 5070, SipTransportKind.Tcp, SipTargetSource.Naptr, "tcp1.carrier.test"),
            Target("192.0.2.12", 5072, SipTransportKind.Udp, SipTargetSource.Naptr, "udp1.carrier.test"),
            Target("2001:db8::12", 5072, SipTransportKind.Udp, SipTargetSource.Naptr, "udp1.carrier.test"),
        ]);
    }

    [Fact]
    public async Task LocateAsync_ExampleOfTheDocs_GivesTcpTargetsThenUdp()
    {
        using var dns = DnsmasqProcess.Start(
            "naptr-record=carrier.test,10,10,s,SIP+D2T,,_sip._tcp.carrier.test",
            "naptr-record=carrier.test,20,10,s,SIP+D2U,,_sip._udp.carrier.test",
            "srv-host=_sip._tcp.carrier.test,edge1.carrier.test,5070,10,60",
            "srv-host=_sip._tcp.carrier.test,edge2.carrier.test,5070,10,40",
            "srv-host=_sip._udp.carrier.test,edge1.carrier.test,5060,10,0",
            "host-record=edge1.carrier.test,192.0.2.11",
            "host-record=edge2.carrier.test,192.0.2.12,2001:db8::12");

        var result = await LocatorFor(dns).LocateAsync(new SipLocateRequest("carrier.test"));

        result.Targets.Count.ShouldBe(4, result.ToString());
        result.Targets.Take(3).Select(t => t.EndPoint.ToString()).Order()
            .ShouldBe(["192.0.2.11:5070", "192.0.2.12:5070", "[2001:db8::12]:5070"]);
        result.Targets.Take(3).ShouldAllBe(t => t.Transport == SipTransportKind.Tcp && t.Source == SipTargetSource.Naptr);
        result.Targets[3].ShouldBe(Target("192.0.2.11", 5060, SipTransportKind.Udp, SipTargetSource.Naptr, "edge1.carrier.test"));

        // edge2's two addresses stay together, IPv4 first.
        var edge2 = result.Targets.Select((t, i) => (t, i)).Where(x => x.t.HostName == "edge2.carrier.test").Select(x => x.i).ToList();
        (edge2[1] - edge2[0]).ShouldBe(1);
        result.Targets[edge2[0]].EndPoint.Address.ToString().ShouldBe("192.0.2.12");
    }

    [Fact]
    public async Task LocateAsync_NaptrSameOrder_LowerPreferenceFirst()
    {
        using var dns = DnsmasqProcess.Start(
            "naptr-record=carrier.test,10,90,s,SIP+D2U,,_sip._udp.carrier.test",
            "naptr-record=carrier.test,10,20,s,SIP+D2T,,_sip._tcp.carrier.test",
            "srv-host=_sip._tcp.carrier.test,tcp1.carrier.test,5060,10,0",
            "srv-host=_sip._udp.carrier.test,udp1.carrier.test,5060,10,0",
            "host-record=tcp1.carrier.test,192.0.2.11",
            "host-record=udp1.carrier.test,192.0.2.12");

        var result = await LocatorFor(dns).LocateAsync(new SipLocateRequest("carrier.test"));

        result.Targets.Select(t => t.Transport).ShouldBe([SipTransportKind.Tcp, SipTransportKind.Udp]);
    }

    [Fact]
    public async Task LocateAsync_SipsUri_UsesOnlySipsNaptrRecords()
    {
        using var dns = DnsmasqProcess.Start(
            "naptr-record=carrier.test,10,10,s,SIP+D2U,,_sip._udp.carrier.test",
            "naptr-record=carrier.test,20,10,s,SIPS+D2T,,_sips._tcp.carrier.test",
            "srv-host=_sip._udp.carrier.test,udp1.carrier.test,5060,10,0",
            "srv-host=_sips._tcp.carrier.test,tls1.carrier.test,5061,10,0",
            "host-record=udp1.carrier.test,192.0.2.12",
            "host-record=tls1.carrier.test,192.0.2.13");

        var result = await LocatorFor(dns).LocateAsync(new SipLocateRequest("carrier.test", Secure: true));

        result.Targets.ShouldBe([Target("192.0.2.13", 5061, SipTransportKind.Tls, SipTargetSource.Naptr, "tls1.carrier.test")]);
    }

    [Fact]
    public async Task LocateAsync_TransportNotEnabled_SkipsItsNaptrRecords()
    {
        using var dns = DnsmasqProcess.Start(
            "naptr-record=carrier.test,10,10,s,SIPS+D2T,,_sips._tcp.carrier.test",
            "naptr-record=carrier.test,20,10,s,SIP+D2U,,_sip._udp.carrier.test",
            "srv-host=_sip._udp.carrier.test,udp1.carrier.test,5060,10,0",
            "srv-host=_sips._tcp.carrier.test,tls1.carrier.test,5061,10,0",
            "host-record=udp1.carrier.test,192.0.2.12",
            "host-record=tls1.carrier.test,192.0.2.13");
        var options = new SipServerLocatorOptions { Transports = [SipTransportKind.Udp, SipTransportKind.Tcp] };

        var result = await LocatorFor(dns, options).LocateAsync(new SipLocateRequest("carrier.test"));

        result.Targets.ShouldBe([Target("192.0.2.12", 5060, SipTransportKind.Udp, SipTargetSource.Naptr, "udp1.carrier.test")]);
    }

    [Fact]
    public async Task LocateAsync_NoNaptr_AsksSrvForUdpThenTcp()
    {
        using var dns = DnsmasqProcess.Start(
            "srv-host=_sip._tcp.carrier.test,tcp1.carrier.test,5070,10,0",
            "srv-host=_sip._udp.carrier.test,udp1.carrier.test,5072,10,0",
            "srv-host=_sips._tcp.carrier.test,tls1.carrier.test,5061,10,0",
            "host-record=tcp1.carrier.test,192.0.2.11",
            "host-record=udp1.carrier.test,192.0.2.12",
            "host-record=tls1.carrier.test,192.0.2.13");

        var result = await LocatorFor(dns).LocateAsync(new SipLocateRequest("carrier.test"));

        result.Targets.ShouldBe([
            Target("192.0.2.12", 5072, SipTransportKind.Udp, SipTargetSource.Srv, "udp1.carrier.test"),
            Target("192.0.2.11", 5070, SipTransportKind.Tcp, SipTargetSource.Srv, "tcp1.carrier.test"),
        ]);
    }

    [Fact]
    public async Task LocateAsync_NoNaptrForSips_AsksOnlySipsTcp()
    {
        using var dns = DnsmasqProcess.Start(
            "srv-host=_sip._udp.carrier.test,udp1.carrier.test,5072,10,0",
            "srv-host=_sips._tcp.carrier.test,tls1.carrier.test,5063,10,0",
            "host-record=udp1.carrier.test,192.0.2.12",
            "host-record=tls1.carrier.test,192.0.2.13");

        var result = await LocatorFor(dns).LocateAsync(new SipLocateRequest("carrier.test", Secure: true));

        result.Targets.ShouldBe([Target("192.0.2.13", 5063, SipTransportKind.Tls, SipTargetSource.Srv, "tls1.carrier.test")]);
    }

    [Fact]
    public async Task LocateAsync_NaptrWithoutUsableService_FallsBackToSrv()
    {
        using var dns = DnsmasqProcess.Start(
            "naptr-record=carrier.test,10,10,u,E2U+sip,!^.*$!sip:info@carrier.test!,.",
            "srv-host=_sip._udp.carrier.test,udp1.carrier.test,5072,10,0",
            "host-record=udp1.carrier.test,192.0.2.12");

        var result = await LocatorFor(dns).LocateAsync(new SipLocateRequest("carrier.test"));

        result.Targets.ShouldBe([Target("192.0.2.12", 5072, SipTransportKind.Udp, SipTargetSource.Srv, "udp1.carrier.test")]);
    }

    [Fact]
    public async Task LocateAsync_NoSrv_UsesAAndAaaaOnTheDefaultPort()
    {
        using var dns = DnsmasqProcess.Start("host-record=pbx.test,192.0.2.10,2001:db8::10");

        var result = await LocatorFor(dns).LocateAsync(new SipLocateRequest("pbx.test"));

        result.Targets.ShouldBe([
            Target("192.0.2.10", 5060, SipTransportKind.Udp, SipTargetSource.A, "pbx.test"),
            Target("2001:db8::10", 5060, SipTransportKind.Udp, SipTargetSource.Aaaa, "pbx.test"),
        ]);
    }

    [Fact]
    public async Task LocateAsync_NoSrvForSips_UsesTlsOnPort5061()
    {
        using var dns = DnsmasqProcess.Start("host-record=pbx.test,192.0.2.10");

        var result = await LocatorFor(dns).LocateAsync(new SipLocateRequest("pbx.test", Secure: true));

        result.Targets.ShouldBe([Target("192.0.2.10", 5061, SipTransportKind.Tls, SipTargetSource.A, "pbx.test")]);
    }

    [Fact]
    public async Task LocateAsync_IPv6First_ListsAaaaTargetsFirst()
    {
        using var dns = DnsmasqProcess.Start("host-record=pbx.test,192.0.2.10,2001:db8::10");
        var options = new SipServerLocatorOptions { AddressPreference = SipAddressPreference.IPv6First };

        var result = await LocatorFor(dns, options).LocateAsync(new SipLocateRequest("pbx.test"));

        result.Targets.Select(t => t.EndPoint.Address.ToString()).ShouldBe(["2001:db8::10", "192.0.2.10"]);
    }

    [Fact]
    public async Task LocateAsync_IPv4Only_LeavesOutAaaa()
    {
        using var dns = DnsmasqProcess.Start("host-record=pbx.test,192.0.2.10,2001:db8::10");
        var options = new SipServerLocatorOptions { AddressPreference = SipAddressPreference.IPv4Only };

        var result = await LocatorFor(dns, options).LocateAsync(new SipLocateRequest("pbx.test", Port: 5060));

        result.Targets.ShouldBe([Target("192.0.2.10", 5060, SipTransportKind.Udp, SipTargetSource.A, "pbx.test")]);
    }

    [Fact]
    public async Task LocateAsync_ExplicitTransport_AsksSrvForThatTransportOnly()
    {
        using var dns = DnsmasqProcess.Start(
            "naptr-record=carrier.test,10,10,s,SIP+D2U,,_sip._udp.carrier.test",
            "srv-host=_sip._udp.carrier.test,udp1.carrier.test,5072,10,0",
            "srv-host=_sip._tcp.carrier.test,tcp1.carrier.test,5070,10,0",
            "host-record=udp1.carrier.test,192.0.2.12",
            "host-record=tcp1.carrier.test,192.0.2.11");

        var result = await LocatorFor(dns).LocateAsync(new SipLocateRequest("carrier.test", Transport: SipTransportKind.Tcp));

        result.Targets.ShouldBe([Target("192.0.2.11", 5070, SipTransportKind.Tcp, SipTargetSource.Srv, "tcp1.carrier.test")]);
    }

    [Fact]
    public async Task LocateAsync_ExplicitTransportWithoutSrv_UsesAOnTheTransportsDefaultPort()
    {
        using var dns = DnsmasqProcess.Start("host-record=pbx.test,192.0.2.10");

        var result = await LocatorFor(dns).LocateAsync(new SipLocateRequest("pbx.test", Transport: SipTransportKind.Tls));

        result.Targets.ShouldBe([Target("192.0.2.10", 5061, SipTransportKind.Tls, SipTargetSource.A, "pbx.test")]);
    }

    [Fact]
    public async Task LocateAsync_SrvPriorities_LowestPriorityFirstWhateverTheWeights()
    {
        using var dns = DnsmasqProcess.Start(
            "srv-host=_sip._udp.carrier.test,backup.carrier.test,5060,20,1000",
            "srv-host=_sip._udp.carrier.test,primary.carrier.test,5060,10,1",
            "srv-host=_sip._udp.carrier.test,last.carrier.test,5060,30,1000",
            "host-record=primary.carrier.test,192.0.2.1",
            "host-record=backup.carrier.test,192.0.2.2",
            "host-record=last.carrier.test,192.0.2.3");

        for (var seed = 0; seed < 5; seed++)
        {
            var result = await LocatorFor(dns, seed: seed).LocateAsync(new SipLocateRequest("carrier.test"));

            result.Targets.Select(t => t.HostName).ShouldBe(["primary.carrier.test", "backup.carrier.test", "last.carrier.test"]);
        }
    }

    [Fact]
    public async Task LocateAsync_SrvWeights_SpreadFirstChoiceByWeight()
    {
        using var dns = DnsmasqProcess.Start(
            "local-ttl=300",
            "srv-host=_sip._udp.carrier.test,heavy.carrier.test,5060,10,90",
            "srv-host=_sip._udp.carrier.test,light.carrier.test,5060,10,10",
            "host-record=heavy.carrier.test,192.0.2.1",
            "host-record=light.carrier.test,192.0.2.2");
        var locator = LocatorFor(dns, seed: 2024);

        var heavyFirst = 0;
        const int Draws = 400;
        for (var i = 0; i < Draws; i++)
        {
            var result = await locator.LocateAsync(new SipLocateRequest("carrier.test"));
            result.Targets.Count.ShouldBe(2);
            if (result.Targets[0].HostName == "heavy.carrier.test")
            {
                heavyFirst++;
            }
        }

        // Expected 90/101 of the draws (about 356); the bounds are over 5 standard deviations wide.
        heavyFirst.ShouldBeInRange(325, 385);
    }

    [Fact]
    public async Task LocateAsync_SrvSaysServiceNotOffered_ReturnsNoRecordsWithoutFallingBackToA()
    {
        using var dns = DnsmasqProcess.Start(
            "srv-host=_sip._udp.carrier.test",
            "host-record=carrier.test,192.0.2.40");
        var options = new SipServerLocatorOptions { Transports = [SipTransportKind.Udp] };

        var result = await LocatorFor(dns, options).LocateAsync(new SipLocateRequest("carrier.test"));

        result.Error.ShouldBe(SipLocateError.NoRecords, result.Detail);
        result.Targets.ShouldBeEmpty();
    }

    [Fact]
    public async Task LocateAsync_UnknownDomain_ReturnsNameNotFound()
    {
        using var dns = DnsmasqProcess.Start("host-record=pbx.test,192.0.2.10");

        var result = await LocatorFor(dns).LocateAsync(new SipLocateRequest("nowhere.test"));

        result.Error.ShouldBe(SipLocateError.NameNotFound, result.Detail);
        result.Detail!.ShouldContain("nowhere.test");
    }

    [Fact]
    public async Task LocateAsync_SrvTargetWithoutAddress_IsLeftOutAndOthersKept()
    {
        using var dns = DnsmasqProcess.Start(
            "srv-host=_sip._udp.carrier.test,ghost.carrier.test,5060,10,0",
            "srv-host=_sip._udp.carrier.test,real.carrier.test,5060,20,0",
            "host-record=real.carrier.test,192.0.2.7");

        var result = await LocatorFor(dns).LocateAsync(new SipLocateRequest("carrier.test"));

        result.Targets.ShouldBe([Target("192.0.2.7", 5060, SipTransportKind.Udp, SipTargetSource.Srv, "real.carrier.test")]);
    }

    [Fact]
    public async Task LocateAsync_DnsServerSilent_ReturnsTimeout()
    {
        using var silent = new DnsBlackHoleServer();
        var client = new DnsClient(new DnsClientOptions { Servers = [silent.EndPoint], Timeout = TimeSpan.FromMilliseconds(200), Attempts = 1 });
        var locator = new SipServerLocator(client);

        var result = await locator.LocateAsync(new SipLocateRequest("carrier.test"));

        result.Error.ShouldBe(SipLocateError.Timeout, result.Detail);
        result.Targets.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("", null, null, false)]
    [InlineData("   ", null, null, false)]
    [InlineData("carrier.test", 0, null, false)]
    [InlineData("carrier.test", 70000, null, false)]
    [InlineData("carrier.test", null, SipTransportKind.Udp, true)]
    [InlineData("[carrier.test]", null, null, false)]
    [InlineData("bad..name", null, null, false)]
    public async Task LocateAsync_BadRequest_ReturnsInvalidRequest(string host, int? port, SipTransportKind? transport, bool secure)
    {
        using var silent = new DnsBlackHoleServer();
        var locator = new SipServerLocator(new DnsClient(DnsClientOptions.ForServers(silent.EndPoint)));

        var result = await locator.LocateAsync(new SipLocateRequest(host, port, transport, secure));

        result.Error.ShouldBe(SipLocateError.InvalidRequest, result.Detail);
        silent.ReceivedCount.ShouldBe(0);
    }

    [Fact]
    public async Task LocateAsync_TransportNotEnabled_ReturnsInvalidRequest()
    {
        var locator = new SipServerLocator(new CountingResolver(), new SipServerLocatorOptions { Transports = [SipTransportKind.Udp] });

        var result = await locator.LocateAsync(new SipLocateRequest("carrier.test", Transport: SipTransportKind.Tls));

        result.Error.ShouldBe(SipLocateError.InvalidRequest);
    }
}
