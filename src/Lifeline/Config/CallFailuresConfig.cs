namespace Lifeline.Config;

/// <summary>
/// <c>health.call_failures:</c> — how live call outcomes count for a gateway's health. A carrier
/// failure (a code in the trunk's <c>failover_codes</c>, no answer in time, a transport error) is a
/// failure signal; calls outrank probes, so a trunk that answers OPTIONS but fails calls still goes Down.
/// </summary>
internal sealed record CallFailuresConfig
{
    public static CallFailuresConfig Default { get; } = new();

    /// <summary>False: only probes decide health.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Consecutive carrier-failed calls that mark the gateway Down without waiting for a probe.</summary>
    public int DownAfter { get; init; } = 5;

    /// <summary>Window of the call failure ratio.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Carrier-failure share of calls in the window at or above which the gateway goes Down.</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Fewer calls than this in the window never decide by ratio.</summary>
    public int MinCalls { get; init; } = 10;

    /// <summary>Answered calls and callee results count as successes (toward recovery and against the ratio).</summary>
    public bool SuccessesCount { get; init; } = true;

    /// <summary>
    /// Whether a call outcome goes to the health board under these rules: off means only probes decide, and with
    /// <see cref="SuccessesCount"/> false calls can fail a gateway but never prove it healthy.
    /// </summary>
    public bool Counts(in Health.Signal signal) => signal.Kind != Health.SignalKind.Call || (Enabled && (signal.IsFailure || SuccessesCount));
}
