using System.Net;
using Lifeline.Sip.Dns;
using Lifeline.Testing;

namespace Lifeline.Sip.Tests.Dns;

public sealed class DnsClientTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(5);

    private static DnsClient ClientFor(params IPEndPoint[] servers) =>
        new(DnsClientOptions.ForServers(servers) with { Timeout = Generous, CacheSize = 0 });

    [Fact]
    public async Task QueryAsync_ARecord_ReturnsAddress()
    {
        using var dns = DnsmasqProcess.Start("host-record=pbx.test,192.0.2.10");
        var client = ClientFor(dns.EndPoint);

        var result = await client.QueryAsync("pbx.test", DnsRecordType.A);

        result.Status.ShouldBe(DnsQueryStatus.Success, result.Detail);
        result.CanonicalName.ShouldBe("pbx.test");
        result.Records.ShouldHaveSingleItem().ShouldBeOfType<DnsAddressRecord>().Address.ShouldBe(IPAddress.Parse("192.0.2.10"));
    }

    [Fact]
    public async Task QueryAsync_AaaaRecord_ReturnsIPv6Address()
    {
        using var dns = DnsmasqProcess.Start("host-record=pbx.test,192.0.2.10,2001:db8::10");
        var client = ClientFor(dns.EndPoint);

        var result = await client.QueryAsync("pbx.test.", DnsRecordType.Aaaa);

        result.Status.ShouldBe(DnsQueryStatus.Success, result.Detail);
        var record = result.Records.ShouldHaveSingleItem().ShouldBeOfType<DnsAddressRecord>();
        record.Address.ShouldBe(IPAddress.Parse("2001:db8::10"));
        record.Type.ShouldBe(DnsRecordType.Aaaa);
    }

    [Fact]
    public async Task QueryAsync_NameWithOnlyIPv4_ReturnsNoData()
    {
        using var dns = DnsmasqProcess.Start("host-record=v4.test,192.0.2.11");
        var client = ClientFor(dns.EndPoint);

        var result = await client.QueryAsync("v4.test", DnsRecordType.Aaaa);

        result.Status.ShouldBe(DnsQueryStatus.NoData);
        result.Records.ShouldBeEmpty();
        result.IsNegative.ShouldBeTrue();
    }

    [Fact]
    public async Task QueryAsync_UnknownName_ReturnsNameError()
    {
        using var dns = DnsmasqProcess.Start("host-record=pbx.test,192.0.2.10");
        var client = ClientFor(dns.EndPoint);

        var result = await client.QueryAsync("nowhere.test", DnsRecordType.A);

        result.Status.ShouldBe(DnsQueryStatus.NameError);
        result.ResponseCode.ShouldBe(DnsResponseCode.NameError);
        result.Detail!.ShouldContain("nowhere.test");
    }

    [Fact]
    public async Task QueryAsync_RefusedName_ReturnsServerFailureWithCode()
    {
        // dnsmasq without upstream refuses names outside its local domain.
        using var dns = DnsmasqProcess.Start("host-record=pbx.test,192.0.2.10");
        var client = ClientFor(dns.EndPoint);

        var result = await client.QueryAsync("example.org", DnsRecordType.A);

        result.Status.ShouldBe(DnsQueryStatus.ServerFailure);
        result.ResponseCode.ShouldBe(DnsResponseCode.Refused);
    }

    [Fact]
    public async Task QueryAsync_CnameChain_FollowsToAddresses()
    {
        using var dns = DnsmasqProcess.Start(
            "host-record=real.test,192.0.2.20",
            "cname=middle.test,real.test",
            "cname=alias.test,middle.test");
        var client = ClientFor(dns.EndPoint);

        var result = await client.QueryAsync("alias.test", DnsRecordType.A);

        result.Status.ShouldBe(DnsQueryStatus.Success, result.Detail);
        result.CanonicalName.ShouldBe("real.test");
        result.Records.ShouldHaveSingleItem().ShouldBeOfType<DnsAddressRecord>().Address.ShouldBe(IPAddress.Parse("192.0.2.20"));
    }

    [Fact]
    public async Task QueryAsync_SrvRecords_ReturnsAllFields()
    {
        using var dns = DnsmasqProcess.Start(
            "srv-host=_sip._udp.carrier.test,sip1.carrier.test,5060,10,60",
            "srv-host=_sip._udp.carrier.test,sip2.carrier.test,5070,20,0");
        var client = ClientFor(dns.EndPoint);

        var result = await client.QueryAsync("_sip._udp.carrier.test", DnsRecordType.Srv);

        result.Status.ShouldBe(DnsQueryStatus.Success, result.Detail);
        var records = result.Records.Cast<DnsSrvRecord>().OrderBy(r => r.Priority).ToList();
        records.Count.ShouldBe(2);
        records[0].ShouldBe(new DnsSrvRecord("_sip._udp.carrier.test", records[0].Ttl, 10, 60, 5060, "sip1.carrier.test"));
        records[1].ShouldBe(new DnsSrvRecord("_sip._udp.carrier.test", records[1].Ttl, 20, 0, 5070, "sip2.carrier.test"));
    }

    [Fact]
    public async Task QueryAsync_NaptrRecord_ReturnsAllFields()
    {
        using var dns = DnsmasqProcess.Start(
            "naptr-record=carrier.test,10,50,s,SIP+D2U,,_sip._udp.carrier.test");
        var client = ClientFor(dns.EndPoint);

        var result = await client.QueryAsync("carrier.test", DnsRecordType.Naptr);

        result.Status.ShouldBe(DnsQueryStatus.Success, result.Detail);
        var naptr = result.Records.ShouldHaveSingleItem().ShouldBeOfType<DnsNaptrRecord>();
        naptr.Order.ShouldBe((ushort)10);
        naptr.Preference.ShouldBe((ushort)50);
        naptr.Flags.ShouldBe("s");
        naptr.Services.ShouldBe("SIP+D2U");
        naptr.Regexp.ShouldBe(string.Empty);
        naptr.Replacement.ShouldBe("_sip._udp.carrier.test");
    }

    [Fact]
    public async Task QueryAsync_AnswerTooBigForUdp_RetriesOverTcpAndGetsEveryRecord()
    {
        // 40 addresses make a 666-byte answer: over UDP (no EDNS, 512 bytes) dnsmasq sets TC and sends 30.
        var lines = Enumerable.Range(1, 40).Select(i => $"host-record=big.test,10.1.0.{i}").ToArray();
        using var dns = DnsmasqProcess.Start(lines);
        var client = ClientFor(dns.EndPoint);

        var result = await client.QueryAsync("big.test", DnsRecordType.A);

        result.Status.ShouldBe(DnsQueryStatus.Success, result.Detail);
        result.Records.Cast<DnsAddressRecord>().Select(r => r.Address.ToString()).Order()
            .ShouldBe(Enumerable.Range(1, 40).Select(i => $"10.1.0.{i}").Order());
    }

    [Fact]
    public async Task QueryAsync_ServerNeverAnswers_ReturnsTimeoutAfterEveryAttempt()
    {
        using var silent = new DnsBlackHoleServer();
        var client = new DnsClient(new DnsClientOptions
        {
            Servers = [silent.EndPoint],
            Timeout = TimeSpan.FromMilliseconds(300),
            Attempts = 3,
        });

        var result = await client.QueryAsync("pbx.test", DnsRecordType.A);

        result.Status.ShouldBe(DnsQueryStatus.Timeout);
        result.Detail!.ShouldContain("3 attempt(s)");
        (await silent.WaitForCountAsync(3, Generous)).ShouldBe(3);
    }

    [Fact]
    public async Task QueryAsync_Retries_AskTheSameQuestionWithFreshRandomIds()
    {
        using var silent = new DnsBlackHoleServer();
        var client = new DnsClient(new DnsClientOptions
        {
            Servers = [silent.EndPoint],
            Timeout = TimeSpan.FromMilliseconds(200),
            Attempts = 4,
        });

        await client.QueryAsync("_sip._udp.carrier.test", DnsRecordType.Srv);
        (await silent.WaitForCountAsync(4, Generous)).ShouldBe(4);

        var ids = new List<ushort>();
        foreach (var datagram in silent.Datagrams)
        {
            DnsMessageReader.TryReadQuestion(datagram, out var id, out var flags, out var name, out var type, out var @class).ShouldBeTrue();
            (name, type, @class, flags).ShouldBe(("_sip._udp.carrier.test", (ushort)33, (ushort)1, (ushort)0x0100));
            ids.Add(id);
        }

        ids.Count.ShouldBe(4);
        ids.Distinct().Count().ShouldBeGreaterThan(1, "IDs are drawn at random for each exchange");
    }

    [Fact]
    public async Task QueryAsync_ServerNeverAnswers_TimesOutByTheClockAfterAttemptsTimesTimeout()
    {
        using var silent = new DnsBlackHoleServer();
        var clock = new ManualTimeProvider();
        var client = new DnsClient(
            new DnsClientOptions { Servers = [silent.EndPoint], Timeout = TimeSpan.FromSeconds(2), Attempts = 2 },
            clock);

        var query = client.QueryAsync("pbx.test", DnsRecordType.A).AsTask();
        (await silent.WaitForDatagramAsync(Generous)).ShouldBeTrue("first attempt sent");
        clock.Advance(TimeSpan.FromSeconds(1.9));
        await Task.Delay(100);
        query.IsCompleted.ShouldBeFalse("the first attempt's timeout has not run out");
        silent.ReceivedCount.ShouldBe(1);

        clock.Advance(TimeSpan.FromSeconds(0.1));
        (await silent.WaitForDatagramAsync(Generous)).ShouldBeTrue("second attempt sent after the first timed out");
        query.IsCompleted.ShouldBeFalse();
        clock.Advance(TimeSpan.FromSeconds(2));

        var result = await query.WaitAsync(Generous);
        result.Status.ShouldBe(DnsQueryStatus.Timeout);
        clock.Elapsed.ShouldBe(TimeSpan.FromSeconds(4));
        silent.ReceivedCount.ShouldBe(2);
    }

    [Fact]
    public async Task QueryAsync_FirstServerSilent_AnswerComesFromSecond()
    {
        using var silent = new DnsBlackHoleServer();
        using var dns = DnsmasqProcess.Start("host-record=pbx.test,192.0.2.10");
        var client = new DnsClient(new DnsClientOptions
        {
            Servers = [silent.EndPoint, dns.EndPoint],
            Timeout = TimeSpan.FromMilliseconds(500),
        });

        var result = await client.QueryAsync("pbx.test", DnsRecordType.A);

        result.Status.ShouldBe(DnsQueryStatus.Success, result.Detail);
        (await silent.WaitForCountAsync(1, Generous)).ShouldBe(1);
    }

    [Fact]
    public async Task QueryAsync_ForgedDatagramsArriveFirst_IgnoresThemAndReturnsTheRealAnswer()
    {
        using var dns = DnsmasqProcess.Start(
            "host-record=pbx.test,192.0.2.10",
            "host-record=evil.test,6.6.6.6");
        using var relay = new DnsSpoofingRelay(dns.EndPoint, "evil.test");
        var client = ClientFor(relay.EndPoint);

        var result = await client.QueryAsync("pbx.test", DnsRecordType.A);

        relay.ForgeriesSent.ShouldBe(2);
        result.Status.ShouldBe(DnsQueryStatus.Success, result.Detail);
        result.Records.ShouldHaveSingleItem().ShouldBeOfType<DnsAddressRecord>().Address.ShouldBe(IPAddress.Parse("192.0.2.10"));
    }

    [Fact]
    public async Task QueryAsync_NoServerListening_ReturnsNetworkError()
    {
        var client = new DnsClient(new DnsClientOptions
        {
            Servers = [new IPEndPoint(IPAddress.Loopback, FreePort.Get())],
            Timeout = Generous,
        });

        var result = await client.QueryAsync("pbx.test", DnsRecordType.A);

        // Loopback answers a closed UDP port with ICMP port-unreachable, long before the timeout.
        result.Status.ShouldBe(DnsQueryStatus.NetworkError);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a..test")]
    [InlineData("caf\u00e9.test")]
    [InlineData("white space.test")]
    [InlineData("x.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task QueryAsync_InvalidName_ReturnsInvalidNameWithoutAsking(string name)
    {
        using var silent = new DnsBlackHoleServer();
        var client = ClientFor(silent.EndPoint);

        var result = await client.QueryAsync(name, DnsRecordType.A);

        result.Status.ShouldBe(DnsQueryStatus.InvalidName);
        silent.ReceivedCount.ShouldBe(0);
    }

    [Fact]
    public async Task QueryAsync_NoServers_ReturnsNoServers()
    {
        var client = new DnsClient(new DnsClientOptions());

        var result = await client.QueryAsync("pbx.test", DnsRecordType.A);

        result.Status.ShouldBe(DnsQueryStatus.NoServers);
    }

    [Fact]
    public async Task QueryAsync_CachedAnswer_ServedUntilTtlRunsOut()
    {
        var clock = new ManualTimeProvider();
        using var dns = DnsmasqProcess.Start("local-ttl=60", "host-record=pbx.test,192.0.2.10");
        var client = new DnsClient(new DnsClientOptions { Servers = [dns.EndPoint], Timeout = Generous }, clock);

        (await client.QueryAsync("pbx.test", DnsRecordType.A)).Status.ShouldBe(DnsQueryStatus.Success);
        dns.Dispose();

        clock.Advance(TimeSpan.FromSeconds(59));
        var cached = await client.QueryAsync("PBX.test", DnsRecordType.A).AsTask().WaitAsync(Generous);
        cached.Status.ShouldBe(DnsQueryStatus.Success, "served from the cache while the server is gone");
        cached.Records.ShouldHaveSingleItem().Ttl.ShouldBe(60u);

        clock.Advance(TimeSpan.FromSeconds(1));
        // The manual clock never fires the timeout: the dead port's ICMP refusal ends the query.
        var expired = await client.QueryAsync("pbx.test", DnsRecordType.A).AsTask().WaitAsync(Generous);
        expired.IsSuccess.ShouldBeFalse("the TTL ran out, so the dead server was asked");
    }

    [Fact]
    public async Task QueryAsync_ZeroTtl_IsNotCached()
    {
        // dnsmasq gives its own records TTL 0 unless local-ttl says otherwise.
        using var dns = DnsmasqProcess.Start("host-record=pbx.test,192.0.2.10");
        var client = new DnsClient(new DnsClientOptions { Servers = [dns.EndPoint], Timeout = Generous }, new ManualTimeProvider());

        (await client.QueryAsync("pbx.test", DnsRecordType.A)).Status.ShouldBe(DnsQueryStatus.Success);
        dns.Dispose();

        (await client.QueryAsync("pbx.test", DnsRecordType.A).AsTask().WaitAsync(Generous)).IsSuccess.ShouldBeFalse();
    }

    [Fact]
    public async Task QueryAsync_ConcurrentQueries_EachGetsItsOwnAnswer()
    {
        var lines = Enumerable.Range(1, 20).Select(i => $"host-record=h{i}.test,10.9.0.{i}").ToArray();
        using var dns = DnsmasqProcess.Start(lines);
        var client = ClientFor(dns.EndPoint);

        var results = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => client.QueryAsync($"h{i}.test", DnsRecordType.A).AsTask()));

        for (var i = 0; i < 20; i++)
        {
            results[i].Records.ShouldHaveSingleItem().ShouldBeOfType<DnsAddressRecord>().Address.ShouldBe(IPAddress.Parse($"10.9.0.{i + 1}"));
        }
    }
}
