namespace Lifeline.Config;

/// <summary>
/// <c>probing:</c> — SIP OPTIONS keepalives. The top-level section holds the defaults; a trunk's own
/// <c>probing:</c> overrides any of them (see <see cref="TrunkConfig.EffectiveProbing"/>).
/// </summary>
internal sealed record ProbingConfig
{
    public static ProbingConfig Default { get; } = new();

    /// <summary>False for carriers that ignore OPTIONS: health then comes from calls alone.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Time between probes while the target is Up.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Time between probes while Suspect, Down or Recovering.</summary>
    public TimeSpan FastInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A probe's own timeout: <c>auto</c> = about 3× smoothed RTT, within [floor, cap].</summary>
    public TimeoutSetting Timeout { get; init; } = TimeoutSetting.Auto;

    public TimeSpan TimeoutCap { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan TimeoutFloor { get; init; } = TimeSpan.FromMilliseconds(200);

    public ProbeTransport Transport { get; init; } = ProbeTransport.Auto;

    /// <summary>User part of the From URI of probes.</summary>
    public string FromUser { get; init; } = "lifeline";

    /// <summary>Host part of the From URI; null = the probed gateway's host.</summary>
    public string? FromDomain { get; init; }

    /// <summary>Responses that prove the gateway alive; any response by default.</summary>
    public StatusCodeSet AliveCodes { get; init; } = StatusCodeSet.Any;

    /// <summary>Global cap on probes sent per second (top level only).</summary>
    public double MaxRate { get; init; } = 1000;

    /// <summary>CRLF keepalive interval on TCP connections (RFC 5626); null = off.</summary>
    public TimeSpan? CrlfKeepalive { get; init; } = TimeSpan.FromSeconds(30);
}
