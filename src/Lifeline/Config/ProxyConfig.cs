using System.Net;

namespace Lifeline.Config;

/// <summary><c>proxy:</c> — the failover proxy between the dialer and the carriers. Absent = no proxy.</summary>
internal sealed record ProxyConfig
{
    public IReadOnlyList<ProxyListen> Listen { get; init; } = [new(ListenTransport.Udp, new IPEndPoint(IPAddress.Loopback, 5060))];

    /// <summary>Sources allowed to send calls through the proxy. Required: an open relay is toll fraud.</summary>
    public required IReadOnlyList<IPNetwork> Allow { get; init; }

    public bool RecordRoute { get; init; } = true;

    /// <summary>Max-Forwards put on requests that arrive without one.</summary>
    public int MaxForwards { get; init; } = 70;

    public IReadOnlyList<NormalizeRule> Normalize { get; init; } = [];

    public IReadOnlyList<RoutePin> Routes { get; init; } = [];

    public CdrConfig Cdr { get; init; } = CdrConfig.Default;
}
