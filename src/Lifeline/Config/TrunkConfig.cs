namespace Lifeline.Config;

/// <summary>
/// <c>trunks[]:</c> — a route to one carrier. <see cref="EffectiveProbing"/> and
/// <see cref="EffectiveHealth"/> are already resolved: the top-level defaults with this trunk's overrides applied.
/// </summary>
internal sealed record TrunkConfig
{
    /// <summary>Unique name, [a-z0-9_-], used in routes, the API, the journal and metrics.</summary>
    public required string Name { get; init; }

    /// <summary>sip: or sips: URIs, as written (parsed by the SIP layer).</summary>
    public required IReadOnlyList<string> Gateways { get; init; }

    /// <summary>Lower is tried first among trunks of equal cost.</summary>
    public int Priority { get; init; } = 100;

    public bool Enabled { get; init; } = true;

    public required ProbingConfig EffectiveProbing { get; init; }

    public required HealthConfig EffectiveHealth { get; init; }

    public RegistrationConfig? Registration { get; init; }

    public AuthConfig? Auth { get; init; }

    public LimitsConfig Limits { get; init; } = LimitsConfig.Unlimited;

    public RateTable Rates { get; init; } = RateTable.Empty;

    /// <summary>Final responses that are the carrier's fault: try the next trunk, count against health.</summary>
    public StatusCodeSet FailoverCodes { get; init; } = StatusCodeSet.DefaultFailover;

    /// <summary>Longest time from INVITE to a final response; null = no limit (the dialer's own timeout applies).</summary>
    public TimeSpan? RingLimit { get; init; }

    /// <summary>
    /// Longest time from INVITE to ringing (a 180/183) or a final response before the attempt counts as a carrier
    /// failure and the call moves on: a carrier that sends 100 Trying and then nothing has failed the call, not the
    /// callee. Null = off (only <see cref="RingLimit"/> and the dialer's own timeout apply).
    /// </summary>
    public TimeSpan? ProgressTimeout { get; init; } = DefaultProgressTimeout;

    /// <summary>The default <see cref="ProgressTimeout"/>: long enough for the post-dial delay of most routes.</summary>
    public static readonly TimeSpan DefaultProgressTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Longest time from INVITE to the first provisional response before trying the next trunk.</summary>
    public TimeoutSetting InviteTimeout { get; init; } = TimeoutSetting.Auto;

    /// <summary>Whether a failure after 180/183 may still move the call to the next trunk.</summary>
    public bool FailoverAfterRinging { get; init; }
}
