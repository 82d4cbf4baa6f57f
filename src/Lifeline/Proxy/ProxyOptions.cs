using System.Net;
using Lifeline.Config;

namespace Lifeline.Proxy;

/// <summary>The proxy's settings as the call path reads them.</summary>
internal sealed record ProxyOptions
{
    /// <summary>Sources that may send calls out (the dialers); see <see cref="ProxyConfig.Allow"/>.</summary>
    public required IReadOnlyList<IPNetwork> Allow { get; init; }

    /// <summary>Add a Record-Route so in-dialog requests come back through the proxy.</summary>
    public bool RecordRoute { get; init; } = true;

    /// <summary>Max-Forwards put on forwarded requests that arrived without one.</summary>
    public int MaxForwards { get; init; } = 70;

    /// <summary>At most one warning per refused source per this interval.</summary>
    public TimeSpan ForbiddenLogInterval { get; init; } = TimeSpan.FromMinutes(1);

    public static ProxyOptions FromConfig(ProxyConfig config) => new()
    {
        Allow = config.Allow,
        RecordRoute = config.RecordRoute,
        MaxForwards = config.MaxForwards,
    };

    /// <summary>Whether <paramref name="address"/> is in <see cref="Allow"/>.</summary>
    public bool IsAllowed(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in Allow)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
