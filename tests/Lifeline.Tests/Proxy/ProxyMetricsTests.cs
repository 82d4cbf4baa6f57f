using Lifeline.Tests.Probing;

namespace Lifeline.Tests.Proxy;

public sealed class ProxyMetricsTests
{
    [Fact]
    public async Task Scrape_AfterAFailover_CountsCallsPerTrunkAndTheAddedDelay()
    {
        using var meters = new ProbeMeterFactory();
        using var scrape = new MetricsScrape(meters);
        await using var h = await ProxyHarness.StartAsync(["primary", "backup"], meters: meters);
        h["primary"].OnInvite = static (carrier, tx) => carrier.Answer(tx, 503);

        (await h.Dialer.Invite("15551234567").FinalAsync()).StatusCode.ShouldBe(200);
        await ProxyHarness.EventuallyAsync(() => scrape.Histogram("lifeline.proxy.added_setup_delay").Count > 0, "the call is measured");
        var observed = scrape.Collect();

        observed.ShouldContain(("lifeline.proxy.calls", "outcome=answered", 1));
        observed.ShouldContain(("lifeline.proxy.failovers", string.Empty, 1));
        observed.ShouldContain(("lifeline.proxy.trunk.failed", "trunk=primary", 1));
        observed.ShouldContain(("lifeline.proxy.trunk.answered", "trunk=backup", 1));
        observed.ShouldContain(("lifeline.proxy.trunk.active", "trunk=backup", 1));
        var delay = scrape.Histogram("lifeline.proxy.added_setup_delay").Single();
        delay.Value.ShouldBeGreaterThan(0);
        delay.Value.ShouldBeLessThan(30);
    }
}
