using Lifeline.Testing;

namespace Lifeline.EndToEnd.Tests.Proxy;

/// <summary>Only configured dialer sources may send calls out: anything else gets 403, and nothing reaches a carrier.</summary>
[Collection(ProxyCollection.Name)]
public sealed class ProxyAccessTests
{
    [Fact]
    public async Task Invite_FromASourceNotAllowed_403AndNothingReachesACarrier()
    {
        using var primary = SippCarrier.Start("primary", ProxyScenario.Path("carrier-answers.xml"));
        using var backup = SippCarrier.Start("backup", ProxyScenario.Path("carrier-answers.xml"));
        using var rig = await ProxyRig.StartAsync(ProxyRig.TwoTrunks(primary, backup), [primary, backup]);

        // The proxy allows 127.0.0.1/32 only; this dialer sends from 127.0.0.2 (any 127.x address is loopback).
        var result = await SippDialer.RunAsync(
            ProxyScenario.Path("dialer-expects-forbidden-403.xml"), rig.ProxyPort, new SippDialerOptions { Calls = 5, Rate = 5, LocalIp = "127.0.0.2" }, TimeSpan.FromMinutes(3));

        var detail = result.Describe() + rig.Describe();
        result.Successful.ShouldBe(5, "every call from a source not allowed ended with 403\n" + detail);
        result.Failed.ShouldBe(0, detail);
        primary.Trace().RequestsReceived("INVITE").ShouldBeEmpty("an open relay to carriers is toll fraud\n" + detail);
        backup.Trace().RequestsReceived("INVITE").ShouldBeEmpty("an open relay to carriers is toll fraud\n" + detail);

        // "anything else gets 403 and is counted": the refusals show in /metrics.
        var metrics = await rig.MetricsAsync();
        var refused = metrics.Split('\n')
            .Where(l => l.StartsWith("lifeline_proxy_forbidden", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        refused.ShouldBeGreaterThanOrEqualTo(5, "the refused INVITEs are counted in /metrics (lifeline_proxy_forbidden…)\n" + metrics);
    }
}
