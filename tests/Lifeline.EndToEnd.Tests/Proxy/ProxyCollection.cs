namespace Lifeline.EndToEnd.Tests.Proxy;

/// <summary>
/// The proxy's end-to-end tests run one at a time, after the other test collections: each starts
/// <c>lifeline run</c> and several sipp processes, and the failover test measures post-dial delay, which a
/// neighbour test's load on a 2-core machine would distort.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProxyCollection
{
    public const string Name = "Proxy end-to-end";
}
