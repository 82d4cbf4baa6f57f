using Lifeline.Config;

namespace Lifeline.Probing;

/// <summary>
/// How one trunk's gateways are probed (its resolved <c>probing:</c> section). Shared by the trunk's targets.
/// Intervals and timeouts are not here: the health board gives them per target and per health state.
/// </summary>
internal sealed record ProbeSettings
{
    public static ProbeSettings Default { get; } = new();

    /// <summary><c>auto</c> follows the gateway URI (<c>;transport=tcp</c>, or what RFC 3263 finds), else UDP.</summary>
    public ProbeTransport Transport { get; init; } = ProbeTransport.Auto;

    /// <summary>User part of the probes' From URI.</summary>
    public string FromUser { get; init; } = "lifeline";

    /// <summary>Host part of the From URI; null = the gateway's host.</summary>
    public string? FromDomain { get; init; }

    /// <summary>Responses that prove the gateway alive; others are failures (<see cref="Health.Signal.ProbeRejected"/>).</summary>
    public StatusCodeSet AliveCodes { get; init; } = StatusCodeSet.Any;

    /// <summary>RFC 5626 CRLF ping interval on TCP connections; null = off.</summary>
    public TimeSpan? CrlfKeepalive { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The settings of a trunk's resolved <c>probing:</c> section.</summary>
    public static ProbeSettings FromConfig(ProbingConfig probing) => new()
    {
        Transport = probing.Transport,
        FromUser = probing.FromUser,
        FromDomain = probing.FromDomain,
        AliveCodes = probing.AliveCodes,
        CrlfKeepalive = probing.CrlfKeepalive,
    };
}
