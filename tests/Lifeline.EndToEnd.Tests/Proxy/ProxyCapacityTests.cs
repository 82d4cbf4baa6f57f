using Lifeline.Testing;

namespace Lifeline.EndToEnd.Tests.Proxy;

/// <summary>Per-trunk limits: a trunk with all its channels in use overflows new calls to the next trunk.</summary>
[Collection(ProxyCollection.Name)]
public sealed class ProxyCapacityTests
{
    [Fact]
    public async Task Invite_PrimaryAtMaxCalls_OverflowsToTheBackupAndTheTrunkStaysUp()
    {
        using var primary = SippCarrier.Start("primary", ProxyScenario.Path("carrier-answers.xml"));
        using var backup = SippCarrier.Start("backup", ProxyScenario.Path("carrier-answers.xml"));
        using var rig = await ProxyRig.StartAsync($"""
            trunks:
              - name: primary
                gateways: [ "{primary.Uri}" ]
                priority: 1
                limits:
                  max_calls: 2
              - name: backup
                gateways: [ "{backup.Uri}" ]
                priority: 2
            """, [primary, backup]);

        // 8 calls placed within a second, each held 10 s: all 8 are up at once, and the primary may carry 2.
        var result = await SippDialer.RunAsync(
            ProxyScenario.Path("dialer.xml"), rig.ProxyPort, new SippDialerOptions { Calls = 8, Rate = 10, Hold = TimeSpan.FromSeconds(10) }, TimeSpan.FromMinutes(3));

        var detail = result.Describe() + rig.Describe();
        result.Successful.ShouldBe(8, "a full trunk is no reason to fail a call\n" + detail);
        var atPrimary = primary.Trace().CallsReceiving("INVITE");
        var atBackup = backup.Trace().CallsReceiving("INVITE");
        atPrimary.Count.ShouldBe(2, "the primary carries its 2 channels' worth, no more and no fewer\n" + detail);
        atBackup.Count.ShouldBe(6, "the rest overflows to the backup\n" + detail);
        atPrimary.Overlaps(atBackup).ShouldBeFalse("an overflowing call is not offered to the full trunk first");
        primary.Trace().CallsReceiving("BYE").ShouldBe(atPrimary, ignoreOrder: true, detail);
        backup.Trace().CallsReceiving("BYE").ShouldBe(atBackup, ignoreOrder: true, detail);
        (await rig.TrunkHealthAsync("primary")).ShouldBe("Up", "a full trunk is not a failing trunk");
    }
}
