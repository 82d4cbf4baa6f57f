namespace Lifeline.Health;

/// <summary>How a Down target proves itself before it takes full traffic again.</summary>
internal sealed record RecoveryOptions
{
    /// <summary>Successes in a row needed before Recovering becomes Up. Default 3.</summary>
    public int Successes { get; init; } = 3;

    /// <summary>Minimum time in Recovering before Up (the ramp spreads over it). Default 10 s.</summary>
    public TimeSpan StableTime { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Failures in a row, of probes or of calls (counted apart), that send a Recovering target back to Down.
    /// Default 3: over the ~10 probes of a recovery at 10% loss, one failure would relapse 65% of recoveries and two
    /// in a row 8% (and two relapses get the gateway damped); three in a row relapse 0.8%, and a gateway that really
    /// dies again is back in Down within about 3 s.
    /// </summary>
    public int RelapseAfter { get; init; } = 3;

    /// <summary>
    /// Share of new calls a Recovering target gets, in equal steps over <see cref="StableTime"/>; Up is 100%.
    /// Default 10%, 25%, 50% (then 100% at Up). A plain array so config loaders can fill it; treat it as read-only.
    /// </summary>
    public double[] RampSteps { get; init; } = [0.10, 0.25, 0.50];

    /// <summary>
    /// How long a target that went Down because its calls failed ignores successful probes: a trunk that answers
    /// OPTIONS but fails calls must not come back on probes alone. An answered call ends the hold at once. Default 60 s.
    /// </summary>
    public TimeSpan CallHoldTime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The share of new calls for a target that has been Recovering for <paramref name="elapsed"/>.</summary>
    public double ShareAfter(TimeSpan elapsed)
    {
        var steps = RampSteps;
        if (steps.Length == 0)
        {
            return 1.0;
        }

        if (elapsed <= TimeSpan.Zero || StableTime <= TimeSpan.Zero)
        {
            return steps[0];
        }

        if (elapsed >= StableTime)
        {
            return steps[^1];
        }

        // Whole ticks, so the step changes exactly at StableTime × i / steps (no floating-point drift at the edges).
        var index = elapsed.Ticks * steps.Length / StableTime.Ticks;
        return steps[(int)index];
    }
}
