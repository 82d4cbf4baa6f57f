using System.Net;
using Lifeline.Sip.Dns;
using Lifeline.Testing;

namespace Lifeline.Sip.Tests.Dns;

public sealed class DnsCacheTests
{
    private static DnsQueryResult Addresses(params uint[] ttls) =>
        DnsQueryResult.FromRecords(ttls.Select((ttl, i) => (DnsRecord)new DnsAddressRecord("pbx.test", ttl, IPAddress.Parse($"192.0.2.{i + 1}"))).ToList(), "pbx.test");

    [Fact]
    public void TryGet_PositiveAnswer_KeptForItsShortestTtl()
    {
        var clock = new ManualTimeProvider();
        var cache = new DnsCache(clock, 10, TimeSpan.FromHours(1));
        cache.Store("pbx.test", DnsRecordType.A, Addresses(300, 30));

        clock.Advance(TimeSpan.FromSeconds(29.9));
        cache.TryGet("PBX.TEST", DnsRecordType.A, out var hit).ShouldBeTrue();
        hit.Records.Count.ShouldBe(2);
        cache.TryGet("pbx.test", DnsRecordType.Aaaa, out _).ShouldBeFalse("another type is another entry");

        clock.Advance(TimeSpan.FromSeconds(0.1));
        cache.TryGet("pbx.test", DnsRecordType.A, out _).ShouldBeFalse();
        cache.Count.ShouldBe(0);
    }

    [Fact]
    public void TryGet_NegativeAnswer_KeptForItsNegativeTtlOnly()
    {
        var clock = new ManualTimeProvider();
        var cache = new DnsCache(clock, 10, TimeSpan.FromHours(1));
        cache.Store("gone.test", DnsRecordType.A, DnsQueryResult.Negative(DnsQueryStatus.NameError, DnsResponseCode.NameError, TimeSpan.FromSeconds(60), "gone"));
        cache.Store("nosoa.test", DnsRecordType.A, DnsQueryResult.Negative(DnsQueryStatus.NoData, DnsResponseCode.NoError, null, "no SOA"));
        cache.Store("fail.test", DnsRecordType.A, DnsQueryResult.Failure(DnsQueryStatus.Timeout, "silence"));

        cache.TryGet("gone.test", DnsRecordType.A, out var negative).ShouldBeTrue();
        negative.Status.ShouldBe(DnsQueryStatus.NameError);
        cache.TryGet("nosoa.test", DnsRecordType.A, out _).ShouldBeFalse("without an SOA there is no negative TTL");
        cache.TryGet("fail.test", DnsRecordType.A, out _).ShouldBeFalse("failures are never remembered");

        clock.Advance(TimeSpan.FromSeconds(60));
        cache.TryGet("gone.test", DnsRecordType.A, out _).ShouldBeFalse();
    }

    [Fact]
    public void TryGet_HugeTtl_CappedByMaxTtl()
    {
        var clock = new ManualTimeProvider();
        var cache = new DnsCache(clock, 10, TimeSpan.FromMinutes(5));
        cache.Store("pbx.test", DnsRecordType.A, Addresses(int.MaxValue));

        clock.Advance(TimeSpan.FromMinutes(5));

        cache.TryGet("pbx.test", DnsRecordType.A, out _).ShouldBeFalse();
    }

    [Fact]
    public void Store_WhenFull_DropsTheEntryClosestToExpiry()
    {
        var clock = new ManualTimeProvider();
        var cache = new DnsCache(clock, 2, TimeSpan.FromHours(1));
        cache.Store("long.test", DnsRecordType.A, Addresses(600));
        cache.Store("short.test", DnsRecordType.A, Addresses(60));

        cache.Store("new.test", DnsRecordType.A, Addresses(300));

        cache.Count.ShouldBe(2);
        cache.TryGet("short.test", DnsRecordType.A, out _).ShouldBeFalse();
        cache.TryGet("long.test", DnsRecordType.A, out _).ShouldBeTrue();
        cache.TryGet("new.test", DnsRecordType.A, out _).ShouldBeTrue();
    }
}
