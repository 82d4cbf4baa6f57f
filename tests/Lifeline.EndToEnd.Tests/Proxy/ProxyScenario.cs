namespace Lifeline.EndToEnd.Tests.Proxy;

/// <summary>The sipp scenario files of the proxy tests (Scenarios/, copied next to the test assembly).</summary>
internal static class ProxyScenario
{
    public static string Path(string file) => System.IO.Path.Combine(AppContext.BaseDirectory, "Scenarios", file);
}
