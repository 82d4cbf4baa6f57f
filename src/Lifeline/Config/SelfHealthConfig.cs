namespace Lifeline.Config;

/// <summary>
/// <c>self_health:</c> — when to suspect the local machine before blaming carriers: if most targets
/// fail at once, or Lifeline's own timers run late, the fault is probably here.
/// </summary>
internal sealed record SelfHealthConfig
{
    public static SelfHealthConfig Default { get; } = new();

    /// <summary>Share of targets failing within <see cref="Window"/> that points at the local machine.</summary>
    public double AllFailedShare { get; init; } = 0.8;

    /// <summary>Fewer targets than this never trigger the rule.</summary>
    public int MinTargets { get; init; } = 2;

    /// <summary>Failures this close together count as "at once".</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A timer firing later than this means the process (or machine) is stalled.</summary>
    public TimeSpan TimerLateness { get; init; } = TimeSpan.FromMilliseconds(500);
}
