using Lifeline.Monitoring;

namespace Lifeline.Tests.Monitoring;

public sealed class TargetCatalogTests
{
    [Fact]
    public void FromConfig_Gateways_TargetIdsAreTrunkSlashUriAndDisabledTrunksAreNotWatched()
    {
        var config = TestConfig.Load("""
            trunks:
              - { name: primary, gateways: [ "sip:192.0.2.1:5060", "sip:192.0.2.2:5060;transport=tcp" ] }
              - { name: spare, gateways: [ "sip:192.0.2.3" ], enabled: false }
            """);

        var result = TargetCatalog.FromConfig(config);

        result.IsSuccess.ShouldBeTrue();
        var catalog = result.Catalog!;
        catalog.Trunks.Select(t => t.Name).ShouldBe(["primary", "spare"]);
        catalog.Watched.Select(t => t.Id).ShouldBe(["primary/sip:192.0.2.1:5060", "primary/sip:192.0.2.2:5060;transport=tcp"]);
        catalog.Find("spare/sip:192.0.2.3").ShouldNotBeNull().Trunk.Name.ShouldBe("spare");
        catalog.IsWatched("spare/sip:192.0.2.3").ShouldBeFalse();
        catalog.IsWatched("primary/sip:192.0.2.1:5060").ShouldBeTrue();
        catalog.Find("nope").ShouldBeNull();
        catalog.FindTrunk("spare").ShouldNotBeNull().Watched.ShouldBeFalse();
    }
}
