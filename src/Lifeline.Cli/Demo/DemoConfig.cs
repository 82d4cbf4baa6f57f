using System.Globalization;
using System.Text;
using Lifeline.Config;

namespace Lifeline.Cli.Demo;

/// <summary>
/// The configuration the demo runs under, written as an operator would write it and read by the real
/// <see cref="ConfigLoader"/>: one trunk per simulated gateway (the dying one first, the steady one as its backup),
/// a proxy on a free loopback port that takes calls from 127.0.0.1 only, no journal, no call records on disk.
/// Everything else is Lifeline's default.
/// </summary>
internal static class DemoConfig
{
    /// <summary>
    /// A trunk's priority for a gateway's story: the gateway that dies is the primary (1), the steady one its backup
    /// (2); the lossy and flapping ones come after, so they carry calls only if both are out.
    /// </summary>
    public static int PriorityOf(DemoScriptKind kind) => kind switch
    {
        DemoScriptKind.DiesAndComesBack => 1,
        DemoScriptKind.Steady => 2,
        DemoScriptKind.Lossy => 3,
        _ => 4,
    };

    /// <summary>The YAML for <paramref name="gateways"/> (name, URI, story), the proxy listening on <paramref name="proxyListen"/>.</summary>
    public static string Yaml(IEnumerable<(string Name, string Uri, DemoScriptKind Kind)> gateways, string proxyListen)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("# lifeline demo: generated, Lifeline's defaults for everything not written here");
        yaml.AppendLine("proxy:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  listen: [ \"{proxyListen}\" ]");
        yaml.AppendLine("  allow: [ 127.0.0.1/32 ]");
        yaml.AppendLine("  cdr: { enabled: false }");
        yaml.AppendLine("trunks:");
        foreach (var (name, uri, kind) in gateways)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  - name: {name}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    gateways: [ \"{uri}\" ]");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    priority: {PriorityOf(kind)}");
        }

        return yaml.ToString();
    }

    /// <summary>Loads the configuration for <paramref name="gateways"/>; the loader's errors, if any, say what is wrong.</summary>
    public static ConfigLoadResult Load(IEnumerable<DemoGateway> gateways, string proxyListen) =>
        ConfigLoader.LoadFromString(
            Yaml(gateways.Select(g => (g.Script.Name, g.Uri, g.Script.Kind)), proxyListen),
            "demo",
            static _ => null);
}
