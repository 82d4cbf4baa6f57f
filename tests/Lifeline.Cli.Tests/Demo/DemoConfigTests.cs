using Lifeline.Cli.Demo;
using Lifeline.Monitoring;

namespace Lifeline.Cli.Tests.Demo;

public sealed class DemoConfigTests
{
    private static readonly (string Name, string Uri, DemoScriptKind Kind)[] Gateways =
    [
        ("steady", "sip:127.0.0.1:40001", DemoScriptKind.Steady),
        ("dies", "sip:127.0.0.1:40002", DemoScriptKind.DiesAndComesBack),
        ("lossy", "sip:127.0.0.1:40003", DemoScriptKind.Lossy),
        ("flapping", "sip:127.0.0.1:40004", DemoScriptKind.Flapping),
    ];

    [Fact]
    public void Yaml_StandardGateways_LoadsWithTheDyingTrunkFirstAndTheSteadyOneAsItsBackup()
    {
        var yaml = DemoConfig.Yaml(Gateways, "udp:127.0.0.1:45060");

        var loaded = Lifeline.Config.ConfigLoader.LoadFromString(yaml, "demo", _ => null);

        loaded.IsSuccess.ShouldBeTrue(loaded.ToString() + "\n" + yaml);
        var config = loaded.Config;
        config.Trunks.OrderBy(t => t.Priority).Select(t => t.Name).ShouldBe(["dies", "steady", "lossy", "flapping"]);
        config.Trunks.Single(t => t.Name == "dies").Gateways.ShouldBe(["sip:127.0.0.1:40002"]);
        config.Proxy.ShouldNotBeNull();
        config.Proxy.Listen.Single().ToString().ShouldBe("udp:127.0.0.1:45060");
        config.Proxy.Allow.Single().ToString().ShouldBe("127.0.0.1/32");
        config.Proxy.Cdr.Enabled.ShouldBeFalse("the demo writes no journal");
        config.Proxy.Cdr.Path.ShouldBeNull();
    }

    [Fact]
    public void Yaml_StandardGateways_TargetIdsAreTrunkSlashGateway()
    {
        var loaded = Lifeline.Config.ConfigLoader.LoadFromString(DemoConfig.Yaml(Gateways, "udp:127.0.0.1:45060"), "demo", _ => null);
        loaded.IsSuccess.ShouldBeTrue(loaded.ToString());

        var catalog = TargetCatalog.FromConfig(loaded.Config);

        catalog.Catalog.ShouldNotBeNull();
        catalog.Catalog.Watched.Select(t => t.Id).ShouldBe(
            ["steady/sip:127.0.0.1:40001", "dies/sip:127.0.0.1:40002", "lossy/sip:127.0.0.1:40003", "flapping/sip:127.0.0.1:40004"]);
    }
}
