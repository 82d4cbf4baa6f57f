using Lifeline.Config;

namespace Lifeline.Probing;

/// <summary>
/// Settings of the probing engine as a whole (per-trunk settings are in <see cref="ProbeSettings"/>; intervals and
/// timeouts come from the health board). The defaults suit anything from a handful of gateways to 100,000.
/// </summary>
internal sealed record ProbingOptions
{
    /// <summary>Global cap on OPTIONS probes started per second (<c>probing.max_rate</c>). When it binds, probes wait their turn in due order.</summary>
    public double MaxRate { get; init; } = 50;

    /// <summary>
    /// How often the scheduler loop wakes. Probes are started at most this late, timeouts fire at most this late;
    /// 10 ms is 100 wake-ups a second whatever the number of targets.
    /// </summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>A probe started more than this after it was due counts as late (<c>lifeline.probe.late</c>).</summary>
    public TimeSpan LateAfter { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often a disabled target is looked at again (it is not probed while disabled).</summary>
    public TimeSpan DisabledRecheck { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a CRLF ping waits for its pong (RFC 5626 section 4.4.1: 10 s).</summary>
    public TimeSpan PongTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait for an RFC 3263 lookup of a gateway's domain before the probe counts as failed.</summary>
    public TimeSpan ResolveTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A gateway given by domain is looked up again after this long (and after any failed probe).</summary>
    public TimeSpan ResolveInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Most UDP gateways probed from a connected socket of their own, which is what lets Linux report an ICMP port
    /// unreachable as a refusal (an unconnected socket never sees it). Up to this many gateways all have one; beyond
    /// it, only failing gateways do (a refusal then ends their misses early), and healthy ones share one socket.
    /// </summary>
    public int DedicatedUdpSockets { get; init; } = 256;

    /// <summary>Up to this many targets, per-target probe counters are exported too (label <c>target</c>); above it only per-trunk ones.</summary>
    public int PerTargetMetricsLimit { get; init; } = 1000;

    /// <summary>Local address of the shared UDP probe socket (and of its IPv6 twin when this is 0.0.0.0); port 0 = any free port.</summary>
    public string UdpListen { get; init; } = "udp:0.0.0.0:0";

    /// <summary>Local address of the TCP transport probes and CRLF pings use (and of its IPv6 twin when this is 0.0.0.0).</summary>
    public string TcpListen { get; init; } = "tcp:0.0.0.0:0";

    /// <summary>The engine settings of a loaded configuration (<c>probing.max_rate</c> is top-level only).</summary>
    public static ProbingOptions FromConfig(LifelineConfig config) => new() { MaxRate = config.Probing.MaxRate };

    /// <summary>Problems with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(MaxRate > 0) || double.IsInfinity(MaxRate))
        {
            errors.Add("probing.max_rate must be a positive number of probes per second");
        }

        if (Tick <= TimeSpan.Zero || Tick > TimeSpan.FromSeconds(1))
        {
            errors.Add("the probe scheduler tick must be above 0 and at most 1 s");
        }

        if (LateAfter < TimeSpan.Zero || DisabledRecheck <= TimeSpan.Zero || PongTimeout <= TimeSpan.Zero
            || ResolveTimeout <= TimeSpan.Zero || ResolveInterval <= TimeSpan.Zero)
        {
            errors.Add("probe scheduler durations must be positive");
        }

        if (DedicatedUdpSockets < 0 || PerTargetMetricsLimit < 0)
        {
            errors.Add("probe limits must not be negative");
        }

        return errors;
    }
}
